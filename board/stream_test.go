package board_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/queue"
)

// message is a board message as the pages read it.
type message struct {
	Type  string      `json:"type"`
	Seq   uint64      `json:"seq"`
	Call  *queue.Call `json:"call"`
	Board queue.Board `json:"board"`
}

func wsURL(app *e2e.App) string { return "ws" + strings.TrimPrefix(app.URL, "http") + "/ws/board" }

func dial(t testing.TB, app *e2e.App) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(wsURL(app), nil)
	if err != nil {
		t.Fatalf("dial %s: %v", wsURL(app), err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readMsg reads one message, failing the test if none comes within a test
// timeout. The deadline is for this read only: a reader that goes on
// reading from c must not inherit it (the hostile-clients test's 50
// boards all died of it 10 s after their snapshot, on a loaded machine).
func readMsg(t testing.TB, c *websocket.Conn) message {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(testutil.EventuallyTimeout))
	_, data, err := c.ReadMessage()
	c.SetReadDeadline(time.Time{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return m
}

// openCounter opens counter id as the officer c.
func openCounter(t testing.TB, c *e2e.Client, id string) {
	t.Helper()
	c.MustJSON(t, "POST", "/api/v1/counters/"+id+"/open", nil, 200, nil)
}

// boardSeq is the seq of the store now, from GET /api/v1/board.
func boardSeq(t testing.TB, app *e2e.App) uint64 {
	t.Helper()
	var m message
	app.Client().MustJSON(t, "GET", "/api/v1/board", nil, 200, &m)
	if m.Type != "snapshot" {
		t.Fatalf("GET /api/v1/board type %q, want snapshot", m.Type)
	}
	return m.Seq
}

func TestStreamSnapshotThenCallsInOrder(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	openCounter(t, off, "quay-1")
	a1 := off.Issue(t, "tu-phap-ho-tich", false)
	off.Issue(t, "tu-phap-ho-tich", false)

	c := dial(t, app)
	snap := readMsg(t, c)
	if snap.Type != "snapshot" || snap.Seq != boardSeq(t, app) || snap.Call != nil {
		t.Fatalf("first message %s seq %d, want the snapshot at seq %d", snap.Type, snap.Seq, boardSeq(t, app))
	}
	if snap.Board.Center == "" || len(snap.Board.Counters) != 3 || len(snap.Board.Queues) == 0 {
		t.Fatalf("snapshot board incomplete: %+v", snap.Board)
	}
	if q := snap.Board.Queues[0]; q.ServiceID != "tu-phap-ho-tich" || len(q.Waiting) != 2 || q.Waiting[0] != a1.Number {
		t.Fatalf("queue A %+v, want two waiting, %s first", q, a1.Number)
	}

	called := off.Act(t, "quay-1", "next")
	m := readMsg(t, c)
	if m.Type != "call" || m.Call == nil || m.Call.Number != a1.Number || m.Call.CounterNumber != 1 || m.Call.Recall {
		t.Fatalf("got %s %+v, want a call of %s at counter 1", m.Type, m.Call, a1.Number)
	}
	if m.Seq <= snap.Seq || m.Seq != boardSeq(t, app) {
		t.Fatalf("call seq %d, want > %d and the store's %d", m.Seq, snap.Seq, boardSeq(t, app))
	}
	if m.Board.Counters[0].Current != called.Number || len(m.Board.Recent) == 0 || m.Board.Recent[0].Number != called.Number {
		t.Fatalf("board after the call: counter %+v, recent %+v", m.Board.Counters[0], m.Board.Recent)
	}
	off.Act(t, "quay-1", "recall")
	r := readMsg(t, c)
	if r.Type != "call" || r.Call == nil || !r.Call.Recall || r.Call.Number != a1.Number || r.Seq <= m.Seq {
		t.Fatalf("got %s %+v seq %d, want a recall of %s after seq %d", r.Type, r.Call, r.Seq, a1.Number, m.Seq)
	}
	off.Act(t, "quay-1", "done")
	d := readMsg(t, c)
	if d.Type != "state" || d.Call != nil || d.Seq <= r.Seq || d.Board.Counters[0].Current != "" {
		t.Fatalf("got %s seq %d counter %+v, want a state after seq %d with counter 1 free", d.Type, d.Seq, d.Board.Counters[0], r.Seq)
	}
}

// TestStreamEveryChangeSendsAMessage makes one change of each event type
// and waits for the message that carries the store's seq after it.
func TestStreamEveryChangeSendsAMessage(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, admin := app.Officer(t), app.Admin(t)
	c := dial(t, app)
	last := readMsg(t, c).Seq

	var tk e2e.Ticket
	steps := []struct {
		event string
		do    func()
		call  bool
	}{
		{queue.EventCounter, func() { openCounter(t, off, "quay-1") }, false},
		{queue.EventIssue, func() { tk = off.Issue(t, "tu-phap-ho-tich", false); off.Issue(t, "tu-phap-ho-tich", false) }, false},
		{queue.EventCall, func() { off.Act(t, "quay-1", "next") }, true},
		{queue.EventRecall, func() { off.Act(t, "quay-1", "recall") }, true},
		{queue.EventStart, func() { off.Act(t, "quay-1", "start") }, false},
		{queue.EventDone, func() { off.Act(t, "quay-1", "done") }, false},
		{queue.EventFeedback, func() {
			app.Client().MustJSON(t, "POST", "/api/v1/tickets/"+tk.Token+"/feedback", map[string]any{"rating": 4}, 201, nil)
		}, false},
		{queue.EventCall, func() { off.Act(t, "quay-1", "next") }, true},
		{queue.EventNoShow, func() { off.Act(t, "quay-1", "noshow") }, false},
		{"call by number", func() {
			off.MustJSON(t, "POST", "/api/v1/counters/quay-1/call", map[string]string{"number": "A002"}, 200, nil)
		}, true},
		{queue.EventTransfer, func() {
			off.MustJSON(t, "POST", "/api/v1/counters/quay-1/transfer", map[string]string{"service_id": "chung-thuc"}, 200, nil)
		}, false},
		{queue.EventSettings, func() {
			admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]string{"notice": "Thông báo mới"}, 200, nil)
		}, false},
		{queue.EventServices, func() {
			admin.MustJSON(t, "PUT", "/api/v1/admin/services/xay-dung", map[string]string{"name": "Xây dựng – Quy hoạch"}, 200, nil)
		}, false},
		{queue.EventExpire, func() {
			app.Clock.Add(24 * time.Hour)
			if err := app.Store.Sweep(context.Background()); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, s := range steps {
		s.do()
		want := boardSeq(t, app)
		if want <= last {
			t.Fatalf("%s: the store's seq %d did not grow past %d", s.event, want, last)
		}
		m := readMsg(t, c)
		if m.Seq != want || m.Seq <= last {
			t.Fatalf("%s: got %s seq %d, want seq %d (after %d)", s.event, m.Type, m.Seq, want, last)
		}
		if s.call != (m.Type == "call") || s.call != (m.Call != nil) {
			t.Fatalf("%s: got type %s call %+v", s.event, m.Type, m.Call)
		}
		last = m.Seq
	}
}

// TestStreamJoinDuringBurstMissesNothing connects boards while calls are
// being made: each one's snapshot and messages together must account for
// every call that a board connected from the start saw.
func TestStreamJoinDuringBurstMissesNothing(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, admin := app.Officer(t), app.Admin(t)
	const calls, joinEvery = 60, 6
	counters := []string{"quay-1", "quay-2", "quay-3"}
	for _, id := range counters {
		openCounter(t, off, id)
	}
	for range calls {
		off.Issue(t, "tra-ket-qua", false) // served by every counter
	}
	type seen struct {
		seq uint64
		key string
	}
	type result struct {
		snap  message
		calls []seen
	}
	// collect reads a board, from its snapshot, until the notice "END"
	// shows, which the test sets after the last call. It runs on its own
	// goroutine, so it returns what went wrong rather than failing the test.
	collect := func(c *websocket.Conn, snap message) (result, error) {
		r := result{snap: snap}
		last := snap.Seq
		for m := snap; m.Board.Notice != "END"; {
			m = message{}
			c.SetReadDeadline(time.Now().Add(testutil.EventuallyTimeout))
			if err := c.ReadJSON(&m); err != nil {
				return r, fmt.Errorf("board with snapshot seq %d: %w", snap.Seq, err)
			}
			if m.Seq <= last {
				return r, fmt.Errorf("seq went from %d to %d", last, m.Seq)
			}
			last = m.Seq
			if m.Type == "call" {
				r.calls = append(r.calls, seen{m.Seq, m.Call.Number + "@" + strconv.Itoa(m.Call.CounterNumber)})
			}
		}
		return r, nil
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lates []result
	var errs []error
	keep := func(r result, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			return
		}
		lates = append(lates, r)
	}
	join := func() {
		c := dial(t, app)
		snap := readMsg(t, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			keep(collect(c, snap))
		}()
	}
	// The first board's snapshot is read before the first call: the hub
	// registers a board after the handshake, so a call made before the
	// snapshot is in it rather than in a message.
	first := dial(t, app)
	firstSnap := readMsg(t, first)
	if len(firstSnap.Board.Recent) != 0 {
		t.Fatalf("first snapshot already has calls: %+v", firstSnap.Board.Recent)
	}
	type firstResult struct {
		r   result
		err error
	}
	firstDone := make(chan firstResult, 1)
	go func() {
		r, err := collect(first, firstSnap)
		firstDone <- firstResult{r, err}
	}()
	for i := range calls {
		id := counters[i%3]
		if i >= 3 {
			off.Act(t, id, "done")
		}
		off.Act(t, id, "next")
		if i%joinEvery == joinEvery-1 {
			join() // a board joins mid-burst
		}
	}
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]string{"notice": "END"}, 200, nil)
	fr := <-firstDone
	wg.Wait()
	if fr.err != nil {
		t.Fatalf("first board: %v", fr.err)
	}
	for _, err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	all := fr.r.calls
	if len(all) != calls {
		t.Fatalf("first board saw %d calls, want %d", len(all), calls)
	}
	if len(lates) != calls/joinEvery {
		t.Fatalf("%d late boards, want %d", len(lates), calls/joinEvery)
	}
	for i, l := range lates {
		var want []seen
		before := ""
		for _, s := range all {
			if s.seq > l.snap.Seq {
				want = append(want, s)
			} else {
				before = s.key
			}
		}
		if len(l.calls) != len(want) {
			t.Fatalf("late board %d (snapshot seq %d): %d calls, want %d", i, l.snap.Seq, len(l.calls), len(want))
		}
		for j := range want {
			if l.calls[j] != want[j] {
				t.Fatalf("late board %d call %d: %+v, want %+v", i, j, l.calls[j], want[j])
			}
		}
		if r := l.snap.Board.Recent; before != "" && (len(r) == 0 || r[0].Number+"@"+strconv.Itoa(r[0].CounterNumber) != before) {
			t.Fatalf("late board %d: snapshot's latest call %+v, want %s", i, r, before)
		}
	}
}

func TestStreamReconnectGetsCurrentState(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	c := dial(t, app)
	old := readMsg(t, c)
	c.Close()

	openCounter(t, off, "quay-2")
	tk := off.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	off.Issue(t, "dat-dai", false)

	c2 := dial(t, app)
	m := readMsg(t, c2)
	if m.Type != "snapshot" || m.Seq <= old.Seq || m.Seq != boardSeq(t, app) {
		t.Fatalf("reconnect: %s seq %d, want a snapshot at the store's seq %d", m.Type, m.Seq, boardSeq(t, app))
	}
	q2 := m.Board.Counters[1]
	if q2.Number != 2 || q2.Current != tk.Number || q2.Status != queue.CounterCalled {
		t.Fatalf("counter 2 %+v, want %s called", q2, tk.Number)
	}
	if len(m.Board.Recent) != 1 || m.Board.Recent[0].Number != tk.Number {
		t.Fatalf("recent %+v, want the call of %s", m.Board.Recent, tk.Number)
	}
}

func TestStreamOriginCheck(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	host := strings.TrimPrefix(app.URL, "http://")
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{"http://" + host, true},
		{"http://evil.example", false},
		{"http://" + host + ".evil.example", false},
	} {
		h := http.Header{}
		if tc.origin != "" {
			h.Set("Origin", tc.origin)
		}
		c, res, err := websocket.DefaultDialer.Dial(wsURL(app), h)
		if tc.ok {
			if err != nil {
				t.Fatalf("origin %q refused: %v", tc.origin, err)
			}
			readMsg(t, c)
			c.Close()
			continue
		}
		if err == nil {
			c.Close()
			t.Fatalf("origin %q admitted", tc.origin)
		}
		if res == nil || res.StatusCode != http.StatusForbidden {
			t.Fatalf("origin %q: %v, want 403", tc.origin, res)
		}
		var body struct {
			Error struct{ Code string } `json:"error"`
		}
		json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if body.Error.Code != "forbidden" {
			t.Fatalf("origin %q: error code %q, want forbidden", tc.origin, body.Error.Code)
		}
	}
}
