package board

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"xephang/internal/testutil"
	"xephang/queue"
)

// fakeSource is a store in miniature: a seq, a board and the subscribers.
type fakeSource struct {
	mu     sync.Mutex
	seq    uint64
	notice string
	subs   []func([]queue.Event)
}

func (f *fakeSource) Subscribe(fn func([]queue.Event)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs = append(f.subs, fn)
}

func (f *fakeSource) Board(ctx context.Context) (queue.Board, uint64, error) {
	if err := ctx.Err(); err != nil {
		return queue.Board{}, 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return queue.Board{Center: "Test", Notice: f.notice, Counters: []queue.BoardCounter{}, Recent: []queue.Call{}, Queues: []queue.BoardQueue{}}, f.seq, nil
}

// publish commits events of the given types, as the store does: seq
// first, then the subscribers. Type "call" makes a call of number at
// counter 2.
func (f *fakeSource) publish(types ...string) []queue.Event {
	f.mu.Lock()
	evs := make([]queue.Event, len(types))
	for i, typ := range types {
		f.seq++
		evs[i] = queue.Event{Seq: f.seq, Type: typ, At: time.Now()}
		if typ == queue.EventCall || typ == queue.EventRecall {
			evs[i].Ticket = &queue.Ticket{Number: "A" + strings.Repeat("0", 3), ServiceID: "a"}
			evs[i].Counter = &queue.Counter{Number: 2, Name: "Quầy 2"}
		}
	}
	subs := f.subs
	f.mu.Unlock()
	for _, fn := range subs {
		fn(evs)
	}
	return evs
}

// testHub runs a hub over src behind an httptest server; it stops when
// the test ends. stop ends Run early and waits for it.
type testHub struct {
	*Hub
	srv  *httptest.Server
	stop func()
}

func startHub(t *testing.T, src Source, o Options) *testHub {
	t.Helper()
	if o.PingPeriod == 0 {
		o.PingPeriod = time.Second
	}
	if o.PongWait == 0 {
		// Tests read only when they expect a message, and a client answers
		// pings only while it reads: a short pong wait would drop it
		// whenever a loaded machine stalls the test.
		o.PongWait = time.Minute
	}
	if o.WriteWait == 0 {
		o.WriteWait = 2 * time.Second
	}
	if o.StateInterval == 0 {
		o.StateInterval = -1
	}
	h := New(src, o)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); h.Run(ctx) }()
	srv := httptest.NewServer(http.HandlerFunc(h.ServeWS))
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case <-ran:
			case <-time.After(10 * time.Second):
				t.Errorf("Run did not return 10 s after its context ended")
			}
		})
	}
	t.Cleanup(func() {
		stop()
		srv.Close()
	})
	return &testHub{Hub: h, srv: srv, stop: stop}
}

func (th *testHub) dial(t *testing.T) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(th.srv.URL, "http"), nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// msg is a board message as a client reads it.
type msg struct {
	Type  string          `json:"type"`
	Seq   uint64          `json:"seq"`
	Call  *queue.Call     `json:"call"`
	Board json.RawMessage `json:"board"`
}

func read(t *testing.T, c *websocket.Conn) msg {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(testutil.EventuallyTimeout))
	_, data, err := c.ReadMessage()
	c.SetReadDeadline(time.Time{}) // for this read only, as readMsg
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var m msg
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return m
}

func TestHubSnapshotThenMessages(t *testing.T) {
	src := &fakeSource{}
	src.publish("issue", "issue") // before the hub: in its snapshot
	th := startHub(t, src, Options{})
	c := th.dial(t)
	if m := read(t, c); m.Type != "snapshot" || m.Seq != 2 || m.Call != nil {
		t.Fatalf("first message %+v, want snapshot seq 2", m)
	}
	// One commit: calls get a message each; the runs of other events
	// between them collapse into one state message with the last seq.
	src.publish("issue", "call", "issue", "done", "recall", "issue", "feedback", "counter")
	want := []struct {
		typ    string
		seq    uint64
		recall bool
	}{{"state", 3, false}, {"call", 4, false}, {"state", 6, false}, {"call", 7, true}, {"state", 10, false}}
	for _, w := range want {
		m := read(t, c)
		if m.Type != w.typ || m.Seq != w.seq {
			t.Fatalf("got %s seq %d, want %s seq %d", m.Type, m.Seq, w.typ, w.seq)
		}
		if w.typ == "call" && (m.Call == nil || m.Call.Number != "A000" || m.Call.CounterNumber != 2 || m.Call.Recall != w.recall) {
			t.Fatalf("call %+v, want A000 at counter 2 recall=%v", m.Call, w.recall)
		}
		if w.typ == "state" && m.Call != nil {
			t.Fatalf("state message seq %d carries a call", m.Seq)
		}
		if !strings.Contains(string(m.Board), `"center":"Test"`) {
			t.Fatalf("message seq %d has no board: %s", m.Seq, m.Board)
		}
	}
}

