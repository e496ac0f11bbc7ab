// Package server is the echo application of xephang: it composes the
// handler packages behind sign-in, CSRF and rate limits, maps domain errors
// to HTTP once, serves the embedded pages and runs the HTTP server with a
// graceful shutdown.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	adminapi "xephang/admin"
	"xephang/board"
	"xephang/counter"
	"xephang/kiosk"
	"xephang/notice"
	"xephang/queue"
	"xephang/report"
)

// Config is what the server takes from flags and the environment.
type Config struct {
	// BaseURL is the public address of the service, for the QR codes of
	// tickets; empty means the address each caller used.
	BaseURL string
	// IssueLimit is how many tickets a minute one client address may take;
	// 0 turns the limit off.
	IssueLimit int
	// PrintCmd, when set, prints each new ticket on the server.
	PrintCmd string
	// BcryptCost is the cost of new password hashes; 0 is bcrypt's default.
	BcryptCost int
	// SessionTTL is how long a sign-in lasts; 0 is 12 hours.
	SessionTTL time.Duration
	// ShutdownTimeout bounds the graceful shutdown; 0 is 10 s.
	ShutdownTimeout time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; from any other peer the client is the peer itself.
	TrustedProxies []*net.IPNet
	// WSPerAddr caps the board streams of one client address; 0 is 256
	// (a whole lobby behind one NAT), negative is no cap.
	WSPerAddr int
	// WSMax caps the board streams in all; 0 is below the open-files
	// limit with a reserve for HTTP (wsMaxDefault).
	WSMax int
}

// Sign-in attempts allowed a minute: at one username from one client
// address, and from one address whatever the username (a center's
// officers behind one NAT sign in at the start of a session).
const (
	LoginPerUserAddr = 10
	LoginPerAddr     = 30
)

// Server is the composed application.
type Server struct {
	cfg    Config
	store  queue.Store
	log    *slog.Logger
	echo   *echo.Echo
	pages  *pages
	public *publicPage
	// Sign-in attempts are limited per (username, address) and per
	// address, never per username alone: a stranger guessing from one
	// address must not lock the real user out at another (issue 17).
	loginUser *limiter // per (username, address)
	loginAddr *limiter // per address, whatever the username
	issue     *limiter // per address
	metric    *metrics
	health    healthCache // the last write check of /healthz

	// dummy is the hash an unknown username is checked against.
	dummy dummyHash

	// background loops started by Run, each returning when ctx ends.
	loops []func(ctx context.Context)
}

// New composes the server over store.
func New(cfg Config, store queue.Store, log *slog.Logger) (*Server, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	pub, err := newPublicPage(p)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, store: store, log: log, pages: p, public: pub,
		loginUser: newLimiter(LoginPerUserAddr, time.Minute, store.Clock),
		loginAddr: newLimiter(LoginPerAddr, time.Minute, store.Clock),
		metric:    newMetrics(store),
	}
	if cfg.IssueLimit > 0 {
		s.issue = newLimiter(cfg.IssueLimit, time.Minute, store.Clock)
	}
	s.echo = s.routes()
	s.loops = append(s.loops, s.sweepLoop, s.loginUser.pruneLoop, s.loginAddr.pruneLoop)
	if s.issue != nil {
		s.loops = append(s.loops, s.issue.pruneLoop)
	}
	return s, nil
}

// Routes lists every route, so tests can check that a table of endpoints
// (the admin role checks) misses none.
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(s.cfg.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.Recover())
	e.Use(s.securityHeaders)
	e.Use(s.metric.middleware)
	e.Use(requireJSON)
	e.Use(s.authenticate)

	api := e.Group("/api/v1")
	var issueMW []echo.MiddlewareFunc
	if s.issue != nil {
		issueMW = append(issueMW, s.limitIssue)
	}
	kh := kiosk.New(s.store, s.cfg.BaseURL)
	if s.cfg.PrintCmd != "" {
		s.loops = append(s.loops, kh.PrintWith(s.cfg.PrintCmd, s.log))
	}
	kh.Register(api, issueMW...)

	api.GET("/words", s.handleWords)
	api.POST("/auth/login", s.handleLogin)
	api.POST("/auth/logout", s.handleLogout, s.require(queue.RoleOfficer, queue.RoleAdmin))
	api.GET("/me", s.handleMe, s.require(queue.RoleOfficer, queue.RoleAdmin))

	counter.New(s.store, s.cfg.BaseURL).Register(api, s.require(queue.RoleOfficer, queue.RoleAdmin))

	report.NewHandler(s.store).Register(api, s.require(queue.RoleAdmin))
	notice.New(s.store, s.cfg.BaseURL).Register(api)

	admin := api.Group("/admin", s.require(queue.RoleAdmin))
	adminapi.New(s.store, s.hashPassword).Register(admin)

	hub := board.New(s.store, board.Options{Log: s.log, MaxPerAddr: s.cfg.wsPerAddr(), MaxConns: s.cfg.wsMax()})
	s.AddLoop(hub.Run)
	hub.Register(e, api)

	e.GET("/healthz", s.handleHealth)
	e.GET("/metrics", s.metric.handler())
	s.pages.register(e, s.handleIndex, s.handleManifest)
	return e
}

// Start runs the background loops (the day sweep, rate-limit pruning, and
// whatever handler packages added) until ctx ends. The returned func waits
// for them to stop.
func (s *Server) Start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, loop := range s.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loop(ctx)
		}()
	}
	return wg.Wait
}

// Run serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets requests in flight finish, then stops the background
// loops. It does not close the store; the caller owns it.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	loopCtx, stopLoops := context.WithCancel(context.Background())
	waitLoops := s.Start(loopCtx)
	defer waitLoops()
	defer stopLoops()
	shutdownErr := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		defer cancel()
		shutdownErr <- srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-shutdownErr; err != nil {
		s.log.Warn("shutdown", slog.Any("error", err))
	}
	return nil
}

// IdleTimeout is how long an idle keep-alive connection stays open: each
// holds an open file, and a host holding thousands must not starve the
// kiosks (DESIGN "Security").
const IdleTimeout = 60 * time.Second

// AddLoop adds a background loop that Run starts and stops.
func (s *Server) AddLoop(loop func(ctx context.Context)) { s.loops = append(s.loops, loop) }

// sweepLoop ends the day at midnight even when nobody uses the system.
func (s *Server) sweepLoop(ctx context.Context) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.store.Sweep(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("day sweep", slog.Any("error", err))
			}
		}
	}
}
