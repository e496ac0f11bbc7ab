package board_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/server"
)

// hubWriteWait is the hub's write timeout (board.Options.WriteWait's
// default, which the app uses). A hub that waited for a hostile client
// would hold every call that long; a call that took it fails the test. How
// fast a call reaches the boards, with or without hostile clients, is a
// speed: make bench measures it, and this test only logs it beside the
// calm calls (10 before the hostile clients come, 10 after they go).
const hubWriteWait = 10 * time.Second

// TestStreamHostileClients connects 50 normal boards, then 200 clients
// that never read (with a 4 KiB receive buffer, so they stop the server's
// writes soon), 20 that flood garbage text and binary frames, 10 that send
// one frame far beyond the 512-byte read limit and 10 that write bytes
// that are no websocket frame at all. While they are there an officer
// makes calls: every normal board must get every call, in order, none
// held for a write timeout. When the hostile clients go, the server's
// goroutines and heap must come back to what they were before them.
// XEPHANG_LONG=1 makes 200 calls instead of 20.
func TestStreamHostileClients(t *testing.T) {
	const (
		normal    = 50
		neverRead = 200
		garbage   = 20
		huge      = 10
		raw       = 10
	)
	const calm = 10 // calls before the hostile clients come and after they go, for comparison
	calls := 20
	if os.Getenv("XEPHANG_LONG") == "1" {
		calls = 200
	}
	app := e2e.NewApp(t, e2e.Options{
		// Every client here is on loopback, one address: lift the
		// per-address cap (its own test: server TestBoardStreamsPerAddress).
		Server: server.Config{WSPerAddr: -1},
	})
	off := app.Officer(t)
	openCounter(t, off, "quay-1")
	for range 2*calm + calls + 1 {
		off.Issue(t, "tra-ket-qua", false)
	}
	off.Act(t, "quay-1", "next")

	// The normal boards record when each call arrives.
	type arrival struct {
		number string
		seq    uint64
		at     time.Time
	}
	got := make([][]arrival, normal)
	gone := make([]error, normal) // why a normal board's reader stopped
	var mu sync.Mutex
	var readers sync.WaitGroup
	boards := make([]*websocket.Conn, normal)
	for i := range normal {
		c := dial(t, app)
		readMsg(t, c)
		boards[i] = c
		got[i] = make([]arrival, 0, 2*calm+calls)
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					mu.Lock()
					gone[i] = err
					mu.Unlock()
					return
				}
				at := time.Now()
				// Only what the test needs: decoding whole boards at 50
				// readers would load the machine more than the hostiles.
				var m struct {
					Type string
					Seq  uint64
					Call *struct{ Number string }
				}
				if err := json.Unmarshal(data, &m); err != nil {
					t.Errorf("board %d: %v", i, err)
					return
				}
				if m.Type == "call" {
					mu.Lock()
					got[i] = append(got[i], arrival{m.Call.Number, m.Seq, at})
					mu.Unlock()
				}
			}
		}()
	}
	// makeCalls has the officer call n tickets and returns, for every call
	// and normal board, the time from just before the POST of next to the
	// message at the board; every board must get every call, in order.
	sent := make(map[string]time.Time, 2*calm+calls)
	made := 0
	makeCalls := func(n int) []time.Duration {
		for i := range n {
			off.Act(t, "quay-1", "done")
			start := time.Now()
			tk := off.Act(t, "quay-1", "next")
			sent[tk.Number] = start
			if i%5 == 4 {
				time.Sleep(20 * time.Millisecond) // calls come in bursts and pauses
			}
		}
		from := made
		made += n
		var missing []string // what is missing, said if the wait fails
		t.Cleanup(func() {
			if t.Failed() && len(missing) > 0 {
				t.Logf("boards short of calls: %s", strings.Join(missing, "; "))
			}
		})
		testutil.Eventually(t, "every call at every normal board", func() bool {
			mu.Lock()
			defer mu.Unlock()
			missing = missing[:0]
			for i := range got {
				if len(got[i]) < made {
					missing = append(missing, fmt.Sprintf("board %d has %d of %d (reader: %v)", i, len(got[i]), made, gone[i]))
				}
			}
			return len(missing) == 0
		})
		mu.Lock()
		defer mu.Unlock()
		lat := make([]time.Duration, 0, normal*n)
		for i, arr := range got {
			if len(arr) != made {
				t.Fatalf("board %d got %d calls, want %d", i, len(arr), made)
			}
			for k := from; k < made; k++ {
				a := arr[k]
				s, ok := sent[a.number]
				if !ok {
					t.Fatalf("board %d: call %d is %s, not one of this test's calls", i, k, a.number)
				}
				if k > 0 && a.seq <= arr[k-1].seq {
					t.Fatalf("board %d: call seq %d after %d", i, a.seq, arr[k-1].seq)
				}
				lat = append(lat, a.at.Sub(s))
			}
		}
		return lat
	}
	calmLat := makeCalls(calm)
	goBefore, heapBefore := settle(t, 0, 0, 0)

	// The hostile clients.
	var hostile []*websocket.Conn
	var hmu sync.Mutex
	keep := func(c *websocket.Conn) {
		hmu.Lock()
		hostile = append(hostile, c)
		hmu.Unlock()
	}
	smallBuf := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
			rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10) })
			return nil
		}}
		return d.DialContext(ctx, network, addr)
	}}
	for range neverRead {
		c, _, err := smallBuf.Dial(wsURL(app), nil)
		if err != nil {
			t.Fatalf("never-reading client: %v", err)
		}
		keep(c)
	}
	stopFlood := make(chan struct{})
	var flooders sync.WaitGroup
	for i := range garbage {
		c := dial(t, app)
		keep(c)
		flooders.Add(1)
		go func() {
			defer flooders.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			typ := websocket.TextMessage
			if i%2 == 1 {
				typ = websocket.BinaryMessage
			}
			buf := make([]byte, 500)
			for {
				select {
				case <-stopFlood:
					return
				case <-time.After(5 * time.Millisecond):
				}
				n := 1 + rng.IntN(len(buf))
				for k := range n {
					buf[k] = byte(rng.Uint32())
				}
				c.SetWriteDeadline(time.Now().Add(time.Second))
				if err := c.WriteMessage(typ, buf[:n]); err != nil {
					return
				}
			}
		}()
	}
	tooBig := make(chan error, huge)
	for range huge {
		c := dial(t, app)
		keep(c)
		go func() {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			c.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("x", 1<<20)))
			// The server answers with a close frame (1009) and hangs up.
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					tooBig <- err
					return
				}
			}
		}()
	}
	for i := range raw {
		c := dial(t, app)
		keep(c)
		junk := make([]byte, 256)
		rng := rand.New(rand.NewPCG(uint64(i), 2))
		for k := range junk {
			junk[k] = byte(rng.Uint32())
		}
		junk[0] = 0x8f // FIN with a reserved opcode: no valid frame
		c.NetConn().Write(junk)
	}
	closed1009 := 0
	for i := range huge {
		select {
		case err := <-tooBig:
			// A close frame 1009 (message too big), or the hang-up right
			// after it; a timeout would mean the server kept the client.
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Errorf("huge-frame client %d still connected: %v", i, err)
			}
			if websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
				closed1009++
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("huge-frame client %d still connected after 15 s", i)
		}
	}
	goDuring := runtime.NumGoroutine()

	// The calls, while the hostile clients are there.
	lat := makeCalls(calls)
	p50, p99, worst := percentile(lat, 50), percentile(lat, 99), lat[len(lat)-1]

	// The hostile clients go; the server comes back to where it was.
	close(stopFlood)
	flooders.Wait()
	for _, c := range hostile {
		c.Close()
	}
	goAfter, heapAfter := settle(t, goBefore, heapBefore, testutil.EventuallyTimeout)

	calmAfter := makeCalls(calm)
	calmP99 := max(percentile(calmLat, 99), percentile(calmAfter, 99))
	if worst >= hubWriteWait {
		t.Errorf("call → normal board with hostile clients: max %v (p99 %v, calm p99 %v): a call waited for a hostile client's write timeout (%v)",
			worst, p99, calmP99, hubWriteWait)
	}
	t.Logf("calm: %d calls to %d boards before and after, p99 %v and %v", calm, normal, percentile(calmLat, 99), percentile(calmAfter, 99))
	t.Logf("%d normal boards got all %d calls (p50 %v, p99 %v, max %v) beside %d never-reading, %d garbage-flooding, %d huge-frame and %d raw-junk clients; "+
		"%d huge-frame clients closed with 1009; goroutines %d before, %d with them, %d after; heap %.1f MB before, %.1f MB after",
		normal, calls, p50, p99, worst, neverRead, garbage, huge, raw, closed1009, goBefore, goDuring, goAfter,
		float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20))
	for _, c := range boards {
		c.Close()
	}
	readers.Wait()
}

// settle measures the goroutines and the live heap once they are steady.
// With a deadline it waits, polling, until both are back within a small
// margin of goBefore and heapBefore, and fails if they are not in time.
func settle(t *testing.T, goBefore int, heapBefore uint64, deadline time.Duration) (int, uint64) {
	t.Helper()
	const goSlack, heapSlack = 5, 2 << 20
	measure := func() (int, uint64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return runtime.NumGoroutine(), ms.HeapAlloc
	}
	if deadline == 0 {
		// The baseline: let the last connections' goroutines start.
		var g int
		var h uint64
		for range 5 {
			time.Sleep(20 * time.Millisecond)
			g, h = measure()
		}
		return g, h
	}
	end := time.Now().Add(deadline)
	for {
		g, h := measure()
		if g <= goBefore+goSlack && h <= heapBefore+heapSlack {
			return g, h
		}
		if time.Now().After(end) {
			buf := make([]byte, 1<<20)
			t.Fatalf("after the hostile clients left: %d goroutines (%d before), heap %d bytes (%d before)\n%s",
				g, goBefore, h, heapBefore, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}
