package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests that kill the real program (kill -9, SIGTERM) run the xephang
// binary as a subprocess. It is built once per test process, with -race
// when the tests run with it, into a temp dir that RemoveBinary deletes
// (call it from TestMain).
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Binary returns the path of the xephang binary, building it on first use.
// Under -short the test is skipped: building and running the real binary
// is not the inner loop.
func Binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real-binary test: skipped under -short")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "xephang-bin-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "xephang")
		args := []string{"build", "-o", built.path}
		if RaceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command(goTool(), append(args, "xephang")...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build xephang: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// RemoveBinary deletes the binary that Binary built, if any.
func RemoveBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// goTool is the go command: the one on PATH, else the one of the Go that
// built this test (go test sets GOROOT for it).
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	if root := os.Getenv("GOROOT"); root != "" {
		return filepath.Join(root, "bin", "go")
	}
	return "/usr/local/go/bin/go"
}

// ProcOptions tune StartProc.
type ProcOptions struct {
	// Data is the database file; empty is a new file in the test's temp dir.
	Data string
	// Addr is the address to listen on; empty is "127.0.0.1:0".
	Addr string
	// Args are more flags, such as "--schedule", "always".
	Args []string
	// Env are more KEY=VALUE environment variables. XEPHANG_ADMIN_PASSWORD
	// is AdminPassword unless set here.
	Env []string
	// NoWait returns as soon as the process started, before it listens:
	// for kills during start-up. URL is then empty.
	NoWait bool
}

// Proc is the xephang program running as a subprocess.
type Proc struct {
	URL  string // http://host:port once it listens
	Addr string // host:port
	Data string

	cmd    *exec.Cmd
	stdout LogBuffer
	stderr LogBuffer
	lines  chan string   // the "listening on" line
	done   chan struct{} // closed when the process has exited
	state  *os.ProcessState
}

var listeningRE = regexp.MustCompile(`listening on (\S+), started`)

// StartProc starts the binary (see Binary) with --data, --addr and
// --log-format json, and waits until it listens (unless o.NoWait). The
// process is killed when the test ends if it is still running; a data
// race it reported fails the test.
func StartProc(t testing.TB, o ProcOptions) *Proc {
	t.Helper()
	bin := Binary(t) // skips under -short
	if o.Data == "" {
		o.Data = filepath.Join(t.TempDir(), "xephang.db")
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	args := append([]string{"--data", o.Data, "--addr", o.Addr, "--log-format", "json"}, o.Args...)
	cmd := exec.Command(bin, args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XEPHANG_") {
			env = append(env, kv)
		}
	}
	env = append(env, "XEPHANG_ADMIN_PASSWORD="+AdminPassword)
	cmd.Env = append(env, o.Env...)
	p := &Proc{Data: o.Data, cmd: cmd, lines: make(chan string, 1), done: make(chan struct{})}
	cmd.Stderr = &p.stderr
	cmd.Stdout = &lineWriter{p: p}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		cmd.Wait()
		p.state = cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if s := p.stderr.String(); strings.Contains(s, "WARNING: DATA RACE") {
			t.Errorf("the xephang process reported a data race:\n%s", s)
		}
	})
	if o.NoWait {
		return p
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l := <-p.lines:
			if m := listeningRE.FindStringSubmatch(l); m != nil {
				p.Addr = m[1]
				p.URL = "http://" + m[1]
				return p
			}
		case <-p.done:
			t.Fatalf("xephang exited (%v) before listening:\nstdout:\n%s\nstderr:\n%s", p.state, p.stdout.String(), p.stderr.String())
		case <-deadline:
			t.Fatalf("xephang did not listen within 30 s:\nstdout:\n%s\nstderr:\n%s", p.stdout.String(), p.stderr.String())
		}
	}
}

// lineWriter is the process's standard output: kept whole, and handed
// over line by line to StartProc until it says where it listens.
type lineWriter struct {
	p       *Proc
	partial []byte
	found   bool
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.p.stdout.Write(b)
	if w.found {
		return len(b), nil
	}
	w.partial = append(w.partial, b...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(b), nil
		}
		l := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		if listeningRE.MatchString(l) {
			w.found = true
			select {
			case w.p.lines <- l:
			default:
			}
			return len(b), nil
		}
	}
}

// Kill sends SIGKILL, as a crash or `kill -9` does, and waits for the
// process to be gone.
func (p *Proc) Kill(t testing.TB) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the process outlived SIGKILL by 10 s")
	}
}

// Signal sends sig to the process.
func (p *Proc) Signal(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

// Wait waits up to timeout for the process to exit and returns its exit
// code (-1 when a signal ended it).
func (p *Proc) Wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.state.ExitCode()
	case <-time.After(timeout):
		t.Fatalf("the process did not exit within %v:\nstderr:\n%s", timeout, p.stderr.String())
		return 0
	}
}

// Exited reports whether the process has exited.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stdout returns what the process printed on standard output so far.
func (p *Proc) Stdout() string { return p.stdout.String() }

// Stderr returns its log (standard error) so far.
func (p *Proc) Stderr() string { return p.stderr.String() }
