// Package board is the live stream of the lobby board: a websocket hub
// that sends every connected page (the lobby TV, the phones following a
// ticket) the whole board after each committed change, and the board
// snapshot over HTTP.
//
// The hub follows gorilla/websocket's chat example: one goroutine (Run)
// owns the set of clients; each client has a buffered send channel drained
// by its own writer; a client that cannot keep up is dropped, never waited
// for. Each message is framed once (websocket.PreparedMessage) and the same
// bytes go to every client.
package board

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"xephang/queue"
)

// Source is what the hub needs from the store: the committed events and
// the board. queue.Store is one.
type Source interface {
	// Subscribe registers fn for the events of every commit, in seq order;
	// fn must not block.
	Subscribe(fn func([]queue.Event))
	// Board returns the board and the seq of the last event it reflects.
	Board(ctx context.Context) (queue.Board, uint64, error)
}

// Options tune the hub; zero values take the defaults. Tests shorten the
// periods so pings and dead peers show up in milliseconds.
type Options struct {
	// PingPeriod is how often the server pings each client. Default 30 s.
	PingPeriod time.Duration
	// PongWait is how long a client may stay silent (no pong) before it is
	// dropped. Default twice PingPeriod.
	PongWait time.Duration
	// WriteWait bounds every write to a client. Default 10 s.
	WriteWait time.Duration
	// CloseGrace is how long a client may take to answer the close frame
	// when Run ends, before its connection is cut. Default 1 s; a test sets
	// it far longer to see that Run does not wait for it when the clients
	// answer.
	CloseGrace time.Duration
	// SendBuffer is how many messages may wait for one client before it
	// counts as too slow and is dropped. Default 32.
	SendBuffer int
	// StateInterval is the least time between two messages that carry no
	// call, so a burst of new tickets (thousands a second) becomes a few
	// board updates a second instead of one per ticket. Calls never wait
	// for it. Default 100 ms; negative sends at once.
	StateInterval time.Duration
	// Log receives the hub's warnings. Default slog.Default().
	Log *slog.Logger
	// MaxPerAddr caps the streams one client address may hold open, so
	// one host cannot take every open file; 0 is no cap. Keep it high: a
	// whole lobby, or a province's phones, may share one NAT address.
	MaxPerAddr int
	// MaxConns caps the streams in all, below the process's open-files
	// limit, so HTTP (the kiosks, /healthz) always has room; 0 is no cap.
	MaxConns int
}

func (o *Options) defaults() {
	if o.PingPeriod <= 0 {
		o.PingPeriod = 30 * time.Second
	}
	if o.PongWait <= 0 {
		o.PongWait = 2 * o.PingPeriod
	}
	if o.WriteWait <= 0 {
		o.WriteWait = 10 * time.Second
	}
	if o.CloseGrace <= 0 {
		o.CloseGrace = time.Second
	}
	if o.SendBuffer <= 0 {
		o.SendBuffer = 32
	}
	if o.StateInterval == 0 {
		o.StateInterval = 100 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// snapshotMaxAge is how long a snapshot built for one client may be
// reused for the next ones: a thousand TVs reconnecting after a restart
// cost one board, and its "now" is never older than this.
const snapshotMaxAge = time.Second

// readLimit bounds what a client may send; boards only answer pings.
const readLimit = 512

// Hub fans the board out to every connected client.
type Hub struct {
	src  Source
	opts Options
	up   websocket.Upgrader

	register   chan *client
	unregister chan *client
	done       chan struct{} // closed when Run stops taking clients

	// The store's writer appends here (enqueue) and signals; Run drains.
	mu      sync.Mutex
	pending []pendingMsg
	hasCall bool
	gen     uint64 // counts enqueues, so a snapshot knows it is outdated
	stopped bool
	signal  chan struct{}

	// Owned by the Run goroutine.
	clients   map[*client]struct{}
	snap      *snapshot
	lastState time.Time
	wg        sync.WaitGroup // the clients' reader and writer goroutines

	connected atomic.Int64
	dropped   atomic.Int64
	refused   atomic.Int64

	slots slots
}

// slots counts the open stream connections, per client address and in
// all, from before the upgrade until the connection is closed.
type slots struct {
	mu      sync.Mutex
	perAddr map[string]int
	total   int
}

// errPerAddr and errTotal say which cap refused a stream.
var (
	errPerAddr = errors.New("too many board streams from this address")
	errTotal   = errors.New("too many board streams")
)

// acquire takes a slot for a stream from addr, or says which cap is
// reached. The returned func gives the slot back; call it once.
func (h *Hub) acquire(addr string) (release func(), err error) {
	s := &h.slots
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case h.opts.MaxConns > 0 && s.total >= h.opts.MaxConns:
		h.refused.Add(1)
		return nil, errTotal
	case h.opts.MaxPerAddr > 0 && s.perAddr[addr] >= h.opts.MaxPerAddr:
		h.refused.Add(1)
		return nil, errPerAddr
	}
	if s.perAddr == nil {
		s.perAddr = map[string]int{}
	}
	s.perAddr[addr]++
	s.total++
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.total--
		if s.perAddr[addr]--; s.perAddr[addr] <= 0 {
			delete(s.perAddr, addr)
		}
	}, nil
}

// pendingMsg is a message still to send: a call (call set) or the state
// after a run of other events, with the seq of the last of them.
type pendingMsg struct {
	seq  uint64
	call *queue.Call
}

