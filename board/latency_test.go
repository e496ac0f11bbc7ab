package board_test

import (
	"bytes"
	"slices"
	"sync"
	"testing"
	"time"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/server"
)

// measureCallToBoards connects boards websocket clients to a real app and
// has an officer call calls tickets one after the other; it returns, for
// every call and every board, the time from just before the officer's
// POST .../next to the call message at the board, and for every call the
// time the POST itself took (its answer follows the commit and its fsync,
// like the message).
func measureCallToBoards(tb testing.TB, boards, calls int) (deliveries, posts []time.Duration) {
	tb.Helper()
	app := e2e.NewApp(tb, e2e.Options{
		// Every client here is on loopback, one address: lift the
		// per-address cap (its own test: server TestBoardStreamsPerAddress).
		Server: server.Config{WSPerAddr: -1},
	})
	off := app.Officer(tb)
	openCounter(tb, off, "quay-1")
	for range calls {
		off.Issue(tb, "tra-ket-qua", false)
	}
	var (
		mu   sync.Mutex
		sent time.Time
	)
	got := make(chan time.Duration, boards)
	var wg sync.WaitGroup
	for range boards {
		c := dial(tb, app)
		readMsg(tb, c) // the snapshot
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					return
				}
				if bytes.HasPrefix(data, []byte(`{"type":"call"`)) {
					mu.Lock()
					d := time.Since(sent)
					mu.Unlock()
					got <- d
				}
			}
		}()
	}
	var out, post []time.Duration
	for i := range calls {
		if i > 0 {
			off.Act(tb, "quay-1", "done")
		}
		mu.Lock()
		sent = time.Now()
		mu.Unlock()
		off.Act(tb, "quay-1", "next")
		post = append(post, time.Since(sent))
		for range boards {
			select {
			case d := <-got:
				out = append(out, d)
			case <-time.After(testutil.EventuallyTimeout):
				tb.Fatalf("call %d: only %d of %d boards got it after %v", i, len(out)%boards, boards, testutil.EventuallyTimeout)
			}
		}
	}
	return out, post
}

// percentile returns the p-th percentile (0..100) of ds, sorted in place.
func percentile(ds []time.Duration, p float64) time.Duration {
	slices.Sort(ds)
	i := int(float64(len(ds)-1) * p / 100)
	return ds[i]
}

// TestCallReachesEveryBoard checks the fan-out: every call reaches every
// connected board. How fast is BenchmarkCallToBoards' and make bench's
// business; the figures are logged.
func TestCallReachesEveryBoard(t *testing.T) {
	ds, _ := measureCallToBoards(t, 20, 10)
	if len(ds) != 200 {
		t.Fatalf("%d deliveries, want 200", len(ds))
	}
	p50, p99 := percentile(ds, 50), percentile(ds, 99)
	t.Logf("call → 20 boards: p50 %v, p99 %v", p50, p99)
}

// BenchmarkCallToBoards measures the call → board latency with 100
// connected boards, one call per iteration:
//
//	go test -run '^$' -bench CallToBoards -benchtime 200x ./board/
func BenchmarkCallToBoards(b *testing.B) {
	const boards = 100
	ds, posts := measureCallToBoards(b, boards, b.N)
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(ds, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(ds, 99)), "p99-ms")
	b.ReportMetric(ms(percentile(ds, 100)), "max-ms")
	b.ReportMetric(ms(percentile(posts, 50)), "next-p50-ms")
	b.ReportMetric(ms(percentile(posts, 99)), "next-p99-ms")
	b.Logf("%d calls × %d boards: message p50 %v p99 %v max %v; the POST itself p50 %v p99 %v", b.N, boards,
		percentile(ds, 50), percentile(ds, 99), percentile(ds, 100), percentile(posts, 50), percentile(posts, 99))
}
