package e2e

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/internal/testutil"
	"xephang/queue"
	"xephang/server"
)

// ServeOptions tune ServeApp: where it listens, which database file it
// opens, and which clock it reads.
type ServeOptions struct {
	Options
	// Addr is host:port to listen on; empty is "127.0.0.1:0" (any port).
	// A restarted app passes the address of the one it replaces.
	Addr string
	// Path is the database file; empty is a new file in the test's temp
	// dir. A restarted app passes the file of the one it replaces.
	Path string
	// Clock is the clock to read; nil is a new clock at Options.Now. A
	// restarted app passes the clock of the one it replaces.
	Clock *testutil.Clock
}

// Served is an app that the test can stop and start again on the same
// address and file, as a real server restarts: the pages it served must
// come back to it by themselves.
type Served struct {
	*App
	Addr string
	Path string

	stopOnce sync.Once
	stop     func(t testing.TB)
}

// ServeApp starts the application on a real listener (o.Addr) over the
// database file o.Path, with the admin and officer accounts of NewApp
// (created only if the file does not have them yet). It is stopped when
// the test ends, or earlier by Stop.
func ServeApp(t testing.TB, o ServeOptions) *Served {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testutil.CampaignMorning
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.Path == "" {
		o.Path = filepath.Join(t.TempDir(), "xephang.db")
	}
	clock := o.Clock
	if clock == nil {
		clock = testutil.NewClock(o.Now)
	}
	ln := listen(t, o.Addr)
	storeOpts := o.Store
	storeOpts.Now = clock.Now
	store, err := bolt.Open(o.Path, storeOpts)
	if err != nil {
		ln.Close()
		t.Fatalf("open store %s: %v", o.Path, err)
	}
	logBuf := &LogBuffer{}
	log := slog.New(slog.NewTextHandler(logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := o.Server
	cfg.IssueLimit = o.IssueLimit
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = bcrypt.MinCost
	}
	srv, err := server.New(cfg, store, log)
	if err != nil {
		ln.Close()
		store.Close()
		t.Fatalf("server.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopLoops := srv.Start(ctx)
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	s := &Served{
		App:  &App{URL: hs.URL, Store: store, Clock: clock, Server: srv, HTTP: hs, Log: logBuf},
		Addr: ln.Addr().String(),
		Path: o.Path,
	}
	s.stop = func(t testing.TB) {
		// As the service stops: no new requests, then the background loops
		// (the board hub closes every websocket), then the file.
		hs.Close()
		cancel()
		stopLoops()
		testutil.CloseAndCheck(t, store)
	}
	t.Cleanup(func() { s.Stop(t) })
	s.AdminID = s.ensureUser(t, AdminUser, AdminPassword, queue.RoleAdmin)
	s.OfficerID = s.ensureUser(t, OfficerUser, OfficerPassword, queue.RoleOfficer)
	return s
}

// Stop stops the app and closes its database, so another may open it.
// Safe to call twice.
func (s *Served) Stop(t testing.TB) {
	t.Helper()
	s.stopOnce.Do(func() { s.stop(t) })
}

// Restart stops s and starts a new app on the same address, file and
// clock.
func (s *Served) Restart(t testing.TB, o Options) *Served {
	t.Helper()
	s.Stop(t)
	return ServeApp(t, ServeOptions{Options: o, Addr: s.Addr, Path: s.Path, Clock: s.Clock})
}

func (s *Served) ensureUser(t testing.TB, username, password, role string) string {
	t.Helper()
	if u, err := s.Store.UserByUsername(context.Background(), username); err == nil {
		return u.ID
	}
	return s.CreateUser(t, username, password, role)
}

// listen binds addr, retrying for a while when a port just released is
// not free yet.
func listen(t testing.TB, addr string) net.Listener {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			t.Fatalf("listen %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
