package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"xephang/queue"
)

// Config is everything xephang takes at start-up, from flags or their
// XEPHANG_* environment equivalents (a flag wins). Everything else lives in
// the database and is edited on the admin page.
type Config struct {
	Addr          string
	Data          string
	TZ            string
	Schedule      string // normal or always
	PrintCmd      string
	BaseURL       string
	IssueLimit    int
	TrustedProxy  string       // comma-separated CIDRs (or addresses), as given
	TrustedNets   []*net.IPNet // TrustedProxy parsed
	WSPerAddr     int          // board streams per client address; 0 = no cap
	WSMax         int          // board streams in all; 0 = below the open-files limit
	LogFormat     string       // text or json
	AdminPassword string       // first run only; from XEPHANG_ADMIN_PASSWORD
}

// parseConfig reads flags from args and the environment through getenv,
// and validates the result.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(key, def string) string {
		if v := getenv("XEPHANG_" + key); v != "" {
			return v
		}
		return def
	}
	number := func(key, def string) (int, error) {
		n, err := strconv.Atoi(env(key, def))
		if err != nil {
			return 0, fmt.Errorf("XEPHANG_%s: %q is not a number", key, env(key, ""))
		}
		return n, nil
	}
	limit, err := number("ISSUE_LIMIT", "20")
	if err != nil {
		return Config{}, err
	}
	wsPerAddr, err := number("WS_PER_ADDR", "256")
	if err != nil {
		return Config{}, err
	}
	wsMax, err := number("WS_MAX", "0")
	if err != nil {
		return Config{}, err
	}
	var c Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", env("ADDR", ":8080"), "address to listen on")
	fs.StringVar(&c.Data, "data", env("DATA", "data/xephang.db"), "bbolt database file")
	fs.StringVar(&c.TZ, "tz", env("TZ", ""), "time zone of the center (default: the stored setting, Asia/Ho_Chi_Minh)")
	fs.StringVar(&c.Schedule, "schedule", env("SCHEDULE", "normal"), "normal: issue tickets in opening hours; always: at all hours (demos)")
	fs.StringVar(&c.PrintCmd, "print-cmd", env("PRINT_CMD", ""), "print each ticket on the server with this command, e.g. \"lp -d TICKET\" (the PDF on standard input)")
	fs.StringVar(&c.BaseURL, "base-url", env("BASE_URL", ""), "public address for the QR codes, e.g. http://192.168.1.10:8080 (default: guessed from the LAN address)")
	fs.IntVar(&c.IssueLimit, "issue-limit", limit, "tickets a minute one client address may take (0 = no limit)")
	fs.StringVar(&c.TrustedProxy, "trusted-proxy", env("TRUSTED_PROXY", ""),
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For names the client, e.g. 127.0.0.1/32,10.0.0.0/8")
	fs.IntVar(&c.WSPerAddr, "ws-per-addr", wsPerAddr, "board streams (websockets) one client address may hold; a whole lobby may be behind one NAT (0 = no cap)")
	fs.IntVar(&c.WSMax, "ws-max", wsMax, "board streams in all (0 = the open-files limit less a reserve for HTTP)")
	fs.StringVar(&c.LogFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.AdminPassword = getenv("XEPHANG_ADMIN_PASSWORD")
	return c, c.validate()
}

func (c *Config) validate() error {
	switch {
	case c.Schedule != "normal" && c.Schedule != "always":
		return fmt.Errorf("--schedule must be normal or always, not %q", c.Schedule)
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	case c.IssueLimit < 0:
		return fmt.Errorf("--issue-limit must not be negative")
	case c.WSPerAddr < 0:
		return fmt.Errorf("--ws-per-addr must not be negative")
	case c.WSMax < 0:
		return fmt.Errorf("--ws-max must not be negative")
	case c.Data == "":
		return fmt.Errorf("--data must name a file")
	case c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://"):
		return fmt.Errorf("--base-url must start with http:// or https://")
	}
	if c.TZ != "" {
		if _, err := queue.LoadZone(c.TZ); err != nil {
			return fmt.Errorf("--tz: unknown time zone %q", c.TZ)
		}
	}
	if c.AdminPassword != "" {
		if err := queue.ValidatePassword(c.AdminPassword, "admin"); err != nil {
			return fmt.Errorf("XEPHANG_ADMIN_PASSWORD: %s", queue.ErrorMessage(err, true))
		}
	}
	nets, err := parseCIDRs(c.TrustedProxy)
	if err != nil {
		return err
	}
	c.TrustedNets = nets
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return nil
}

// parseCIDRs parses a comma-separated list of CIDRs; a bare address is a
// network of one.
func parseCIDRs(list string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			ip := net.ParseIP(f)
			if ip == nil {
				return nil, fmt.Errorf("--trusted-proxy: %q is not a CIDR or an address", f)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy: %q is not a CIDR or an address", f)
		}
		nets = append(nets, n)
	}
	return nets, nil
}
