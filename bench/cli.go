package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"
)

// Main is the bench binary: `xephang-bench [flags]` runs everything and
// prints the table; `hold`, `noop` and `unsynced` are its helper
// processes. It returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "hold":
			fs := flag.NewFlagSet("xephang-bench hold", flag.ContinueOnError)
			fs.SetOutput(stderr)
			addr := fs.String("addr", "", "host:port of the xephang server")
			n := fs.Int("n", 10000, "boards to hold")
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			if err := Hold(ctx, *addr, *n, stdin, stdout); err != nil {
				fmt.Fprintln(stderr, "xephang-bench hold:", err)
				return 1
			}
			return 0
		case "load":
			// The closed loop alone, against a server started by hand: for
			// profiling it (perf record -p, or pprof).
			fs := flag.NewFlagSet("xephang-bench load", flag.ContinueOnError)
			fs.SetOutput(stderr)
			url := fs.String("url", "http://127.0.0.1:18107/api/v1/tickets", "the kiosk endpoint")
			clients := fs.Int("clients", 64, "concurrent keep-alive clients")
			d := fs.Duration("duration", 10*time.Second, "measured time")
			pid := fs.Int("pid", 0, "the server's process id, for its CPU time a request")
			prof := fs.String("cpuprofile", "", "write the clients' CPU profile to this file")
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			if *prof != "" {
				f, err := os.Create(*prof)
				if err != nil {
					fmt.Fprintln(stderr, "xephang-bench load:", err)
					return 1
				}
				defer f.Close()
				pprof.StartCPUProfile(f)
				defer pprof.StopCPUProfile()
			}
			res, err := closedLoop(ctx, *url, *clients, 500*time.Millisecond, *d, *pid)
			if err != nil {
				fmt.Fprintln(stderr, "xephang-bench load:", err)
				return 1
			}
			fmt.Fprintf(stdout, "%.0f requests/s (%d answered 201); CPU a request: server %.1f µs, client %.1f µs\n",
				res.rate, res.acked, float64(res.serverCPU)/1e3, float64(res.clientCPU)/1e3)
			return 0
		case "unsynced":
			fs := flag.NewFlagSet("xephang-bench unsynced", flag.ContinueOnError)
			fs.SetOutput(stderr)
			addr := fs.String("addr", "127.0.0.1:18109", "address to listen on")
			data := fs.String("data", "", "database file (created if missing); its tickets are not durable")
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			if *data == "" {
				fmt.Fprintln(stderr, "xephang-bench unsynced: -data is required")
				return 2
			}
			if err := ServeUnsynced(ctx, *addr, *data); err != nil {
				fmt.Fprintln(stderr, "xephang-bench unsynced:", err)
				return 1
			}
			return 0
		case "noop":
			fs := flag.NewFlagSet("xephang-bench noop", flag.ContinueOnError)
			fs.SetOutput(stderr)
			addr := fs.String("addr", "127.0.0.1:18108", "address to listen on")
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			if err := ServeNoop(ctx, *addr); err != nil {
				fmt.Fprintln(stderr, "xephang-bench noop:", err)
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
