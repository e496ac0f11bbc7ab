package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"
)

// errUsage marks a helper command's flags as wrong: exit code 2.
var errUsage = errors.New("usage")

// helpers are the bench binary's helper commands. Each defines its flags
// on fs and returns what to run once they are parsed.
func helpers(ctx context.Context, stdin io.Reader, stdout io.Writer) map[string]func(fs *flag.FlagSet) func() error {
	return map[string]func(*flag.FlagSet) func() error{
		"hold": func(fs *flag.FlagSet) func() error {
			addr := fs.String("addr", "", "host:port of the xephang server")
			n := fs.Int("n", 10000, "boards to hold")
			return func() error { return Hold(ctx, *addr, *n, stdin, stdout) }
		},
		// The closed loop alone, against a server started by hand: for
		// profiling it (perf record -p, or pprof).
		"load": func(fs *flag.FlagSet) func() error {
			url := fs.String("url", "http://127.0.0.1:18107/api/v1/tickets", "the kiosk endpoint")
			clients := fs.Int("clients", 64, "concurrent keep-alive clients")
			d := fs.Duration("duration", 10*time.Second, "measured time")
			pid := fs.Int("pid", 0, "the server's process id, for its CPU time a request")
			prof := fs.String("cpuprofile", "", "write the clients' CPU profile to this file")
			return func() error { return load(ctx, stdout, *url, *clients, *d, *pid, *prof) }
		},
		"noop": func(fs *flag.FlagSet) func() error {
			addr := fs.String("addr", "127.0.0.1:18108", "address to listen on")
			return func() error { return ServeNoop(ctx, *addr) }
		},
		"unsynced": func(fs *flag.FlagSet) func() error {
			addr := fs.String("addr", "127.0.0.1:18109", "address to listen on")
			data := fs.String("data", "", "database file (created if missing); its tickets are not durable")
			return func() error {
				if *data == "" {
					return fmt.Errorf("%w: -data is required", errUsage)
				}
				return ServeUnsynced(ctx, *addr, *data)
			}
		},
	}
}

// load runs the closed loop against url and prints its rate and CPU.
func load(ctx context.Context, stdout io.Writer, url string, clients int, d time.Duration, pid int, prof string) error {
	if prof != "" {
		f, err := os.Create(prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := closedLoop(ctx, url, clients, 500*time.Millisecond, d, pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%.0f requests/s (%d answered 201); CPU a request: server %.1f µs, client %.1f µs\n",
		res.rate, res.acked, float64(res.serverCPU)/1e3, float64(res.clientCPU)/1e3)
	return nil
}

// Main is the bench binary: `xephang-bench [flags]` runs everything and
// prints the table; `hold`, `load`, `noop` and `unsynced` are its helper
// commands. It returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if define, ok := helpers(ctx, stdin, stdout)[args[0]]; ok {
			name := "xephang-bench " + args[0]
			fs := flag.NewFlagSet(name, flag.ContinueOnError)
			fs.SetOutput(stderr)
			run := define(fs)
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			if err := run(); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", name, err)
				if errors.Is(err, errUsage) {
					return 2
				}
				return 1
			}
			return 0
		}
	}
	var cfg Config
	fs := flag.NewFlagSet("xephang-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Root, "root", ".", "module root of xephang (where go build runs)")
	fs.StringVar(&cfg.Dir, "dir", "", "work directory for the binary and the databases (default: a new temp dir, removed after)")
	fs.IntVar(&cfg.Port, "port", 18107, "first of the 11 loopback ports the bench may use")
	fs.IntVar(&cfg.Reps, "reps", 3, "repetitions of the throughput and latency runs")
	fs.DurationVar(&cfg.Duration, "duration", 0, "measured time of one throughput run (default 3s)")
	fs.IntVar(&cfg.Boards, "boards", 1000, "boards that receive the calls")
	fs.IntVar(&cfg.Idle, "idle", 10000, "idle boards held")
	strict := fs.Bool("strict", false, "exit 1 when a figure misses its budget")
	only := fs.String("only", "", "comma-separated steps to run instead of all: fsync,startup,throughput,latency,boards,idle,reports")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	m, err := Run(ctx, cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "xephang-bench:", err)
		return 1
	}
	if len(m) > 0 {
		fmt.Fprintf(stderr, "xephang-bench: over budget: %s\n", strings.Join(m, "; "))
		if *strict {
			return 1
		}
	}
	return 0
}
