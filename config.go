package main

import (
	"flag"
	"fmt"
	"io"
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
	LogFormat     string // text or json
	AdminPassword string // first run only; from XEPHANG_ADMIN_PASSWORD
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
	limit, err := strconv.Atoi(env("ISSUE_LIMIT", "20"))
	if err != nil {
		return Config{}, fmt.Errorf("XEPHANG_ISSUE_LIMIT: %q is not a number", env("ISSUE_LIMIT", ""))
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
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return nil
}