func TestHubStateIntervalNeverDelaysCalls(t *testing.T) {
	src := &fakeSource{}
	th := startHub(t, src, Options{StateInterval: time.Hour})
	c := th.dial(t)
	read(t, c)
	src.publish("issue") // the first state goes at once
	if m := read(t, c); m.Type != "state" || m.Seq != 1 {
		t.Fatalf("got %s %d, want state 1", m.Type, m.Seq)
	}
	src.publish("issue") // held: the last state left less than an hour ago
	src.publish("issue")
	src.publish("call") // a call takes the held states with it
	if m := read(t, c); m.Type != "state" || m.Seq != 3 {
		t.Fatalf("got %s %d, want state 3", m.Type, m.Seq)
	}
	if m := read(t, c); m.Type != "call" || m.Seq != 4 {
		t.Fatalf("got %s %d, want call 4", m.Type, m.Seq)
	}
}

func TestHubDropsSlowClient(t *testing.T) {
	// Big boards fill the slow client's socket buffers, then its send
	// buffer; the hub must drop it while the fast client gets everything.
	// The slow client's small receive buffer keeps the kernel from hiding
	// its slowness for long; a long PongWait keeps the ping deadline from
	// removing it before its send buffer fills, on a busy machine.
	src := &fakeSource{notice: strings.Repeat("thông báo ", 8<<10)}
	th := startHub(t, src, Options{SendBuffer: 4, PongWait: time.Minute})
	d := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			err = c.(*net.TCPConn).SetReadBuffer(4 << 10)
		}
		return c, err
	}}
	slow, _, err := d.Dial("ws"+strings.TrimPrefix(th.srv.URL, "http"), nil) // never reads
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast := th.dial(t)
	read(t, fast)
	for i := 1; th.Stats().Dropped == 0; i++ {
		if i > 2000 {
			t.Fatalf("slow client never dropped after %d messages", i)
		}
		evs := src.publish("call")
		if m := read(t, fast); m.Seq != evs[0].Seq || m.Type != "call" {
			t.Fatalf("fast client got %s %d, want call %d", m.Type, m.Seq, evs[0].Seq)
		}
	}
	testutil.Eventually(t, "one client left", func() bool { return th.Stats().Connected == 1 })
	// The fast client keeps receiving.
	evs := src.publish("call")
	if m := read(t, fast); m.Seq != evs[0].Seq {
		t.Fatalf("after the drop fast client got seq %d, want %d", m.Seq, evs[0].Seq)
	}
	if st := th.Stats(); st.Dropped != 1 || st.Connected != 1 {
		t.Fatalf("stats %+v, want one dropped, one connected", st)
	}
}

func TestHubRunEndClosesClientsWithCloseFrame(t *testing.T) {
	// A grace far beyond any test timeout: Run returning before it means
	// it did not wait for clients that answered the close frame.
	const grace = 10 * time.Minute
	src := &fakeSource{}
	th := startHub(t, src, Options{CloseGrace: grace})
	var conns []*websocket.Conn
	for range 3 {
		c := th.dial(t)
		read(t, c)
		conns = append(conns, c)
	}
	testutil.Eventually(t, "three clients", func() bool { return th.Stats().Connected == 3 })
	errs := make(chan error, len(conns))
	for _, c := range conns {
		go func() { // reading answers the close frame, as a browser does
			c.SetReadDeadline(time.Now().Add(testutil.EventuallyTimeout))
			_, _, err := c.ReadMessage()
			errs <- err
		}()
	}
	start := time.Now()
	th.stop()
	if d := time.Since(start); d >= grace {
		t.Errorf("Run took %v to return with clients that answer the close: it waited for the grace", d)
	}
	for i := range conns {
		if err := <-errs; !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Fatalf("client %d: got %v, want a close frame 1001 (going away)", i, err)
		}
	}
	// A client arriving after the end is turned away with a close frame too.
	c := th.dial(t)
	c.SetReadDeadline(time.Now().Add(testutil.EventuallyTimeout))
	if _, _, err := c.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("late client: got %v, want close 1001", err)
	}
	src.publish("issue") // a stopped hub ignores events
}