// New returns a hub fed by src's events. It subscribes at once, so no
// event committed after New is missed; call Run to start serving.
func New(src Source, opts Options) *Hub {
	opts.defaults()
	h := &Hub{
		src:        src,
		opts:       opts,
		register:   make(chan *client),
		unregister: make(chan *client),
		done:       make(chan struct{}),
		signal:     make(chan struct{}, 1),
		clients:    map[*client]struct{}{},
	}
	h.up = websocket.Upgrader{
		HandshakeTimeout: opts.WriteWait,
		// Reuse the HTTP server's read buffer and take write buffers from a
		// pool only while writing: prepared messages and control frames
		// bypass them, so an idle board holds no buffer.
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     sameOrigin,
		Error:           handshakeError,
	}
	src.Subscribe(h.enqueue)
	return h
}

// Stats counts the hub's clients: connected now, dropped (too slow) and
// refused (a cap reached) since it started.
type Stats struct {
	Connected int64
	Dropped   int64
	Refused   int64
}

// Stats returns the current counts.
func (h *Hub) Stats() Stats {
	return Stats{Connected: h.connected.Load(), Dropped: h.dropped.Load(), Refused: h.refused.Load()}
}

// enqueue runs on the store's writer goroutine: it only appends and
// signals. Consecutive non-call events collapse into one pending state
// message, so the queue stays short whatever the rate of new tickets.
func (h *Hub) enqueue(evs []queue.Event) {
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	h.gen++
	for i := range evs {
		e := &evs[i]
		if e.IsCall() {
			c := queue.CallOf(e)
			h.pending = append(h.pending, pendingMsg{seq: e.Seq, call: &c})
			h.hasCall = true
			continue
		}
		if n := len(h.pending); n > 0 && h.pending[n-1].call == nil {
			h.pending[n-1].seq = e.Seq
			continue
		}
		h.pending = append(h.pending, pendingMsg{seq: e.Seq})
	}
	h.mu.Unlock()
	select {
	case h.signal <- struct{}{}:
	default:
	}
}

// take empties the pending queue.
func (h *Hub) take() []pendingMsg {
	h.mu.Lock()
	defer h.mu.Unlock()
	msgs := h.pending
	h.pending, h.hasCall = nil, false
	return msgs
}

// Run serves the clients until ctx ends, then sends each a close frame,
// waits for their goroutines and returns. Call it once.
func (h *Hub) Run(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			h.shutdown()
			return
		case c := <-h.register:
			h.add(ctx, c)
		case c := <-h.unregister:
			h.remove(c)
		case <-h.signal:
			wait := h.opts.StateInterval - time.Since(h.lastState)
			h.mu.Lock()
			call := h.hasCall
			h.mu.Unlock()
			if call || wait <= 0 {
				h.drain(ctx)
			} else if !armed {
				timer.Reset(wait)
				armed = true
			}
		case <-timer.C:
			armed = false
			h.drain(ctx)
		}
	}
}

// shutdown closes every client with a close frame and waits for their
// goroutines.
func (h *Hub) shutdown() {
	h.mu.Lock()
	h.stopped, h.pending = true, nil
	h.mu.Unlock()
	for c := range h.clients {
		c.bye.Store(true)
		h.remove(c)
	}
	close(h.done)
	h.wg.Wait()
}

// add registers c, then queues its snapshot: everything after the
// snapshot's seq reaches c as a message, everything before is in it.
func (h *Hub) add(ctx context.Context, c *client) {
	snap, err := h.snapshotNow(ctx)
	if err != nil {
		h.opts.Log.Warn("board snapshot", slog.Any("error", err))
		c.conn.Close()
		return
	}
	c.seq = snap.seq
	c.send <- snap.pm // the channel is new and buffered: never blocks
	h.clients[c] = struct{}{}
	h.connected.Add(1)
	h.wg.Add(2)
	go func() { defer h.wg.Done(); c.writePump(h) }()
	go func() { defer h.wg.Done(); c.readPump(h) }()
}

// remove forgets c and closes its send channel, which ends its writer.
func (h *Hub) remove(c *client) {
	if _, ok := h.clients[c]; !ok {
		return
	}
	delete(h.clients, c)
	close(c.send)
	h.connected.Add(-1)
}

// drop removes a client that cannot keep up and cuts its connection
// without waiting for it; its page reconnects and gets a fresh snapshot.
func (h *Hub) drop(c *client) {
	h.remove(c)
	c.conn.Close()
	h.dropped.Add(1)
}

// drain sends what is pending: one board, built once, carried by one
// message per call and one per run of other events, in seq order.
func (h *Hub) drain(ctx context.Context) {
	msgs := h.take()
	if len(msgs) == 0 {
		return
	}
	h.lastState = time.Now()
	// The board is read after the events were taken, so it reflects at
	// least all of them (the store publishes after it applies a commit).
	if err := h.build(ctx); err != nil {
		if ctx.Err() == nil {
			h.opts.Log.Warn("board for broadcast", slog.Any("error", err))
		}
		return
	}
	for _, m := range msgs {
		typ := "state"
		if m.call != nil {
			typ = "call"
		}
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, encode(typ, m.seq, m.call, h.snap.board))
		if err != nil {
			h.opts.Log.Warn("frame board message", slog.Any("error", err))
			return
		}
		h.broadcast(m.seq, pm)
	}
}

// broadcast queues pm for every client that has not seen seq yet, and
// drops those whose buffer is full.
func (h *Hub) broadcast(seq uint64, pm *websocket.PreparedMessage) {
	for c := range h.clients {
		if seq <= c.seq {
			continue // already in its snapshot
		}
		select {
		case c.send <- pm:
			c.seq = seq
		default:
			h.drop(c)
		}
	}
}
