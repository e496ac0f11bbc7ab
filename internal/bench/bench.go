// Package bench is `make bench`: it measures every performance budget of
// DESIGN.md against the real xephang binary, each beside a physical anchor
// measured in the same run (one fsync of the data disk, one websocket or
// HTTP round trip on loopback, the same HTTP load against a handler that
// does nothing), and prints one Markdown table.
//
// The server always runs as its own process, built with `go build` into a
// temp dir and started on a temp database, so its RSS, start-up time and
// connection memory are its own; the 10,000 idle boards come from a second
// process of the bench binary (the open-files limit is 20,000).
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Config sizes a run. Zero values take the defaults of `make bench`.
type Config struct {
	Root string // the module root, where `go build` runs; default "."
	Dir  string // work directory for binaries and databases; default a new temp dir (removed)
	Port int    // first TCP port on 127.0.0.1; default 18107, the bench's range is 18107–18117
	Self string // the bench binary, for its hold, noop and unsynced commands; default os.Executable
	// Only runs these steps (fsync, startup, throughput, latency, boards,
	// idle, reports) instead of all (fsync, the anchor, always runs); the
	// table then leaves the others out.
	Only []string

	Reps      int           // repetitions of the throughput and latency runs; default 3
	Clients   int           // concurrent keep-alive clients; default 64
	Duration  time.Duration // measured time of one throughput run; default 3 s
	Rate      int           // tickets a second of the latency run; default 500
	RateFor   time.Duration // measured time of one latency run; default 5 s
	Boards    int           // boards connected for the call figure; default 1,000
	Calls     int           // calls made to them; default 50
	Idle      int           // idle boards held; default 10,000
	Starts    int           // start-ups timed; default 7
	Days      int           // days of history for the reports; default 250 (× 400 = 100,000 tickets)
	PerDay    int           // tickets a day of history; default 400
	ReportRep int           // fetches of each report; default 3
}

func (c *Config) defaults() error {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if c.Root == "" {
		c.Root = "."
	}
	def(&c.Port, 18107)
	def(&c.Reps, 3)
	def(&c.Clients, 64)
	defDur(&c.Duration, 3*time.Second)
	def(&c.Rate, 500)
	defDur(&c.RateFor, 5*time.Second)
	def(&c.Boards, 1000)
	def(&c.Calls, 50)
	def(&c.Idle, 10000)
	def(&c.Starts, 7)
	def(&c.Days, 250)
	def(&c.PerDay, 400)
	def(&c.ReportRep, 3)
	if c.Self == "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		c.Self = self
	}
	return nil
}

// results are the figures of one run.
type results struct {
	loadBefore, loadAfter string
	started               time.Time
	took                  time.Duration

	fsync []time.Duration // 4 KiB write + fsync on the data disk

	firstStart time.Duration   // exec → 200 on a new file (creates it, hashes the admin password)
	starts     []time.Duration // exec → 200 on an existing file
	idleRSS    int64

	issue, noop   []loadResult    // one per closed-loop run
	unsynced      []loadResult    // the same app without fsync: the ceiling
	fanout        []time.Duration // the bare fan-out of a call message: the boards' anchor
	fanoutSize    int
	writer        []writerRun // the server's ticket writer in each kiosk run
	acked, stored int64       // 201s answered, tickets found after kill -9
	gapFree       bool

	lat50, lat99 []time.Duration // one per latency run

	wsRTT      []time.Duration
	deliveries []time.Duration

	idleBefore, idleWith int64

	pdf, healthz []time.Duration

	historyTickets     int
	reportJSON, repPDF []time.Duration
	jsonSize, pdfSize  int
}

// Run measures everything and writes the table to out; progress goes to
// log. It returns the figures that missed their budget.
func Run(ctx context.Context, cfg Config, out, log io.Writer) (missedBudgets []string, err error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if err := raiseFileLimit(); err != nil {
		return nil, err
	}
	dir := cfg.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "xephang-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	r := &results{started: time.Now(), loadBefore: loadAverage()}
	step := func(name string) func() {
		fmt.Fprintf(log, "bench: %s…", name)
		start := time.Now()
		return func() { fmt.Fprintf(log, " %.1f s\n", time.Since(start).Seconds()) }
	}
	b := &run{cfg: cfg, dir: dir, r: r}

	done := step("building xephang")
	bin, err := buildServer(ctx, cfg.Root, dir)
	if err != nil {
		return nil, err
	}
	b.bin = bin
	done()
	for _, s := range []struct {
		key, name string
		fn        func(context.Context) error
	}{
		{"fsync", "fsync of the data disk", b.measureFsync},
		{"startup", "start-up and idle RSS", b.measureStartup},
		{"throughput", fmt.Sprintf("tickets/s with %d clients and the no-op floor", cfg.Clients), b.measureThroughput},
		{"latency", fmt.Sprintf("latency at %d tickets/s", cfg.Rate), b.measureLatency},
		{"boards", "websocket round trip", b.measureWSRTT},
		{"boards", fmt.Sprintf("call → %d boards", cfg.Boards), b.measureBoards},
		{"idle", fmt.Sprintf("%d idle boards", cfg.Idle), b.measureIdle},
		{"reports", fmt.Sprintf("reports over %d tickets", cfg.Days*cfg.PerDay), b.measureReports},
	} {
		if len(cfg.Only) > 0 && s.key != "fsync" && !slices.Contains(cfg.Only, s.key) {
			continue
		}
		done := step(s.name)
		if err := s.fn(ctx); err != nil {
			fmt.Fprintln(log)
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		done()
	}
	r.took = time.Since(r.started)
	r.loadAfter = loadAverage()
	writeReport(out, r, cfg)
	return missed(r, cfg), nil
}

// run is one bench run: its config, work directory, server binary and
// results.
type run struct {
	cfg  Config
	dir  string
	bin  string
	r    *results
	next int // the next port offset
}

// addr returns a fresh port of the bench's range.
func (b *run) addr() string {
	a := fmt.Sprintf("127.0.0.1:%d", b.cfg.Port+b.next%11)
	b.next++
	return a
}

// start starts the server on a database named name in the work dir.
func (b *run) start(ctx context.Context, name string) (*proc, error) {
	return startServer(ctx, b.bin, filepath.Join(b.dir, name+".db"), b.addr(), filepath.Join(b.dir, name+".log"))
}

// loadAverage is /proc/loadavg's first three fields.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// machine describes where the run happens, for the record.
func machine(dir string) []string {
	cpu := "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	kernel := "?"
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = strings.TrimSpace(string(data))
	}
	return []string{
		fmt.Sprintf("CPU: %s, %d cores (GOMAXPROCS %d)", cpu, runtime.NumCPU(), runtime.GOMAXPROCS(0)),
		fmt.Sprintf("Go: %s, kernel %s, %s/%s", runtime.Version(), kernel, runtime.GOOS, runtime.GOARCH),
		"Data disk: " + disk(dir),
	}
}

// disk names the device and file system that hold dir, from /proc/mounts
// (the longest mount point that is a prefix of dir).
func disk(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "?"
	}
	data, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return "?"
	}
	best, desc := "", "?"
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		mp := f[1]
		if (abs == mp || strings.HasPrefix(abs, strings.TrimSuffix(mp, "/")+"/")) && len(mp) > len(best) {
			best, desc = mp, fmt.Sprintf("%s (%s on %s)", f[0], f[2], mp)
		}
	}
	return desc
}
