package kiosk

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xephang/bolt"
	"xephang/internal/pdftest"
	"xephang/internal/testutil"
	"xephang/queue"
)

// syncBuffer is a log sink the test reads while the printer writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually is testutil.Eventually, for the internal tests (and, through
// export_test.go, the HTTP tests) of this package.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testutil.Eventually(t, what, cond)
}

type printFixture struct {
	h     *Handler
	store *bolt.Store
	log   *syncBuffer
	ctx   context.Context
}

// newPrintFixture is a kiosk handler over a fresh store that prints with
// cmd; its print loop runs until the test ends.
func newPrintFixture(t *testing.T, cmd string, run bool) *printFixture {
	t.Helper()
	store, err := bolt.Open(filepath.Join(t.TempDir(), "x.db"), bolt.Options{AlwaysOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h := New(store, "http://kiosk.test")
	loop := h.PrintWith(cmd, slog.New(slog.NewTextHandler(logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	if run {
		wg.Add(1)
		go func() { defer wg.Done(); loop(ctx) }()
	}
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		store.Close()
	})
	return &printFixture{h: h, store: store, log: logs, ctx: ctx}
}

func (f *printFixture) issue(t *testing.T) queue.TicketInfo {
	t.Helper()
	ti, err := f.store.Issue(context.Background(), queue.IssueRequest{ServiceID: "dat-dai"})
	if err != nil {
		t.Fatal(err)
	}
	return ti
}

func TestPrinter(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		// Each print writes its own file: $$ is the shell's pid.
		f := newPrintFixture(t, `sh -c 'cat > "$1/$$.pdf"' sh `+dir, true)
		var numbers []string
		for range 2 {
			ti := f.issue(t)
			numbers = append(numbers, ti.Number)
			f.h.printer.enqueue(ti, "http://kiosk.test")
		}
		var files []string
		eventually(t, "two printed tickets", func() bool {
			files, _ = filepath.Glob(filepath.Join(dir, "*.pdf"))
			return len(files) == 2 && strings.Count(f.log.String(), "ticket printed") == 2
		})
		var got []string
		for _, name := range files {
			pdf, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("%%EOF")) {
				t.Fatalf("%s is not a whole PDF (%d bytes)", name, len(pdf))
			}
			lines := pdftest.Text(t, pdf)
			if !slices.Contains(lines, "Đất đai") {
				t.Errorf("printed ticket lacks its service:\n%s", strings.Join(lines, "\n"))
			}
			for _, n := range numbers {
				if slices.Contains(lines, n) {
					got = append(got, n)
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, numbers) {
			t.Errorf("printed %v, want %v", got, numbers)
		}
	})

	t.Run("CommandFails", func(t *testing.T) {
		f := newPrintFixture(t, `sh -c 'cat >/dev/null; echo "out of paper" >&2; exit 3'`, true)
		ti := f.issue(t)
		f.h.printer.enqueue(ti, "http://kiosk.test")
		eventually(t, "the failure logged", func() bool {
			s := f.log.String()
			return strings.Contains(s, "print ticket failed") && strings.Contains(s, "out of paper") &&
				strings.Contains(s, "number="+ti.Number)
		})
		// The ticket is still there, waiting.
		got, err := f.store.TicketByToken(context.Background(), ti.Token)
		if err != nil || got.Status != queue.StatusWaiting {
			t.Fatalf("ticket after a failed print: %v %v", got.Status, err)
		}
	})

	t.Run("Timeout", func(t *testing.T) {
		f := newPrintFixture(t, "sleep 30", false)
		f.h.printer.timeout = 100 * time.Millisecond
		ti := f.issue(t)
		done := make(chan struct{})
		go func() {
			f.h.printer.print(f.ctx, printJob{ticket: ti, baseURL: "http://kiosk.test"})
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("a hung print command was not stopped")
		}
		if s := f.log.String(); !strings.Contains(s, "timed out") {
			t.Errorf("log does not say the print timed out:\n%s", s)
		}
	})

	t.Run("MissingCommand", func(t *testing.T) {
		f := newPrintFixture(t, "/nonexistent/lp -d TICKET", true)
		if s := f.log.String(); !strings.Contains(s, "print command not found") {
			t.Errorf("no warning at start:\n%s", s)
		}
		f.h.printer.enqueue(f.issue(t), "http://kiosk.test")
		eventually(t, "the failure logged", func() bool {
			return strings.Contains(f.log.String(), "print ticket failed")
		})
	})

	t.Run("PanicRecovered", func(t *testing.T) {
		// A ticket whose rendering panics is logged and not printed; the
		// loop goes on with the next ticket, and the process lives.
		dir := t.TempDir()
		f := newPrintFixture(t, `sh -c 'cat > "$1/$$.pdf"' sh `+dir, true)
		bad, good := f.issue(t), f.issue(t)
		render := f.h.printer.render
		f.h.printer.render = func(ctx context.Context, ti queue.TicketInfo, baseURL string) ([]byte, error) {
			if ti.Number == bad.Number {
				var table []int
				_ = table[ti.Ahead+65536] // as gofpdf did on an emoji
			}
			return render(ctx, ti, baseURL)
		}
		f.h.printer.enqueue(bad, "http://kiosk.test")
		f.h.printer.enqueue(good, "http://kiosk.test")
		eventually(t, "the next ticket printed", func() bool {
			return strings.Contains(f.log.String(), "ticket printed")
		})
		s := f.log.String()
		if !strings.Contains(s, "print ticket: panic") || !strings.Contains(s, "number="+bad.Number) ||
			!strings.Contains(s, "index out of range") {
			t.Errorf("the panic is not logged with its ticket:\n%s", s)
		}
		if files, _ := filepath.Glob(filepath.Join(dir, "*.pdf")); len(files) != 1 {
			t.Errorf("%d tickets printed, want 1 (the one that did not panic)", len(files))
		}
	})

	t.Run("QueueFull", func(t *testing.T) {
		// Nobody prints: the queue fills, and enqueue still never waits.
		f := newPrintFixture(t, "true", false)
		ti := f.issue(t)
		start := time.Now()
		for range printQueue + 3 {
			f.h.printer.enqueue(ti, "http://kiosk.test")
		}
		// A full queue that blocked would never return; the bound is only a
		// test timeout.
		if d := time.Since(start); d > testutil.EventuallyTimeout {
			t.Fatalf("enqueue waited %s", d)
		}
		if got := strings.Count(f.log.String(), "print queue full"); got != 3 {
			t.Errorf("%d tickets logged as dropped, want 3", got)
		}
	})
}

func TestSplitCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"lp -d TICKET", []string{"lp", "-d", "TICKET"}},
		{"  lp   -d\tTICKET  ", []string{"lp", "-d", "TICKET"}},
		{`sh -c 'cat > "$1"' sh /tmp/x`, []string{"sh", "-c", `cat > "$1"`, "sh", "/tmp/x"}},
		{`lp -t "Phiếu số" -o media=Custom.80x200mm`, []string{"lp", "-t", "Phiếu số", "-o", "media=Custom.80x200mm"}},
		{`a\ b "c\"d" ''`, []string{"a b", `c"d`, ""}},
		{`lp "unclosed`, []string{"lp", "unclosed"}},
		{"", nil},
	} {
		if got := splitCommand(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitCommand(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
