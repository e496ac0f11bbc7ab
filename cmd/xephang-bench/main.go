// Command xephang-bench is `make bench`: it builds and starts the xephang
// binary, measures every performance budget of DESIGN.md beside its
// physical anchor, and prints one Markdown table. See internal/bench.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"xephang/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := bench.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
