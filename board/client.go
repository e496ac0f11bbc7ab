package board

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// client is one connected board. Only the hub goroutine touches seq and
// sends on or closes send; the writer goroutine is the only one writing
// messages to conn.
type client struct {
	conn     *websocket.Conn
	send     chan *websocket.PreparedMessage
	seq      uint64        // the last seq queued to it (hub goroutine only)
	bye      atomic.Bool   // the hub is stopping: skip what is queued, send a close frame
	readDone chan struct{} // closed when the reader returns
}

// ServeWS upgrades the request to a websocket and hands the client to the
// hub, which sends it the snapshot and then every change.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request) {
	conn, err := h.up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &client{
		conn:     conn,
		send:     make(chan *websocket.PreparedMessage, h.opts.SendBuffer),
		readDone: make(chan struct{}),
	}
	t := time.NewTimer(h.opts.WriteWait)
	defer t.Stop()
	select {
	case h.register <- c:
	case <-h.done:
		conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server stopping"), time.Now().Add(h.opts.WriteWait))
		conn.Close()
	case <-t.C: // the hub is not running
		conn.Close()
	}
}

// writePump sends what the hub queues and pings; it owns the writes.
func (c *client) writePump(h *Hub) {
	ping := time.NewTicker(h.opts.PingPeriod)
	defer func() {
		ping.Stop()
		c.conn.Close()
	}()
	for {
		select {
		case pm, ok := <-c.send:
			if c.bye.Load() {
				c.goodbye(h)
				return
			}
			if !ok {
				return // dropped or gone
			}
			c.conn.SetWriteDeadline(time.Now().Add(h.opts.WriteWait))
			if err := c.conn.WritePreparedMessage(pm); err != nil {
				return
			}
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(h.opts.WriteWait)); err != nil {
				return
			}
		}
	}
}

// goodbye sends the close frame and gives the client a moment to answer
// it, so its page sees a clean close and reconnects.
func (c *client) goodbye(h *Hub) {
	msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "server stopping")
	if err := c.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(h.opts.WriteWait)); err != nil {
		return
	}
	t := time.NewTimer(h.opts.CloseGrace)
	defer t.Stop()
	select {
	case <-c.readDone:
	case <-t.C:
	}
}

// readPump reads (and discards) what the client sends, so pongs and the
// close handshake are processed; a silent or gone client unregisters.
func (c *client) readPump(h *Hub) {
	defer func() {
		select {
		case h.unregister <- c:
		case <-h.done:
		}
	}()
	defer close(c.readDone)
	c.conn.SetReadLimit(readLimit)
	c.conn.SetReadDeadline(time.Now().Add(h.opts.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(h.opts.PongWait))
	})
	for {
		if _, _, err := c.conn.NextReader(); err != nil {
			return
		}
	}
}

// sameOrigin admits a browser page served by this host, and clients that
// send no Origin (not browsers: tools, the load test). A foreign page
// cannot open the stream from a visitor's browser.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// handshakeError answers a refused upgrade in the API's error shape.
func handshakeError(w http.ResponseWriter, r *http.Request, status int, reason error) {
	code, vi, en := "invalid", "Yêu cầu kết nối bảng hiển thị không hợp lệ.", "Invalid board stream request."
	if status == http.StatusForbidden {
		code, vi, en = "forbidden", "Trang này không được phép kết nối bảng hiển thị.", "This page may not open the board stream."
	}
	msg := vi
	if strings.HasPrefix(r.Header.Get("Accept-Language"), "en") {
		msg = en
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}
