package bench

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"xephang/bolt"
	"xephang/queue"
)

// measureFsync times a 4 KiB write and its fsync on the disk of the
// databases, 200 times: the cost every durable commit pays at least once.
func (b *run) measureFsync(ctx context.Context) error {
	f, err := os.OpenFile(filepath.Join(b.dir, "fsync.probe"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	rand.Read(buf)
	if _, err := f.WriteAt(buf, 0); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	for i := range 200 {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		buf[0] = byte(i)
		start := time.Now()
		if _, err := f.WriteAt(buf, 0); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		b.r.fsync = append(b.r.fsync, time.Since(start))
	}
	return nil
}

// measureStartup starts the binary on a new database once (it creates the
// file and the first admin), then cfg.Starts times on that file, timing
// exec → the first 200 on /healthz; the idle RSS is the last start's, once
// it settled.
func (b *run) measureStartup(ctx context.Context) error {
	for i := range b.cfg.Starts + 1 {
		p, err := b.start(ctx, "startup")
		if err != nil {
			return err
		}
		if i == 0 {
			b.r.firstStart = p.ready
		} else {
			b.r.starts = append(b.r.starts, p.ready)
		}
		if i == b.cfg.Starts {
			sleep(ctx, time.Second)
			if b.r.idleRSS, err = settledRSS(p); err != nil {
				p.stop()
				return err
			}
		}
		if err := p.stop(); err != nil {
			return err
		}
	}
	return nil
}

// measureThroughput runs the closed-loop load against the no-op floor,
// the real kiosk endpoint and the same app without fsync (the ceiling) in
// turn, cfg.Reps times each, then kills the server (SIGKILL) and checks
// that every acknowledged ticket is in the file with gap-free numbers.
func (b *run) measureThroughput(ctx context.Context) error {
	noop, err := b.startNoop(ctx)
	if err != nil {
		return err
	}
	defer noop.stop()
	addr := b.addr()
	ceiling, err := startProc(ctx, b.cfg.Self, []string{"unsynced", "-addr", addr, "-data", filepath.Join(b.dir, "unsynced.db")},
		addr, filepath.Join(b.dir, "unsynced.log"))
	if err != nil {
		return err
	}
	defer ceiling.stop()
	srv, err := b.start(ctx, "issue")
	if err != nil {
		return err
	}
	defer srv.stop()
	const warm = 500 * time.Millisecond
	for range b.cfg.Reps {
		res, err := closedLoop(ctx, noop.url+"/api/v1/tickets", b.cfg.Clients, warm, b.cfg.Duration, noop.cmd.Process.Pid)
		if err != nil {
			return fmt.Errorf("no-op floor: %w", err)
		}
		b.r.noop = append(b.r.noop, res)
		before, err := sampleWriter(ctx, srv.url)
		if err != nil {
			return err
		}
		res, err = closedLoop(ctx, srv.url+"/api/v1/tickets", b.cfg.Clients, warm, b.cfg.Duration, srv.cmd.Process.Pid)
		b.r.acked += res.acked
		if err != nil {
			return fmt.Errorf("tickets: %w", err)
		}
		b.r.issue = append(b.r.issue, res)
		after, err := sampleWriter(ctx, srv.url)
		if err != nil {
			return err
		}
		b.r.writer = append(b.r.writer, between(before, after))
		res, err = closedLoop(ctx, ceiling.url+"/api/v1/tickets", b.cfg.Clients, warm, b.cfg.Duration, ceiling.cmd.Process.Pid)
		if err != nil {
			return fmt.Errorf("tickets without fsync: %w", err)
		}
		b.r.unsynced = append(b.r.unsynced, res)
	}
	srv.cmd.Process.Signal(syscall.SIGKILL)
	<-srv.exited
	b.r.stored, b.r.gapFree, err = countTickets(ctx, filepath.Join(b.dir, "issue.db"))
	if err != nil {
		return err
	}
	if b.r.stored < b.r.acked {
		return fmt.Errorf("%d tickets acknowledged, only %d in the file after kill -9", b.r.acked, b.r.stored)
	}
	if !b.r.gapFree {
		return fmt.Errorf("ticket numbers are not gap-free after kill -9")
	}
	return nil
}

// countTickets opens the database at path and counts its tickets, and
// checks that the numbers of each service and day run 1, 2, 3… without a
// gap or a repeat.
func countTickets(ctx context.Context, path string) (n int64, gapFree bool, err error) {
	s, err := bolt.Open(path, bolt.Options{})
	if err != nil {
		return 0, false, err
	}
	defer s.Close()
	type key struct{ day, service string }
	seen := map[key]map[int]bool{}
	count := map[key]int{}
	err = s.ForEachTicket(ctx, "2000-01-01", "2099-12-31", func(t *queue.Ticket) error {
		n++
		k := key{t.Day, t.IssuedFor}
		if seen[k] == nil {
			seen[k] = map[int]bool{}
		}
		num, err := strconv.Atoi(strings.TrimLeft(t.Number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		if err != nil {
			return fmt.Errorf("ticket number %q: %w", t.Number, err)
		}
		seen[k][num] = true
		count[k]++
		return nil
	})
	if err != nil {
		return n, false, err
	}
	for k, nums := range seen {
		if len(nums) != count[k] {
			return n, false, nil // a number given twice
		}
		for i := 1; i <= len(nums); i++ {
			if !nums[i] {
				return n, false, nil
			}
		}
	}
	return n, true, nil
}

// measureLatency sends tickets at a fixed rate (open loop) to a fresh
// server, cfg.Reps times.
func (b *run) measureLatency(ctx context.Context) error {
	srv, err := b.start(ctx, "latency")
	if err != nil {
		return err
	}
	defer srv.stop()
	for range b.cfg.Reps {
		lat, err := openLoop(ctx, srv.url+"/api/v1/tickets", b.cfg.Rate, 500*time.Millisecond, b.cfg.RateFor)
		if err != nil {
			return err
		}
		b.r.lat50 = append(b.r.lat50, percentile(lat, 50))
		b.r.lat99 = append(b.r.lat99, percentile(lat, 99))
	}
	return nil
}

// measureWSRTT is the anchor of the board figure.
func (b *run) measureWSRTT(ctx context.Context) error {
	noop, err := b.startNoop(ctx)
	if err != nil {
		return err
	}
	defer noop.stop()
	b.r.wsRTT, err = wsRoundTrips(ctx, noop.addr, 2000)
	return err
}

// startNoop starts the anchors' process (ServeNoop).
func (b *run) startNoop(ctx context.Context) (*proc, error) {
	addr := b.addr()
	return startProc(ctx, b.cfg.Self, []string{"noop", "-addr", addr}, addr, filepath.Join(b.dir, "noop.log"))
}

// measureBoards connects cfg.Boards boards to a fresh server and times
// cfg.Calls calls to them; then, on the same server, the ticket PDF and
// its anchor, /healthz.
func (b *run) measureBoards(ctx context.Context) error {
	srv, err := b.start(ctx, "boards")
	if err != nil {
		return err
	}
	defer srv.stop()
	var sample []byte
	if b.r.deliveries, sample, err = callToBoards(ctx, srv, b.cfg.Boards, b.cfg.Calls); err != nil {
		return err
	}
	// The anchor: the same message to the same number of connections by
	// gorilla alone, in the noop process, right after.
	noop, err := b.startNoop(ctx)
	if err != nil {
		return err
	}
	b.r.fanoutSize = len(sample)
	b.r.fanout, err = bareFanout(ctx, noop.addr, b.cfg.Boards, b.cfg.Calls, sample)
	noop.stop()
	if err != nil {
		return err
	}
	admin, err := login(ctx, srv.url)
	if err != nil {
		return err
	}
	token, err := admin.ticket(ctx, "chung-thuc")
	if err != nil {
		return err
	}
	for i := range 330 {
		start := time.Now()
		if _, err := admin.do(ctx, http.MethodGet, "/api/v1/tickets/"+token+"/pdf", "", http.StatusOK); err != nil {
			return err
		}
		if i >= 30 { // the first ones warm the font subsets and the heap
			b.r.pdf = append(b.r.pdf, time.Since(start))
		}
		start = time.Now()
		if _, err := admin.do(ctx, http.MethodGet, "/healthz", "", http.StatusOK); err != nil {
			return err
		}
		if i >= 30 {
			b.r.healthz = append(b.r.healthz, time.Since(start))
		}
	}
	return nil
}

// measureIdle holds cfg.Idle idle boards on a fresh server from a second
// process.
func (b *run) measureIdle(ctx context.Context) error {
	srv, err := b.start(ctx, "idle")
	if err != nil {
		return err
	}
	defer srv.stop()
	b.r.idleBefore, b.r.idleWith, err = holdBoards(ctx, b.cfg.Self, srv, b.cfg.Idle)
	return err
}

// measureReports fills a database with the history, serves it and times
// the JSON and PDF reports over all of it.
func (b *run) measureReports(ctx context.Context) error {
	from, to, err := fillHistory(ctx, filepath.Join(b.dir, "report.db"), b.cfg.Days, b.cfg.PerDay)
	if err != nil {
		return err
	}
	b.r.historyTickets = b.cfg.Days * b.cfg.PerDay
	srv, err := b.start(ctx, "report")
	if err != nil {
		return err
	}
	defer srv.stop()
	admin, err := login(ctx, srv.url)
	if err != nil {
		return err
	}
	// One of each first: the heap grows to its working size.
	if _, _, err := reportTimes(ctx, admin, from, to, "json", 1); err != nil {
		return err
	}
	if b.r.reportJSON, b.r.jsonSize, err = reportTimes(ctx, admin, from, to, "json", b.cfg.ReportRep); err != nil {
		return err
	}
	if b.r.repPDF, b.r.pdfSize, err = reportTimes(ctx, admin, from, to, "pdf", b.cfg.ReportRep); err != nil {
		return err
	}
	return nil
}
