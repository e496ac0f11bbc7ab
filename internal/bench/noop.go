package bench

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// noopTicket is what the no-op floor answers: a ticket of the size the
// real kiosk answers, written as fixed bytes.
var noopTicket = []byte(`{"token":"AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1","number":"H001",` +
	`"service_id":"tra-ket-qua","service_name":"Trả kết quả","status":"waiting","priority":false,` +
	`"session":"Sáng","extended":false,"issued_at":"2026-03-02T09:00:00+07:00","ahead":0,` +
	`"eta_minutes":0,"counters_open":1,"recalls":0,"pdf_url":"/api/v1/tickets/AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1/pdf",` +
	`"track_url":"http://127.0.0.1:18107/t/AAAAAAAAAAFJ3v0cQ3c2m2nTqU3Qk6x1"}`)

// ServeNoop serves the anchors that need a process of their own, on addr,
// until ctx ends. POST /api/v1/tickets is the floor of the ticket figure:
// the same echo and the same HTTP server settings as xephang, a handler
// that reads the body and answers 201 with fixed bytes, no middleware, so
// the same load against it shows what HTTP alone costs on this machine.
// GET /ws/echo sends back every websocket message it gets: the round trip
// of a board message between two processes.
func ServeNoop(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serveNoop(ctx, ln)
}

func serveNoop(ctx context.Context, ln net.Listener) error {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/api/v1/tickets", func(c echo.Context) error {
		io.Copy(io.Discard, c.Request().Body)
		return c.JSONBlob(http.StatusCreated, noopTicket)
	})
	e.GET("/healthz", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, []byte(`{"status":"ok"}`)) })
	(&fanout{}).register(e)
	e.GET("/ws/echo", func(c echo.Context) error {
		echoWS(c.Response(), c.Request())
		return nil
	})
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// echoWS upgrades to a websocket and echoes every message.
func echoWS(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	for {
		t, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		if err := c.WriteMessage(t, msg); err != nil {
			return
		}
	}
}
