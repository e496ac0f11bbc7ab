package bench

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Budgets of DESIGN.md (Performance); the report ones are the report
// issue's (make bench-report).
const (
	budgetCeiling   = 0.80 // durable tickets/s as a share of the same app without fsync
	budgetP99       = 20 * time.Millisecond
	budgetFanout    = 2.0   // call → boards p99 over the bare fan-out's p99
	budgetIdleConns = 400e6 // bytes of server RSS with 10,000 boards
	budgetPDF       = 3 * time.Millisecond
	budgetJSON      = 500 * time.Millisecond
	budgetRepPDF    = 2 * time.Second
	budgetIdleRSS   = 40e6
	budgetStartup   = 300 * time.Millisecond
)

// row is one line of the table; ok is nil for a line without a budget.
type row struct {
	step                                    string // the step that measures it
	figure, measured, budget, anchor, ratio string
	ok                                      *bool
}

// rows turns the results into the table.
func rows(r *results, cfg Config) []row {
	fsync := median(r.fsync)
	issue, noop := medianF(rates(r.issue)), medianF(rates(r.noop))
	ceiling := medianF(rates(r.unsynced))
	share := issue / noop
	p50, p99 := median(r.lat50), median(r.lat99)
	b50, b99 := percentile(r.deliveries, 50), percentile(r.deliveries, 99)
	f50, f99 := percentile(r.fanout, 50), percentile(r.fanout, 99)
	pdf, hz := median(r.pdf), median(r.healthz)
	perConn := float64(r.idleWith-r.idleBefore) / float64(cfg.Idle)
	start := median(r.starts)
	js, rp := median(r.reportJSON), median(r.repPDF)
	times := func(d, anchor time.Duration) string { return fmt.Sprintf("%.0f×", float64(d)/float64(anchor)) }
	all := []row{
		{
			step:     "throughput",
			figure:   fmt.Sprintf("Issue a durable ticket, %d keep-alive clients", cfg.Clients),
			measured: count(issue) + " tickets/s", budget: "≥ 80% of the same app without fsync",
			anchor: "without fsync: " + count(ceiling) + " tickets/s",
			ratio:  fmt.Sprintf("%.0f%% of the ceiling", 100*issue/ceiling),
			ok:     verdict(issue >= budgetCeiling*ceiling),
		},
		{
			step:     "throughput",
			figure:   "… the same, beside the no-op floor (no budget: the HTTP stack and the load client)",
			measured: count(issue) + " tickets/s", budget: "—",
			anchor: "no-op floor: " + count(noop) + " req/s",
			ratio:  fmt.Sprintf("%.0f%% of the floor", 100*share),
		},
		{
			step:     "throughput",
			figure:   "… the same app without fsync (not durable: the ceiling)",
			measured: count(ceiling) + " tickets/s", budget: "—",
			anchor: "no-op floor: " + count(noop) + " req/s",
			ratio:  fmt.Sprintf("%.0f%% of the floor", 100*ceiling/noop),
		},
		{
			step:     "throughput",
			figure:   "… the same, against the disk",
			measured: count(issue) + " tickets/s", budget: "—",
			anchor: "4 KiB write + fsync: " + dur(fsync) + " (" + count(float64(time.Second)/float64(fsync)) + "/s)",
			ratio:  fmt.Sprintf("%.1f tickets in one fsync's time", issue*fsync.Seconds()),
		},
		{
			step:     "latency",
			figure:   fmt.Sprintf("Issue latency p50 at %d tickets/s (open loop)", cfg.Rate),
			measured: dur(p50), budget: "—", anchor: "fsync " + dur(fsync), ratio: times(p50, fsync),
		},
		{
			step:     "latency",
			figure:   fmt.Sprintf("Issue latency p99 at %d tickets/s (open loop)", cfg.Rate),
			measured: dur(p99), budget: "< 20 ms", anchor: "fsync " + dur(fsync), ratio: times(p99, fsync),
			ok: verdict(p99 < budgetP99),
		},
		{
			step:     "boards",
			figure:   fmt.Sprintf("Call → %s boards p50 (POST next → message)", count(float64(cfg.Boards))),
			measured: dur(b50), budget: "—", anchor: "bare fan-out p50 " + dur(f50), ratio: times(b50, f50),
		},
		{
			step:     "boards",
			figure:   fmt.Sprintf("Call → %s boards p99", count(float64(cfg.Boards))),
			measured: dur(b99), budget: "≤ 2× the bare fan-out", anchor: "bare fan-out p99 " + dur(f99),
			ratio: fmt.Sprintf("%.1f×", float64(b99)/float64(f99)),
			ok:    verdict(float64(b99) <= budgetFanout*float64(f99)),
		},
		{
			step:     "idle",
			figure:   fmt.Sprintf("Server RSS with %s idle boards", count(float64(cfg.Idle))),
			measured: mb(r.idleWith), budget: "< 400 MB", anchor: "RSS before them: " + mb(r.idleBefore),
			ratio: fmt.Sprintf("%.1f kB per connection", perConn/1e3),
			ok:    verdict(r.idleWith < budgetIdleConns),
		},
		{
			step:     "boards",
			figure:   "Ticket PDF (GET …/pdf, median)",
			measured: dur(pdf), budget: "< 3 ms", anchor: "GET /healthz " + dur(hz), ratio: times(pdf, hz),
			ok: verdict(pdf < budgetPDF),
		},
		{
			step:     "reports",
			figure:   fmt.Sprintf("Report JSON over %s tickets (median)", count(float64(r.historyTickets))),
			measured: dur(js), budget: "< 500 ms ¹", anchor: "—", ratio: fmt.Sprintf("%d kB", r.jsonSize/1000),
			ok: verdict(js < budgetJSON),
		},
		{
			step:     "reports",
			figure:   fmt.Sprintf("Report PDF over %s tickets (median)", count(float64(r.historyTickets))),
			measured: dur(rp), budget: "< 2 s ¹", anchor: "—", ratio: fmt.Sprintf("%d kB", r.pdfSize/1000),
			ok: verdict(rp < budgetRepPDF),
		},
		{
			step:   "startup",
			figure: "Idle RSS after start", measured: mb(r.idleRSS), budget: "< 40 MB", anchor: "—", ratio: "—",
			ok: verdict(r.idleRSS < budgetIdleRSS),
		},
		{
			step:     "startup",
			figure:   fmt.Sprintf("Start-up, exec → first 200 on /healthz (median of %d)", len(r.starts)),
			measured: dur(start), budget: "< 300 ms", anchor: "—", ratio: "—",
			ok: verdict(start < budgetStartup),
		},
	}
	if len(cfg.Only) == 0 {
		return all
	}
	var out []row
	for _, x := range all {
		if slices.Contains(cfg.Only, x.step) {
			out = append(out, x)
		}
	}
	return out
}

