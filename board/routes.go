package board

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// Register adds the board stream (GET /ws/board) to e and the snapshot
// (GET /board) to api, the /api/v1 group. Both are public.
func (h *Hub) Register(e *echo.Echo, api *echo.Group) {
	e.GET("/ws/board", h.handleStream)
	api.GET("/board", h.handleSnapshot)
}

// handleStream upgrades to the board stream if the caps allow: a slot is
// taken per client address (echo's RealIP, so the one behind a trusted
// proxy) and in all before the upgrade, and given back when the
// connection closes.
func (h *Hub) handleStream(c echo.Context) error {
	r := c.Request()
	if !websocket.IsWebSocketUpgrade(r) {
		h.ServeWS(c.Response(), r) // the upgrader answers the error
		return nil
	}
	release, err := h.acquire(c.RealIP())
	if err != nil {
		return refuseStream(c, err)
	}
	w := &holdWriter{ResponseWriter: c.Response(), release: release}
	h.ServeWS(w, r)
	if !w.hijacked {
		release() // refused before the upgrade: no connection to hold
	}
	return nil
}

// refuseStream answers a stream over a cap in the API's error shape: 429
// when the client's address holds too many, 503 when the server does.
func refuseStream(c echo.Context, err error) error {
	status := http.StatusTooManyRequests
	vi := "Địa chỉ này đang mở quá nhiều kết nối bảng hiển thị. Vui lòng đóng bớt trang hoặc thử lại sau."
	en := "Too many board connections from this address. Close some pages or try again later."
	if err == errTotal {
		status = http.StatusServiceUnavailable
		vi = "Máy chủ đang có quá nhiều kết nối bảng hiển thị. Vui lòng thử lại sau ít phút."
		en = "The server holds too many board connections. Please try again in a few minutes."
	}
	msg := vi
	if strings.HasPrefix(strings.ToLower(c.Request().Header.Get("Accept-Language")), "en") {
		msg = en
	}
	c.Response().Header().Set("Retry-After", "30")
	return c.JSON(status, map[string]any{"error": map[string]string{"code": "too_many_requests", "message": msg}})
}

// holdWriter hands the upgrader a connection that gives its slot back
// when it is closed, however it closes (the client goes, the hub drops
// it, the server stops).
type holdWriter struct {
	http.ResponseWriter
	release  func()
	hijacked bool
}

func (w *holdWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.hijacked = true
	return &heldConn{Conn: conn, release: w.release}, brw, nil
}

// heldConn is a stream's connection holding its slot.
type heldConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *heldConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// handleSnapshot answers exactly the stream's first message, for pages
// and tools that only need the board once.
func (h *Hub) handleSnapshot(c echo.Context) error {
	data, err := h.Snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSONBlob(http.StatusOK, data)
}

// Snapshot returns the snapshot message {"type":"snapshot","seq","board"}
// of the board now.
func (h *Hub) Snapshot(ctx context.Context) ([]byte, error) {
	b, seq, err := h.src.Board(ctx)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return encode("snapshot", seq, nil, data), nil
}
