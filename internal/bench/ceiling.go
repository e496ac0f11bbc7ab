package bench

import (
	"context"
	"io"
	"log/slog"
	"net"

	"xephang/bolt"
	"xephang/server"
)

// ServeUnsynced serves the real xephang app on addr, on the database at
// data opened without fsync, until ctx ends: the kiosk endpoint with the
// same code, middleware and memory state as the binary, but nothing
// waits for the disk. A ticket it answers is NOT durable, so it exists
// only here, as a bench process: the same load against it is the ceiling
// of the stack, what the ticket figure would be if a durable commit cost
// nothing. The xephang binary has no way to turn fsync off.
func ServeUnsynced(ctx context.Context, addr, data string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serveUnsynced(ctx, ln, data)
}

func serveUnsynced(ctx context.Context, ln net.Listener, data string) error {
	store, err := bolt.Open(data, bolt.Options{AlwaysOpen: true, NoSync: true})
	if err != nil {
		ln.Close()
		return err
	}
	defer store.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := server.New(server.Config{BaseURL: "http://" + ln.Addr().String()}, store, log)
	if err != nil {
		ln.Close()
		return err
	}
	return srv.Run(ctx, ln)
}