// writeReport prints the run: where, when, the table and its notes.
func writeReport(w io.Writer, r *results, cfg Config) {
	fmt.Fprintf(w, "### `make bench`, %s\n\n", r.started.UTC().Format("2006-01-02 15:04 MST"))
	for _, line := range machine(cfg.Root) {
		fmt.Fprintf(w, "- %s\n", line)
	}
	fmt.Fprintf(w, "- Load average (1, 5, 15 min): %s before, %s after; the run took %.0f s\n\n",
		r.loadBefore, r.loadAfter, r.took.Seconds())
	fmt.Fprintln(w, "| Figure | Measured | Budget | Anchor (same run) | Ratio | |")
	fmt.Fprintln(w, "| --- | ---: | --- | --- | --- | --- |")
	for _, x := range rows(r, cfg) {
		v := ""
		if x.ok != nil {
			v = "ok"
			if !*x.ok {
				v = "**over**"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", x.figure, x.measured, x.budget, x.anchor, x.ratio, v)
	}
	fmt.Fprintln(w)
	ran := func(step string) bool { return len(cfg.Only) == 0 || slices.Contains(cfg.Only, step) }
	if ran("reports") {
		fmt.Fprintf(w, "¹ the report's own budget (`make bench-report`), not DESIGN.md's.\n\n")
	}
	if ran("throughput") {
		fmt.Fprintf(w, "- Tickets/s: median of %d runs of %s each (after 0.5 s of warm-up), the floor and the kiosk in turn; all runs: %s tickets/s, floor %s req/s.\n",
			len(r.issue), cfg.Duration, joinF(rates(r.issue)), joinF(rates(r.noop)))
		fmt.Fprintf(w, "- The ceiling is the same code (xephang's echo app, middleware, store and memory state) run by the bench with bbolt's fsync off, in turn with the other two; all runs: %s tickets/s. It is what the ticket figure would be if a durable commit cost nothing; the durable figure is %.0f%% of it.\n",
			joinF(rates(r.unsynced)), 100*medianF(rates(r.issue))/max(medianF(rates(r.unsynced)), 1))
		ts, tc, ns, nc := cpu(r.issue, true), cpu(r.issue, false), cpu(r.noop, true), cpu(r.noop, false)
		cs, cc := cpu(r.unsynced, true), cpu(r.unsynced, false)
		fmt.Fprintf(w, "- CPU time a request (kernel accounting, median of the runs; hardly moved by other load): ticket %s in the server + %s in the clients; without fsync %s + %s; no-op %s + %s. Server and clients share the cores, so the share of the floor is about the inverse ratio of these sums: %.0f%%.\n",
			us(ts), us(tc), us(cs), us(cc), us(ns), us(nc), 100*float64(ns+nc)/float64(max(ts+tc, 1)))
		if len(r.writer) > 0 {
			pick := func(f func(writerRun) float64) float64 {
				fs := make([]float64, len(r.writer))
				for i, x := range r.writer {
					fs[i] = f(x)
				}
				return medianF(fs)
			}
			fmt.Fprintf(w, "- Group commit (the server's /metrics over each kiosk run, medians): %.1f tickets a commit; the writer busy %.0f%% of the run; a commit %s, of which %s writing its %.1f pages and syncing the file (two fdatasyncs, fsync alone above: %s).\n",
				pick(func(x writerRun) float64 { return x.perCommit }), 100*pick(func(x writerRun) float64 { return x.busy }),
				dur(time.Duration(pick(func(x writerRun) float64 { return float64(x.commit) }))),
				dur(time.Duration(pick(func(x writerRun) float64 { return float64(x.write) }))),
				pick(func(x writerRun) float64 { return x.pages }), dur(median(slices.Clone(r.fsync))))
		}
		fmt.Fprintf(w, "- Durability: %s tickets answered 201; after kill -9 the file holds %s, numbers unique and gap-free: %v.\n",
			count(float64(r.acked)), count(float64(r.stored)), r.gapFree)
	}
	if ran("latency") {
		fmt.Fprintf(w, "- Latency: median of %d runs of %s; p50 %s, p99 %s.\n", len(r.lat99), cfg.RateFor, joinD(r.lat50), joinD(r.lat99))
	}
	if ran("boards") {
		fmt.Fprintf(w, "- Call → boards: %d calls × %d boards = %s deliveries; max %s. fsync p99 %s; websocket round trip p99 %s.\n",
			cfg.Calls, cfg.Boards, count(float64(len(r.deliveries))), dur(percentile(r.deliveries, 100)),
			dur(percentile(r.fsync, 99)), dur(percentile(r.wsRTT, 99)))
		fmt.Fprintf(w, "- The bare fan-out is the same call message (%d bytes) sent by gorilla/websocket alone (one PreparedMessage, one writer goroutine per connection, in the noop process) to as many connections from the same bench process, right after the boards: max %s.\n",
			r.fanoutSize, dur(percentile(r.fanout, 100)))
		fmt.Fprintf(w, "- Ticket PDF p99 %s.\n", dur(percentile(r.pdf, 99)))
	}
	if ran("startup") {
		fmt.Fprintf(w, "- Start-up on a new file (creates it and the admin's bcrypt hash) %s; start-ups %s.\n",
			dur(r.firstStart), joinD(r.starts))
	}
	if ran("reports") {
		fmt.Fprintf(w, "- Reports: JSON %s; PDF %s.\n", joinD(r.reportJSON), joinD(r.repPDF))
	}
}

func verdict(ok bool) *bool { return &ok }

// Missed lists the figures over budget in the table of r.
func missed(r *results, cfg Config) []string {
	var out []string
	for _, x := range rows(r, cfg) {
		if x.ok != nil && !*x.ok {
			out = append(out, x.figure)
		}
	}
	return out
}

// percentile returns the p-th percentile (0–100, nearest rank) of ds; ds
// is sorted in place.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(float64(len(ds))*p/100+0.5) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}

// median is the middle value of ds (sorted in place).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	if n := len(ds); n%2 == 0 {
		return (ds[n/2-1] + ds[n/2]) / 2
	}
	return ds[len(ds)/2]
}

func medianF(fs []float64) float64 {
	if len(fs) == 0 {
		return 0
	}
	s := slices.Clone(fs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// dur prints a duration with three significant digits at most.
func dur(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms >= 1000:
		return strconv.FormatFloat(ms/1000, 'f', 2, 64) + " s"
	case ms >= 100:
		return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
	case ms >= 10:
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	case ms >= 1:
		return strconv.FormatFloat(ms, 'f', 2, 64) + " ms"
	}
	return strconv.FormatFloat(ms, 'f', 3, 64) + " ms"
}

// count prints a whole number with thousands separators.
func count(v float64) string {
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// mb prints bytes in megabytes (10⁶, as the budgets).
func mb(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB" }

func joinF(fs []float64) string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = count(f)
	}
	return strings.Join(out, ", ")
}

func joinD(ds []time.Duration) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = dur(d)
	}
	return strings.Join(out, ", ")
}

func rates(rs []loadResult) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r.rate
	}
	return out
}

// cpu is the median CPU time a request of the runs, of the server or of
// the clients.
func cpu(rs []loadResult, server bool) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = r.clientCPU
		if server {
			ds[i] = r.serverCPU
		}
	}
	return median(ds)
}

func us(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e3, 'f', 0, 64) + " µs" }