func TestHubDropsSilentClient(t *testing.T) {
	// A peer that never answers pings (it does not read, so its library
	// never sends pongs) is dropped after PongWait. The live client answers
	// 20 pings a pong wait, so only a 2 s stall of the machine could drop
	// it (500 ms did, under -race on a loaded machine).
	const pongWait = 2 * time.Second
	src := &fakeSource{}
	th := startHub(t, src, Options{PingPeriod: pongWait / 20, PongWait: pongWait})
	th.dial(t)
	live := th.dial(t)
	go func() { // reads, so it answers pings
		for {
			if _, _, err := live.ReadMessage(); err != nil {
				return
			}
		}
	}()
	testutil.Eventually(t, "two clients", func() bool { return th.Stats().Connected == 2 })
	testutil.Eventually(t, "the silent client dropped", func() bool { return th.Stats().Connected == 1 })
	time.Sleep(pongWait) // the live one stays a pong wait more (two since it came)
	if n := th.Stats().Connected; n != 1 {
		t.Fatalf("connected %d, want the live client to stay", n)
	}
}

func TestHubNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		src := &fakeSource{}
		h := New(src, Options{PingPeriod: 10 * time.Millisecond, PongWait: 10 * time.Second, StateInterval: -1})
		ctx, cancel := context.WithCancel(context.Background())
		ran := make(chan struct{})
		go func() { defer close(ran); h.Run(ctx) }()
		srv := httptest.NewServer(http.HandlerFunc(h.ServeWS))
		defer srv.Close()
		var conns []*websocket.Conn
		for range 10 {
			c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			read(t, c)
			conns = append(conns, c)
		}
		conns[0].Close() // one leaves early
		src.publish("call", "issue")
		for _, c := range conns[1:] {
			read(t, c)
			read(t, c)
		}
		for _, c := range conns[1:] {
			go c.ReadMessage() // answers the close frame, as a page does
		}
		cancel()
		<-ran
	}()
	deadline := time.Now().Add(testutil.EventuallyTimeout)
	for {
		after := runtime.NumGoroutine()
		if after <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d before, %d after\n%s", before, after, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		host, origin string
		ok           bool
	}{
		{"tv.local:8080", "", true},
		{"tv.local:8080", "http://tv.local:8080", true},
		{"tv.local:8080", "https://TV.local:8080", true},
		{"tv.local:8080", "http://tv.local:9090", false},
		{"tv.local:8080", "http://evil.example", false},
		{"tv.local:8080", "null", false},
		{"tv.local:8080", "::bad", false},
	} {
		r := httptest.NewRequest("GET", "/ws/board", nil)
		r.Host = tc.host
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		if got := sameOrigin(r); got != tc.ok {
			t.Errorf("host %s origin %q: %v, want %v", tc.host, tc.origin, got, tc.ok)
		}
	}
}

func TestEncode(t *testing.T) {
	call := &queue.Call{Number: "A005", CounterNumber: 2, CounterName: "Quầy 2", ServiceID: "a", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		typ  string
		call *queue.Call
		want string
	}{
		{"snapshot", nil, `{"type":"snapshot","seq":7,"board":{"x":1}}`},
		{"call", call, `{"type":"call","seq":7,"call":{"number":"A005","counter_number":2,"counter_name":"Quầy 2","service_id":"a","recall":false,"at":"2026-03-02T09:00:00Z"},"board":{"x":1}}`},
	} {
		got := string(encode(tc.typ, 7, tc.call, []byte(`{"x":1}`)))
		if got != tc.want {
			t.Errorf("encode %s:\n got %s\nwant %s", tc.typ, got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("encode %s: invalid JSON", tc.typ)
		}
	}
}
