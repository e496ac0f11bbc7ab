package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/server"
)

// dialBoard opens the board stream as client (sent in X-Forwarded-For
// when set) and reads its snapshot; on a refusal it returns the status
// and the error code.
func dialBoard(t *testing.T, app *e2e.App, client string) (conn *websocket.Conn, status int, code string) {
	t.Helper()
	h := http.Header{}
	if client != "" {
		h.Set("X-Forwarded-For", client)
	}
	url := "ws" + strings.TrimPrefix(app.URL, "http") + "/ws/board"
	conn, res, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		if res == nil {
			t.Fatalf("dial %s: %v", url, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var e struct {
			Error struct{ Code, Message string }
		}
		if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
			t.Fatalf("refusal %d without the error format: %s", res.StatusCode, body)
		}
		return nil, res.StatusCode, e.Error.Code
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var msg struct{ Type string }
	if err := conn.ReadJSON(&msg); err != nil || msg.Type != "snapshot" {
		t.Fatalf("first message: %+v %v", msg, err)
	}
	conn.SetReadDeadline(time.Time{})
	return conn, http.StatusSwitchingProtocols, ""
}

// redial dials until the server has noticed a closed stream and given its
// slot back (the close reaches it asynchronously).
func redial(t *testing.T, app *e2e.App, client string) *websocket.Conn {
	t.Helper()
	var conn *websocket.Conn
	testutil.Eventually(t, "the slot of a closed stream to come back", func() bool {
		conn, _, _ = dialBoard(t, app, client)
		return conn != nil
	})
	return conn
}

// stillServes checks that HTTP answers while the streams are held: the
// health check and a kiosk's ticket.
func stillServes(t *testing.T, app *e2e.App) {
	t.Helper()
	c := app.Client()
	c.MustJSON(t, "GET", "/healthz", nil, 200, nil)
	c.Issue(t, "dat-dai", false)
}

// TestBoardStreamsPerAddress: with a cap of 3 per address, a 4th stream
// from the address is refused with 429 too_many_requests while the 3
// hold, another address still connects, HTTP still answers, and once one
// closes a new one connects.
func TestBoardStreamsPerAddress(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{WSPerAddr: 3}})
	var held []*websocket.Conn
	for range 3 {
		conn, status, _ := dialBoard(t, app, "")
		if conn == nil {
			t.Fatalf("stream %d refused: %d", len(held)+1, status)
		}
		held = append(held, conn)
	}
	if conn, status, code := dialBoard(t, app, ""); conn != nil || status != 429 || code != "too_many_requests" {
		t.Fatalf("4th stream from one address: %d %q, want 429 too_many_requests", status, code)
	}
	// X-Forwarded-For from an untrusted peer names nobody else.
	if conn, status, _ := dialBoard(t, app, "203.0.113.5"); conn != nil || status != 429 {
		t.Fatalf("4th stream behind a forged X-Forwarded-For: %d, want 429", status)
	}
	stillServes(t, app)
	held[0].Close()
	redial(t, app, "")
	if conn, status, _ := dialBoard(t, app, ""); conn != nil || status != 429 {
		t.Fatalf("a 4th again: %d, want 429", status)
	}
}

// TestBoardStreamsInAll: with a cap of 3 in all, a 4th stream from a new
// address (behind a trusted proxy) is refused with 503 while the 3 hold;
// once one closes a new one connects.
func TestBoardStreamsInAll(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{WSMax: 3,
		TrustedProxies: cidrs(t, "127.0.0.1/32", "::1/128")}})
	var held []*websocket.Conn
	for _, client := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		conn, status, _ := dialBoard(t, app, client)
		if conn == nil {
			t.Fatalf("stream from %s refused: %d", client, status)
		}
		held = append(held, conn)
	}
	if conn, status, code := dialBoard(t, app, "203.0.113.4"); conn != nil || status != 503 || code != "too_many_requests" {
		t.Fatalf("4th stream: %d %q, want 503 too_many_requests", status, code)
	}
	stillServes(t, app)
	held[1].Close()
	redial(t, app, "203.0.113.5")
	if conn, status, _ := dialBoard(t, app, "203.0.113.6"); conn != nil || status != 503 {
		t.Fatalf("a 4th again: %d, want 503", status)
	}
}

// TestBoardStreamsPerAddressBehindProxy: behind a trusted proxy each
// client has its own per-address cap.
func TestBoardStreamsPerAddressBehindProxy(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{WSPerAddr: 1,
		TrustedProxies: cidrs(t, "127.0.0.1/32", "::1/128")}})
	if conn, _, _ := dialBoard(t, app, "203.0.113.1"); conn == nil {
		t.Fatal("first client refused")
	}
	if conn, status, _ := dialBoard(t, app, "203.0.113.1"); conn != nil || status != 429 {
		t.Fatalf("first client again: %d, want 429", status)
	}
	if conn, status, _ := dialBoard(t, app, "203.0.113.2"); conn == nil {
		t.Fatalf("second client behind the proxy: %d", status)
	}
}
