package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ticketBodies are the kiosk's requests, one per default service, so the
// load spreads over the eight lines as a real lobby's would.
var ticketBodies = func() [][]byte {
	ids := []string{"tu-phap-ho-tich", "chung-thuc", "dat-dai", "ho-kinh-doanh",
		"xay-dung", "bao-tro-xa-hoi", "huong-dan-truc-tuyen", "tra-ket-qua"}
	out := make([][]byte, len(ids))
	for i, id := range ids {
		out[i] = []byte(`{"service_id":"` + id + `","priority":false}`)
	}
	return out
}()

// loadResult is what a closed loop measured.
type loadResult struct {
	rate  float64 // answers a second over the measured time
	acked int64   // 201s of the whole run, warm-up included
	// CPU time a request over the measured time, of the server process
	// and of this one (the clients), from the kernel's accounting: a cost
	// that other load on the machine does not change much.
	serverCPU, clientCPU time.Duration
}

// closedLoop runs clients keep-alive clients that each post tickets to url
// one after the other, as fast as the answers come, and measures the
// answers over dur, after a warm-up (connections open, buffers grown).
// pid is the server's process, for its CPU time; 0 for none.
func closedLoop(ctx context.Context, url string, clients int, warm, dur time.Duration, pid int) (res loadResult, err error) {
	t, err := parseTarget(url)
	if err != nil {
		return res, err
	}
	conns := make([]*conn, clients)
	for i := range conns {
		if conns[i], err = dial(ctx, t); err != nil {
			return res, err
		}
		defer conns[i].close()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		done     atomic.Int64
		firstErr error
		errOnce  sync.Once
		wg       sync.WaitGroup
	)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := i; ctx.Err() == nil; j++ {
				if err := c.post(t, ticketBodies[j%len(ticketBodies)], http.StatusCreated); err != nil {
					if ctx.Err() == nil {
						errOnce.Do(func() { firstErr = err; cancel() })
					}
					return
				}
				done.Add(1)
			}
		}()
	}
	sleep(ctx, warm)
	n0, t0, s0, c0 := done.Load(), time.Now(), processCPU(pid), selfCPU()
	sleep(ctx, dur)
	n1, t1, s1, c1 := done.Load(), time.Now(), processCPU(pid), selfCPU()
	cancel()
	wg.Wait()
	res.acked = done.Load()
	if firstErr != nil {
		return res, firstErr
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return res, err
	}
	if n := n1 - n0; n > 0 {
		res.rate = float64(n) / t1.Sub(t0).Seconds()
		res.serverCPU = (s1 - s0) / time.Duration(n)
		res.clientCPU = (c1 - c0) / time.Duration(n)
	}
	return res, nil
}

// processCPU is the user and system CPU time process pid used so far,
// from /proc/<pid>/stat (in clock ticks of 10 ms); 0 when unknown.
func processCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it do not.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// selfCPU is the user and system CPU time of this process so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// openLoop posts tickets to url at a fixed rate for dur, each on its
// schedule whether or not earlier answers came back, and returns the
// latency of each from its scheduled time (so a stall counts against every
// request it delayed). The first warm of requests are sent but not
// counted.
func openLoop(ctx context.Context, url string, perSecond int, warm, dur time.Duration) ([]time.Duration, error) {
	t, err := parseTarget(url)
	if err != nil {
		return nil, err
	}
	// Idle connections wait here; a request finding none dials one, so
	// the schedule never waits for a connection.
	idle := make(chan *conn, 1024)
	defer func() {
		close(idle)
		for c := range idle {
			c.close()
		}
	}()
	interval := time.Second / time.Duration(perSecond)
	total := int((warm + dur) / interval)
	skip := int(warm / interval)
	lat := make([]time.Duration, total)
	var (
		wg       sync.WaitGroup
		firstErr error
		errOnce  sync.Once
	)
	start := time.Now()
	for i := range total {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > 0 {
			sleep(ctx, d)
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c *conn
			select {
			case c = <-idle:
			default:
				var err error
				if c, err = dial(ctx, t); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
			}
			if err := c.post(t, ticketBodies[i%len(ticketBodies)], http.StatusCreated); err != nil {
				c.close()
				errOnce.Do(func() { firstErr = err })
				return
			}
			lat[i] = time.Since(at)
			idle <- c
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return lat[skip:], nil
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
