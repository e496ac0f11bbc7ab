package bench

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
)

func TestPercentileAndMedian(t *testing.T) {
	ds := []time.Duration{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{0, 1}, {10, 1}, {50, 5}, {90, 9}, {99, 10}, {100, 10}} {
		if got := percentile(ds, tc.p); got != tc.want {
			t.Errorf("percentile(%v)=%v, want %v", tc.p, got, tc.want)
		}
	}
	if got, want := median([]time.Duration{3, 1, 2}), time.Duration(2); got != want {
		t.Errorf("median=%v, want %v", got, want)
	}
	if got, want := median([]time.Duration{4, 1, 2, 3}), time.Duration(2); got != want {
		t.Errorf("median of four=%v, want %v", got, want)
	}
	if got, want := medianF([]float64{3, 1, 2}), 2.0; got != want {
		t.Errorf("medianF=%v, want %v", got, want)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{dur(123 * time.Microsecond), "0.123 ms"},
		{dur(4567 * time.Microsecond), "4.57 ms"},
		{dur(45670 * time.Microsecond), "45.7 ms"},
		{dur(456 * time.Millisecond), "456 ms"},
		{dur(1234 * time.Millisecond), "1.23 s"},
		{count(999), "999"},
		{count(15000), "15,000"},
		{count(1234567.4), "1,234,567"},
		{mb(37_200_000), "37.2 MB"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseVmRSS(t *testing.T) {
	n, err := parseVmRSS([]byte("Name:\txephang\nVmPeak:\t 100 kB\nVmRSS:\t   32644 kB\nRssAnon:\t 1 kB\n"))
	if err != nil || n != 32644<<10 {
		t.Fatalf("parseVmRSS=%d, %v; want %d", n, err, 32644<<10)
	}
	if _, err := parseVmRSS([]byte("Name:\tx\n")); err == nil {
		t.Fatal("no VmRSS line: want an error")
	}
}

// TestLoadAgainstNoop runs the closed and the open loop briefly against
// the no-op floor, in this process.
func TestLoadAgainstNoop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveNoop(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	url := "http://" + ln.Addr().String() + "/api/v1/tickets"
	res, err := closedLoop(ctx, url, 4, 20*time.Millisecond, 100*time.Millisecond, os.Getpid())
	if err != nil || res.rate <= 0 || res.acked <= 0 {
		t.Fatalf("closedLoop=%+v, %v", res, err)
	}
	lat, err := openLoop(ctx, url, 200, 20*time.Millisecond, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(lat) != 20 {
		t.Errorf("%d latencies, want 20 (200/s for 100 ms)", len(lat))
	}
	rtt, err := wsRoundTrips(ctx, ln.Addr().String(), 10)
	if err != nil || len(rtt) != 10 {
		t.Fatalf("wsRoundTrips=%v, %v", rtt, err)
	}
	// The boards' anchor: every message reaches every client, and the
	// clients that leave are forgotten.
	fan, err := bareFanout(ctx, ln.Addr().String(), 20, 3, []byte(`{"type":"call","seq":1}`))
	if err != nil || len(fan) != 60 {
		t.Fatalf("bareFanout: %d deliveries, %v; want 60", len(fan), err)
	}
	if fan, err = bareFanout(ctx, ln.Addr().String(), 5, 2, []byte(`{}`)); err != nil || len(fan) != 10 {
		t.Fatalf("bareFanout again: %d deliveries, %v; want 10", len(fan), err)
	}
}

// TestCountTickets checks the durability check on a store with a gap-free
// day and on an imported history.
func TestCountTickets(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := bolt.Open(path, bolt.Options{AlwaysOpen: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if _, err := s.Issue(ctx, queue.IssueRequest{ServiceID: queue.DefaultServices()[i%3].ID}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	n, ok, err := countTickets(ctx, path)
	if err != nil || n != 12 || !ok {
		t.Fatalf("countTickets=%d, %v, %v; want 12, true", n, ok, err)
	}

	hist := filepath.Join(t.TempDir(), "h.db")
	from, to, err := fillHistory(ctx, hist, 3, 20)
	if err != nil {
		t.Fatal(err)
	}
	if from >= to {
		t.Errorf("history from %s to %s", from, to)
	}
	n, ok, err = countTickets(ctx, hist)
	if err != nil || n != 60 || !ok {
		t.Fatalf("countTickets(history)=%d, %v, %v; want 60, true", n, ok, err)
	}
}

// TestConnReadsEveryFraming: the load client's connection reads answers
// with a length, chunked answers and error answers, one after another on
// one keep-alive connection.
func TestConnReadsEveryFraming(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch string(body) {
		case "chunked":
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("first,"))
			w.(http.Flusher).Flush()
			w.Write([]byte("second"))
		case "bad":
			http.Error(w, "no such service", http.StatusNotFound)
		default:
			w.WriteHeader(http.StatusCreated)
			w.Write(body)
		}
	}))
	t.Cleanup(srv.Close)
	tg, err := parseTarget(srv.URL + "/api/v1/tickets")
	if err != nil {
		t.Fatal(err)
	}
	c, err := dial(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	for range 2 {
		if err := c.post(tg, []byte(`{"service_id":"dat-dai"}`), http.StatusCreated); err != nil {
			t.Fatalf("length: %v", err)
		}
		if err := c.post(tg, []byte("chunked"), http.StatusCreated); err != nil {
			t.Fatalf("chunked: %v", err)
		}
		err := c.post(tg, []byte("bad"), http.StatusCreated)
		if err == nil || !strings.Contains(err.Error(), "404 no such service") {
			t.Fatalf("error answer: %v, want the status and body", err)
		}
	}
	if _, err := parseTarget("https://example.org/x"); err == nil {
		t.Error("parseTarget accepted https")
	}
}

// TestSampleWriter reads the writer's counters from a real app's /metrics
// and turns two samples into the figures of a run.
func TestSampleWriter(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	ctx := context.Background()
	a, err := sampleWriter(ctx, app.URL)
	if err != nil {
		t.Fatal(err)
	}
	res, err := closedLoop(ctx, app.URL+"/api/v1/tickets", 4, 0, 100*time.Millisecond, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sampleWriter(ctx, app.URL)
	if err != nil {
		t.Fatal(err)
	}
	// A request in flight when the loop stopped may be counted too.
	if got := b.requests - a.requests; got < float64(res.acked) || got > float64(res.acked+4) {
		t.Errorf("%v requests counted, %d tickets answered by 4 clients", got, res.acked)
	}
	w := between(a, b)
	if w.perCommit < 1 || w.busy <= 0 || w.busy > 1 || w.commit <= 0 || w.write <= 0 || w.write > w.commit || w.pages < 1 {
		t.Errorf("between=%+v", w)
	}
	if _, err := sampleWriter(ctx, app.URL+"/nothing"); err == nil {
		t.Error("a page without the counters read as /metrics")
	}
}

// TestServeUnsynced runs the ceiling's server (the real app without
// fsync) in this process: it answers the same kiosk load, and a clean
// stop leaves every answered ticket in the file, gap-free.
func TestServeUnsynced(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "unsynced.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- serveUnsynced(ctx, ln, path) }()
	res, err := closedLoop(ctx, "http://"+ln.Addr().String()+"/api/v1/tickets", 4, 0, 100*time.Millisecond, 0)
	if err != nil || res.acked <= 0 {
		t.Fatalf("closedLoop=%+v, %v", res, err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	n, ok, err := countTickets(context.Background(), path)
	if err != nil || n < res.acked || !ok {
		t.Fatalf("countTickets=%d, %v, %v; want ≥ %d answered, gap-free", n, ok, err, res.acked)
	}
	if err := serveUnsynced(context.Background(), ln, path); err == nil {
		t.Error("serving on a closed listener: want an error")
	}
}

// TestMainHelperExitCodes: a helper command with wrong flags exits 2 and
// says why; one that fails exits 1.
func TestMainHelperExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"unsynced"}, 2, "xephang-bench unsynced: usage: -data is required"},
		{[]string{"noop", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"noop", "-addr", "256.0.0.1:1"}, 1, "xephang-bench noop:"},
		{[]string{"load", "-url", "https://example.org/x", "-duration", "1ms"}, 1, "want http://host:port/path"},
	} {
		var out, errOut strings.Builder
		code := Main(context.Background(), tc.args, strings.NewReader(""), &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.says) {
			t.Errorf("Main(%q)=%d, stderr %q; want %d and %q", tc.args, code, errOut.String(), tc.code, tc.says)
		}
	}
}
