package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/queue"
)

// lineReader hands over the lines the program prints, as it prints them.
type lineReader struct {
	lines chan string
}

func pipeLines(t *testing.T) (io.Writer, *lineReader) {
	pr, pw := io.Pipe()
	lr := &lineReader{lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lr.lines <- sc.Text()
		}
		close(lr.lines)
	}()
	t.Cleanup(func() { pw.Close() })
	return pw, lr
}

// waitFor returns the first line matching re, within the deadline, and the
// lines before it.
func (lr *lineReader) waitFor(t *testing.T, re *regexp.Regexp) ([]string, []string) {
	t.Helper()
	var seen []string
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lr.lines:
			if !ok {
				t.Fatalf("output ended before %s; got:\n%s", re, strings.Join(seen, "\n"))
			}
			seen = append(seen, l)
			if m := re.FindStringSubmatch(l); m != nil {
				return m, seen
			}
		case <-deadline:
			t.Fatalf("no %s within 20s; got:\n%s", re, strings.Join(seen, "\n"))
		}
	}
}

var (
	listening = regexp.MustCompile(`listening on \S*:(\d+)`)
	apiLine   = regexp.MustCompile(`API:\s+http`) // the last address printed
)

// start runs the real program on :0 and returns its address, everything
// it printed up to then, and a func that stops it (SIGTERM's path: the
// context ends) and returns the exit code.
func start(t *testing.T, data string, env map[string]string, args ...string) (string, []string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, lines := pipeLines(t)
	getenv := func(k string) string { return env[k] }
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"--addr", "127.0.0.1:0", "--data", data, "--log-format", "json"}, args...), getenv, stdout, io.Discard)
	}()
	_, out := lines.waitFor(t, apiLine)
	var m []string
	for _, l := range out {
		if m = listening.FindStringSubmatch(l); m != nil {
			break
		}
	}
	stop := func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(15 * time.Second):
			t.Fatal("program did not stop within 15s")
			return -1
		}
	}
	return "http://127.0.0.1:" + m[1], out, stop
}

func TestRunServesAndStops(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data", "xephang.db")
	base, out, stop := start(t, data, nil, "--schedule", "always")
	text := strings.Join(out, "\n")
	for _, want := range []string{"mật khẩu / password:", base + "/kiosk", base + "/board", base + "/counter", base + "/admin", base + "/rate?counter=1"} {
		if !strings.Contains(text, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, text)
		}
	}
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	res, err = http.Post(base+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"dat-dai"}`))
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("ticket: %v %v", res, err)
	}
	res.Body.Close()
	if code := stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}

	// The second start keeps the data and prints no password.
	base, out, stop = start(t, data, nil, "--schedule", "always")
	if strings.Contains(strings.Join(out, "\n"), "password:") {
		t.Fatal("admin password printed twice")
	}
	res, err = http.Post(base+"/api/v1/tickets", "application/json", strings.NewReader(`{"service_id":"dat-dai"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"number":"C002"`) {
		t.Fatalf("after restart: %s", body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestRunAdminPasswordFromEnv(t *testing.T) {
	data := filepath.Join(t.TempDir(), "x.db")
	base, out, stop := start(t, data, map[string]string{"XEPHANG_ADMIN_PASSWORD": "mat-khau-quan-tri"})
	defer stop()
	if strings.Contains(strings.Join(out, "\n"), "mat-khau-quan-tri") {
		t.Fatal("the password from the environment was printed")
	}
	res, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"admin","password":"mat-khau-quan-tri"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login: %v %v", res, err)
	}
	res.Body.Close()
}

func TestRunBadConfig(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"--schedule", "sometimes"}, nil},
		{[]string{"--tz", "Mars/Olympus"}, nil},
		{[]string{"--issue-limit", "-1"}, nil},
		{[]string{"--base-url", "ftp://x"}, nil},
		{[]string{"extra"}, nil},
		{nil, map[string]string{"XEPHANG_ADMIN_PASSWORD": "short"}},
		{nil, map[string]string{"XEPHANG_ISSUE_LIMIT": "many"}},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		getenv := func(k string) string { return tt.env[k] }
		if code := run(context.Background(), tt.args, getenv, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("run(%v, %v)=%d, stderr %q; want 2 and a message", tt.args, tt.env, code, stderr.String())
		}
	}
}

func TestRunDatabaseInUse(t *testing.T) {
	data := filepath.Join(t.TempDir(), "x.db")
	_, _, stop := start(t, data, nil)
	defer stop()
	var stderr strings.Builder
	code := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--data", data}, func(string) string { return "" }, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "in use") {
		t.Fatalf("second process: code %d, stderr %q", code, stderr.String())
	}
}

// TestRunDemoData runs the demo-data subcommand as a user does: it fills
// the file (internal/demo's tests check what with) and creates the first
// admin with the password of the environment; bad flags exit 2.
func TestRunDemoData(t *testing.T) {
	data := filepath.Join(t.TempDir(), "demo.db")
	env := func(k string) string {
		if k == "XEPHANG_ADMIN_PASSWORD" {
			return "mat-khau-quan-tri"
		}
		return ""
	}
	var out, errs strings.Builder
	if code := run(context.Background(), []string{"demo-data", "--days", "1", "--data", data}, env, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "1 ngày làm việc") || strings.Contains(out.String(), "mat-khau-quan-tri") {
		t.Errorf("output:\n%s", out.String())
	}
	store, err := bolt.Open(data, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, err := store.UserByUsername(context.Background(), "admin")
	if err != nil || u.Role != queue.RoleAdmin || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte("mat-khau-quan-tri")) != nil {
		t.Errorf("admin %+v, %v: want the admin with the password of the environment", u, err)
	}
	if code := run(context.Background(), []string{"demo-data", "--days", "0"}, env, &out, &errs); code != 2 {
		t.Errorf("--days 0: exit %d", code)
	}
}
