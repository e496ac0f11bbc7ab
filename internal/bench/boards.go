package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// boardDialer dials board streams with small buffers: a board only reads.
var boardDialer = &websocket.Dialer{
	HandshakeTimeout: 10 * time.Second,
	ReadBufferSize:   1024, WriteBufferSize: 256,
	WriteBufferPool: &sync.Pool{},
}

// dialBoard connects one board and reads its snapshot.
func dialBoard(ctx context.Context, addr string) (*websocket.Conn, error) {
	c, _, err := boardDialer.DialContext(ctx, "ws://"+addr+"/ws/board", nil)
	if err != nil {
		return nil, err
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, msg, err := c.ReadMessage()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if !bytes.HasPrefix(msg, []byte(`{"type":"snapshot"`)) {
		c.Close()
		return nil, fmt.Errorf("first message is not the snapshot: %.80s", msg)
	}
	c.SetReadDeadline(time.Time{})
	return c, nil
}

// callToBoards connects n boards to the server, then has the admin call
// calls tickets at counter 1, one after the other, and returns for every
// call and every board the time from just before the POST .../next to the
// call message read at the board.
// sample is one of the call messages, for the bare fan-out to send.
func callToBoards(ctx context.Context, srv *proc, n, calls int) (deliveries []time.Duration, sample []byte, err error) {
	admin, err := login(ctx, srv.url)
	if err != nil {
		return nil, nil, err
	}
	if _, err := admin.do(ctx, http.MethodPost, "/api/v1/counters/quay-1/open", "", http.StatusOK); err != nil {
		return nil, nil, err
	}
	for range calls {
		if _, err := admin.ticket(ctx, "tra-ket-qua"); err != nil {
			return nil, nil, err
		}
	}
	base := time.Now()
	var sent atomic.Int64 // since base, just before the POST
	got := make(chan time.Duration, n)
	conns := make([]*websocket.Conn, 0, n)
	var (
		wg       sync.WaitGroup
		sampleMu sync.Mutex
	)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	}()
	for range n {
		c, err := dialBoard(ctx, srv.addr)
		if err != nil {
			return nil, nil, fmt.Errorf("board %d: %w", len(conns)+1, err)
		}
		conns = append(conns, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, msg, err := c.ReadMessage()
				if err != nil {
					return
				}
				if bytes.HasPrefix(msg, []byte(`{"type":"call"`)) {
					got <- time.Since(base) - time.Duration(sent.Load())
					sampleMu.Lock()
					if sample == nil {
						sample = bytes.Clone(msg)
					}
					sampleMu.Unlock()
				}
			}
		}()
	}
	out := make([]time.Duration, 0, n*calls)
	for i := range calls {
		if i > 0 {
			if _, err := admin.do(ctx, http.MethodPost, "/api/v1/counters/quay-1/done", "", http.StatusOK); err != nil {
				return nil, nil, err
			}
		}
		sent.Store(int64(time.Since(base)))
		if _, err := admin.do(ctx, http.MethodPost, "/api/v1/counters/quay-1/next", "", http.StatusOK); err != nil {
			return nil, nil, err
		}
		timeout := time.After(10 * time.Second)
		for k := range n {
			select {
			case d := <-got:
				out = append(out, d)
			case <-timeout:
				return nil, nil, fmt.Errorf("call %d: %d of %d boards got it within 10 s", i+1, k, n)
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
		}
	}
	sampleMu.Lock()
	defer sampleMu.Unlock()
	return out, sample, nil
}

// wsRoundTrips measures the physical anchor of the board figure: one
// websocket message to the echo of the noop process at addr and back, n
// times, with the same library, between two processes as a board's.
func wsRoundTrips(ctx context.Context, addr string, n int) ([]time.Duration, error) {
	c, _, err := websocket.DefaultDialer.DialContext(ctx, "ws://"+addr+"/ws/echo", nil)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	msg := []byte(`{"type":"ping"}`)
	out := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if err := c.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil, err
		}
		if _, _, err := c.ReadMessage(); err != nil {
			return nil, err
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

// holdBoards runs the hold command of the bench binary self in its own
// process (open-files limit), which connects n idle boards to the server,
// and returns the server's RSS before and with them.
func holdBoards(ctx context.Context, self string, srv *proc, n int) (before, with int64, err error) {
	before, err = settledRSS(srv)
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(ctx, self, "hold", "-addr", srv.addr, "-n", strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, 0, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		stdin.Close()
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = fmt.Errorf("hold: %w: %s", werr, stderr.String())
		}
	}()
	line, rerr := bufio.NewReader(stdout).ReadString('\n')
	if rerr != nil || !strings.HasPrefix(line, "ready ") {
		return 0, 0, fmt.Errorf("hold did not connect %d boards: %q %v", n, line, stderr.String())
	}
	with, err = settledRSS(srv)
	return before, with, err
}

// settledRSS reads the RSS of the server once it stopped moving (two
// readings 200 ms apart within 1%), at most 3 s later.
func settledRSS(srv *proc) (int64, error) {
	prev, err := srv.rss()
	if err != nil {
		return 0, err
	}
	for range 15 {
		time.Sleep(200 * time.Millisecond)
		cur, err := srv.rss()
		if err != nil {
			return 0, err
		}
		if d := cur - prev; d < prev/100 && -d < prev/100 {
			return cur, nil
		}
		prev = cur
	}
	return prev, nil
}

// Hold connects n boards to the xephang server at addr, each read up to
// its snapshot, prints "ready n", holds them idle until its standard input
// closes, then closes them. It is the bench's second process, so the
// server's 10,000 connections and the client's fit the open-files limit.
func Hold(ctx context.Context, addr string, n int, stdin io.Reader, stdout io.Writer) error {
	if err := raiseFileLimit(); err != nil {
		return err
	}
	conns := make([]*websocket.Conn, n)
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		failed  atomic.Bool
		first   error
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || failed.Load() {
					return
				}
				c, err := dialBoard(ctx, addr)
				if err != nil {
					errOnce.Do(func() { first = fmt.Errorf("board %d: %w", i+1, err) })
					failed.Store(true)
					return
				}
				conns[i] = c
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	if first != nil {
		return first
	}
	fmt.Fprintf(stdout, "ready %d\n", n)
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	_, err := io.Copy(io.Discard, stdin)
	if errors.Is(err, os.ErrClosed) {
		err = nil
	}
	return err
}
