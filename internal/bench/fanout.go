package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
)

// The anchor of the call → boards figure: the same message fanned out to
// the same number of connections by gorilla/websocket alone, a
// PreparedMessage written by one goroutine per connection, in the noop
// process. No xephang code: what one call costs the library and the
// machine.

// fanout is the bare fan-out server: GET /ws/fanout joins, POST /fanout
// sends its body to every connection and answers once each has it queued.
type fanout struct {
	mu    sync.Mutex
	conns map[chan *websocket.PreparedMessage]struct{}
}

func (f *fanout) register(e *echo.Echo) {
	f.conns = map[chan *websocket.PreparedMessage]struct{}{}
	e.GET("/ws/fanout", func(c echo.Context) error {
		up := websocket.Upgrader{WriteBufferPool: &sync.Pool{}}
		ws, err := up.Upgrade(c.Response(), c.Request(), nil)
		if err != nil {
			return nil
		}
		ch := make(chan *websocket.PreparedMessage, 16)
		f.mu.Lock()
		f.conns[ch] = struct{}{}
		f.mu.Unlock()
		go func() { // the reader only notices the close
			for {
				if _, _, err := ws.NextReader(); err != nil {
					f.mu.Lock()
					delete(f.conns, ch)
					f.mu.Unlock()
					close(ch)
					return
				}
			}
		}()
		for pm := range ch {
			ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := ws.WritePreparedMessage(pm); err != nil {
				break
			}
		}
		ws.Close()
		return nil
	})
	e.POST("/fanout", func(c echo.Context) error {
		body, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err
		}
		pm, err := websocket.NewPreparedMessage(websocket.TextMessage, body)
		if err != nil {
			return err
		}
		f.mu.Lock()
		for ch := range f.conns {
			select {
			case ch <- pm:
			default: // a client that cannot keep up is skipped, as the hub drops it
			}
		}
		f.mu.Unlock()
		return c.NoContent(http.StatusOK)
	})
}

// bareFanout connects n clients to the noop process at addr and sends msg
// calls times through POST /fanout, one after the other; it returns for
// every send and client the time from just before the POST to the message
// read at the client, as callToBoards does for the real boards.
func bareFanout(ctx context.Context, addr string, n, calls int, msg []byte) ([]time.Duration, error) {
	base := time.Now()
	var sent atomic.Int64
	got := make(chan time.Duration, n)
	conns := make([]*websocket.Conn, 0, n)
	var wg sync.WaitGroup
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	}()
	for range n {
		c, _, err := boardDialer.DialContext(ctx, "ws://"+addr+"/ws/fanout", nil)
		if err != nil {
			return nil, fmt.Errorf("fan-out client %d: %w", len(conns)+1, err)
		}
		conns = append(conns, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				got <- time.Since(base) - time.Duration(sent.Load())
			}
		}()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	post := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/fanout", bytes.NewReader(msg))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("POST /fanout: %s", resp.Status)
		}
		return nil
	}
	// Every client is registered once a first message reaches them all.
	if err := post(); err != nil {
		return nil, err
	}
	for k := range n {
		select {
		case <-got:
		case <-time.After(10 * time.Second):
			return nil, fmt.Errorf("fan-out warm-up: %d of %d clients", k, n)
		}
	}
	out := make([]time.Duration, 0, n*calls)
	for i := range calls {
		sent.Store(int64(time.Since(base)))
		if err := post(); err != nil {
			return nil, err
		}
		timeout := time.After(10 * time.Second)
		for k := range n {
			select {
			case d := <-got:
				out = append(out, d)
			case <-timeout:
				return nil, fmt.Errorf("fan-out %d: %d of %d clients got it within 10 s", i+1, k, n)
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
	}
	return out, nil
}
