// Command xephang is the queue-ticket system of a commune Public
// Administrative Service Center: the kiosk, the lobby board, the counters,
// the admin page and the report of the "Giờ thứ 9" model, in one binary.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
	_ "time/tzdata" // the center's zone works on any machine

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/internal/demo"
	"xephang/queue"
	"xephang/server"
)

// version is stamped by the Makefile with -ldflags -X.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program: it returns the exit code. Tests call it with
// --addr :0 and a database in a temp dir.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	cfg, err := parseConfig("xephang", args, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "xephang:", err)
		return 2
	}
	log := newLogger(cfg.LogFormat, stderr)
	if err := serve(ctx, cfg, log, stdout); err != nil {
		log.Error("xephang stopped", slog.Any("error", err))
		fmt.Fprintln(stderr, "xephang:", err)
		return 1
	}
	return 0
}

// commands are the subcommands besides serving.
var commands = map[string]func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int{
	"version": func(_ context.Context, _ []string, _ func(string) string, stdout, _ io.Writer) int {
		fmt.Fprintln(stdout, "xephang", version)
		return 0
	},
	"demo-data": func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
		admin := func(ctx context.Context, store *bolt.Store, stdout io.Writer) error {
			return ensureAdmin(ctx, store, getenv("XEPHANG_ADMIN_PASSWORD"), stdout)
		}
		return demo.Run(ctx, args, admin, stdout, stderr)
	},
}

func newLogger(format string, w io.Writer) *slog.Logger {
	var h slog.Handler = slog.NewTextHandler(w, nil)
	if format == "json" {
		h = slog.NewJSONHandler(w, nil)
	}
	l := slog.New(h)
	slog.SetDefault(l)
	return l
}

func serve(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	started := time.Now()
	store, err := bolt.Open(cfg.Data, bolt.Options{Zone: cfg.TZ, AlwaysOpen: cfg.Schedule == "always"})
	if err != nil {
		return err
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("close database", slog.Any("error", err))
		}
	}()
	if err := ensureAdmin(ctx, store, cfg.AdminPassword, stdout); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	base := cfg.BaseURL
	if base == "" {
		base = guessBaseURL(ln.Addr())
	}
	wsPerAddr := cfg.WSPerAddr
	if wsPerAddr == 0 {
		wsPerAddr = -1 // no cap
	}
	srv, err := server.New(server.Config{BaseURL: base, IssueLimit: cfg.IssueLimit, PrintCmd: cfg.PrintCmd,
		TrustedProxies: cfg.TrustedNets, WSPerAddr: wsPerAddr, WSMax: cfg.WSMax}, store, log)
	if err != nil {
		ln.Close()
		return err
	}
	printURLs(stdout, base, ln.Addr(), cfg, time.Since(started))
	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("data", cfg.Data),
		slog.String("schedule", cfg.Schedule), slog.String("version", version))
	err = srv.Run(ctx, ln)
	log.Info("stopped")
	return err
}

// ensureAdmin creates the first admin on a database without one (a new
// file, or one filled by demo-data with officers only). The password comes
// from XEPHANG_ADMIN_PASSWORD, or is random and printed once: it is stored
// only as a bcrypt hash.
func ensureAdmin(ctx context.Context, store *bolt.Store, password string, stdout io.Writer) error {
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == queue.RoleAdmin {
			return nil
		}
	}
	printed := password == ""
	if printed {
		password = randomPassword()
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	_, err = store.CreateUser(ctx, queue.Actor{Username: "system"}, queue.User{
		Username: "admin", DisplayName: "Quản trị viên", Role: queue.RoleAdmin, Active: true, PasswordHash: hash,
	})
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	if printed {
		fmt.Fprintf(stdout, "\nTài khoản quản trị đầu tiên / first admin account:\n  tên đăng nhập / username: admin\n  mật khẩu / password:      %s\n"+
			"  (chỉ hiện một lần — hãy ghi lại và đổi trên trang Quản trị / shown once: write it down)\n\n", password)
	}
	return nil
}

// randomPassword returns 16 characters from an alphabet without look-alikes.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// guessBaseURL returns the address the QR codes printed on tickets should
// carry so they open on the citizens' phones: the listening address when it
// is a specific one, else http://<first LAN IPv4>:<port>, else localhost.
func guessBaseURL(addr net.Addr) string {
	port := "8080"
	host := "localhost"
	if a, ok := addr.(*net.TCPAddr); ok {
		port = strconv.Itoa(a.Port)
		if !a.IP.IsUnspecified() {
			// Bound to one address: that is the one clients can reach.
			return "http://" + net.JoinHostPort(a.IP.String(), port)
		}
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && n.IP.IsPrivate() {
				host = n.IP.String()
				break
			}
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

func printURLs(w io.Writer, base string, addr net.Addr, cfg Config, took time.Duration) {
	fmt.Fprintf(w, "xephang %s đang chạy / is running (listening on %s, started in %d ms)\n", version, addr, took.Milliseconds())
	fmt.Fprintf(w, "  dữ liệu / database:                    %s\n", cfg.Data)
	if cfg.Schedule == "always" {
		fmt.Fprintln(w, "  lịch / schedule:                       luôn cấp số (demo) / always issuing (demo)")
	}
	pages := []struct{ name, path string }{
		{"Trang công khai / public page", "/"},
		{"Máy lấy số / kiosk", "/kiosk"},
		{"Màn hình sảnh / lobby board", "/board"},
		{"Quầy giao dịch / counter console", "/counter"},
		{"Đánh giá tại quầy / rating tablet", "/rate?counter=1"},
		{"Quản trị / admin", "/admin"},
		{"Danh sách trang / all pages", "/he-thong"},
		{"API", "/api/v1/info"},
	}
	for _, p := range pages {
		fmt.Fprintf(w, "  %-38s %s%s\n", p.name+":", base, p.path)
	}
}
