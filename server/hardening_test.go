package server_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/queue"
	"xephang/server"
)

// waiting returns how many tickets wait, over all services.
func waiting(t *testing.T, c *e2e.Client) int {
	t.Helper()
	var services []struct{ Waiting int }
	c.MustJSON(t, "GET", "/api/v1/services", nil, 200, &services)
	n := 0
	for _, s := range services {
		n += s.Waiting
	}
	return n
}

// TestMetricsLabelsBounded: 1,000 requests with made-up methods at random
// addresses leave /metrics with a handful of series: the method label is
// one of the known methods or "other", the route one of the server's
// patterns or "unmatched" (issue 17: 120,000 such requests took 250 MB).
func TestMetricsLabelsBounded(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(app.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Pipelined on one connection, as the attack was: write everything,
	// then read every answer.
	go func() {
		w := bufio.NewWriter(conn)
		for i := range 1000 {
			path := fmt.Sprintf("/x%d/%d", i, i*7919)
			if i%2 == 0 {
				path = "/api/v1/info"
			}
			fmt.Fprintf(w, "M%dETHOD %s HTTP/1.1\r\nHost: x\r\n\r\n", i, path)
		}
		w.Flush()
	}()
	br := bufio.NewReader(conn)
	for i := range 1000 {
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 404 && res.StatusCode != 405 {
			t.Fatalf("answer %d: %d", i, res.StatusCode)
		}
	}
	status, body := app.Client().Do(t, "GET", "/metrics", nil)
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	series := regexp.MustCompile(`(?m)^xephang_http_request_duration_seconds_count\{(.*)\}`).FindAllStringSubmatch(string(body), -1)
	if len(series) == 0 || len(series) > 10 {
		t.Fatalf("%d request series, want a few:\n%.3000s", len(series), body)
	}
	methods := map[string]bool{}
	for _, s := range series {
		m := regexp.MustCompile(`method="([^"]*)"`).FindStringSubmatch(s[1])
		methods[m[1]] = true
		r := regexp.MustCompile(`route="([^"]*)"`).FindStringSubmatch(s[1])
		if strings.Contains(r[1], "/x") {
			t.Fatalf("a client's path became a label: %s", s[0])
		}
	}
	if !methods["other"] || len(methods) > 2 {
		t.Fatalf("methods %v, want other (and GET for this scrape)", methods)
	}
}

// TestBodyMustBeJSON: a foreign page can post text/plain or a form from a
// visitor's browser with a no-cors fetch, never JSON: such a body is 415
// invalid and issues nothing. JSON with a charset passes, and a request
// that needs no body (next) still works without one.
func TestBodyMustBeJSON(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	for _, ct := range []string{"text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
		req, _ := http.NewRequest("POST", app.URL+"/api/v1/tickets", strings.NewReader(`{"service_id":"dat-dai"}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 415 || e2e.ErrorCode(body) != queue.EINVALID || !strings.Contains(string(body), "JSON") {
			t.Fatalf("Content-Type %q: %d %s, want 415 invalid", ct, res.StatusCode, body)
		}
	}
	if n := waiting(t, c); n != 0 {
		t.Fatalf("%d tickets issued from bodies that are not JSON", n)
	}
	res, body := c.DoHeader(t, "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`,
		http.Header{"Content-Type": {"application/json; charset=utf-8"}})
	if res.StatusCode != 201 {
		t.Fatalf("application/json; charset=utf-8: %d %s", res.StatusCode, body)
	}
	o := app.Officer(t)
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	if got := o.Act(t, "quay-2", "next"); got.Status != "called" {
		t.Fatalf("next without a body: %+v", got)
	}
}

// TestJSONKeysStrictOverHTTP: the kiosk's body with a duplicate key or a
// key in another case is invalid and issues nothing.
func TestJSONKeysStrictOverHTTP(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	c.MustError(t, "POST", "/api/v1/tickets", `{"service_id":"x","service_id":"dat-dai"}`, 400, "invalid")
	c.MustError(t, "POST", "/api/v1/tickets", `{"SERVICE_ID":"dat-dai"}`, 400, "invalid")
	if n := waiting(t, c); n != 0 {
		t.Fatalf("%d tickets issued", n)
	}
}

// TestHead: HEAD answers as GET does, without the body: the health
// check, pages, files and the GET API, signed in too; an unknown address
// is still 404.
func TestHead(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	for _, p := range []string{"/healthz", "/", "/kiosk", "/board", "/t/abc", "/static/common.js", "/api/v1/info",
		"/api/v1/services", "/api/v1/board", "/metrics", "/api/v1/admin/settings", "/api/v1/me"} {
		get, getBody := admin.DoHeader(t, "GET", p, nil, nil)
		head, headBody := admin.DoHeader(t, "HEAD", p, nil, nil)
		if head.StatusCode != 200 || get.StatusCode != 200 || len(headBody) != 0 || len(getBody) == 0 ||
			head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Fatalf("HEAD %s: %d %q (%d bytes); GET: %d %q", p, head.StatusCode, head.Header.Get("Content-Type"),
				len(headBody), get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
	if res, _ := app.Client().DoHeader(t, "HEAD", "/nothing", nil, nil); res.StatusCode != 404 {
		t.Fatalf("HEAD /nothing: %d", res.StatusCode)
	}
	if res, _ := app.Client().DoHeader(t, "HEAD", "/api/v1/me", nil, nil); res.StatusCode != 401 {
		t.Fatalf("HEAD /api/v1/me signed out: %d", res.StatusCode)
	}
}

// stubStore is the real store with a failure put in front: a disk that
// cannot write.
type stubStore struct {
	*bolt.Store
	issueErr error // returned by Issue
	checkErr error // returned by CheckWrite
}

func (s *stubStore) Issue(ctx context.Context, req queue.IssueRequest) (queue.TicketInfo, error) {
	if s.issueErr != nil {
		return queue.TicketInfo{}, s.issueErr
	}
	return s.Store.Issue(ctx, req)
}

func (s *stubStore) CheckWrite(ctx context.Context) error {
	if s.checkErr != nil {
		return s.checkErr
	}
	return s.Store.CheckWrite(ctx)
}

// serveStub serves the app over st and returns its URL and its log.
func serveStub(t *testing.T, st *stubStore) (string, *e2e.LogBuffer) {
	t.Helper()
	logBuf := &e2e.LogBuffer{}
	srv, err := server.New(server.Config{}, st, slog.New(slog.NewTextHandler(logBuf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wait := srv.Start(ctx)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		cancel()
		wait()
	})
	return hs.URL, logBuf
}

// TestFullDiskIsUnavailable: a write that fails for want of space (ENOSPC
// wrapped, or in the text of bbolt's resize error) is 503 unavailable
// with a message that says to ask the staff, not 500 internal.
func TestFullDiskIsUnavailable(t *testing.T) {
	for _, cause := range []error{
		fmt.Errorf("issue: %w", &os.PathError{Op: "write", Path: "/data/xephang.db", Err: syscall.ENOSPC}),
		errors.New("file resize error: truncate /data/xephang.db: no space left on device"),
	} {
		t.Run(cause.Error(), func(t *testing.T) {
			clock := testutil.NewClock(testutil.CampaignMorning)
			st := &stubStore{Store: testutil.OpenStore(t, clock, bolt.Options{}), issueErr: cause}
			url, log := serveStub(t, st)
			for _, lang := range []string{"vi", "en"} {
				req, _ := http.NewRequest("POST", url+"/api/v1/tickets", strings.NewReader(`{"service_id":"dat-dai"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept-Language", lang)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				want := "báo cán bộ"
				if lang == "en" {
					want = "ask the staff"
				}
				if res.StatusCode != 503 || e2e.ErrorCode(body) != server.EUNAVAILABLE || !strings.Contains(string(body), want) {
					t.Fatalf("%s: %d %s, want 503 unavailable", lang, res.StatusCode, body)
				}
			}
			if !strings.Contains(log.String(), "the store cannot write") {
				t.Fatalf("not logged:\n%s", log.String())
			}
		})
	}
}

// TestHealthzCannotWrite: /healthz is 503 when the store's write check
// fails, 200 when it passes (and the real check writes to the file).
func TestHealthzCannotWrite(t *testing.T) {
	clock := testutil.NewClock(testutil.CampaignMorning)
	st := &stubStore{Store: testutil.OpenStore(t, clock, bolt.Options{}),
		checkErr: &os.PathError{Op: "write", Path: "/data/xephang.db", Err: syscall.ENOSPC}}
	url, _ := serveStub(t, st)
	res, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || e2e.ErrorCode(body) != server.EUNAVAILABLE {
		t.Fatalf("/healthz with a failing write: %d %s, want 503 unavailable", res.StatusCode, body)
	}

	ok := &stubStore{Store: testutil.OpenStore(t, clock, bolt.Options{})}
	url, _ = serveStub(t, ok)
	res, err = http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("/healthz: %d", res.StatusCode)
	}
	if err := ok.Store.CheckWrite(context.Background()); err != nil {
		t.Fatalf("CheckWrite on a healthy file: %v", err)
	}
}

// TestSessionCookieSecure: the cookie is Secure when --base-url is https,
// and a client's X-Forwarded-Proto changes nothing either way.
func TestSessionCookieSecure(t *testing.T) {
	for _, tc := range []struct {
		base, proto string
		secure      bool
	}{
		{"https://xephang.example.vn", "", true},
		{"https://xephang.example.vn", "http", true},
		{"http://192.168.1.10:8080", "https", false},
		{"", "https", false},
	} {
		app := e2e.NewApp(t, e2e.Options{Server: server.Config{BaseURL: tc.base}})
		h := http.Header{}
		if tc.proto != "" {
			h.Set("X-Forwarded-Proto", tc.proto)
		}
		rec := loginFrom(app, "10.0.0.1", e2e.AdminUser, e2e.AdminPassword, h)
		cookies := rec.Result().Cookies()
		if rec.Code != 200 || len(cookies) != 1 || cookies[0].Secure != tc.secure {
			t.Fatalf("base %q, X-Forwarded-Proto %q: %d %v, want Secure=%v", tc.base, tc.proto, rec.Code, cookies, tc.secure)
		}
	}
}

// TestLoginNoLockout: a stranger guessing "admin"'s password once a
// second from address A for two minutes is slowed at A, and the admin
// signs in from B every time he tries, 11 times meanwhile (issue 17: 0 of
// 11). A is also limited across usernames.
func TestLoginNoLockout(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	const a, b = "10.0.0.1", "10.0.0.2"
	refused, signedIn := 0, 0
	for i := range 120 {
		rec := loginFrom(app, a, e2e.AdminUser, fmt.Sprintf("doan-mat-khau-%03d", i), nil)
		switch {
		case rec.Code == 429:
			refused++
		case rec.Code != 401:
			t.Fatalf("guess %d from A: %d %s", i, rec.Code, rec.Body)
		}
		if i%11 == 0 {
			if rec := loginFrom(app, b, e2e.AdminUser, e2e.AdminPassword, nil); rec.Code != 200 {
				t.Fatalf("admin from B after %d s of guessing from A: %d %s, want 200", i+1, rec.Code, rec.Body)
			}
			signedIn++
		}
		app.Clock.Add(time.Second)
	}
	// A burst of 10, then one every 6 s: at most 31 of the 120 guesses.
	if let := 120 - refused; let > server.LoginPerUserAddr+120/6+1 || signedIn != 11 {
		t.Fatalf("%d guesses let through, %d sign-ins from B", let, signedIn)
	}
	// At A, the right password waits too: the guesser cannot tell.
	loginFrom(app, a, e2e.AdminUser, "doan-mat-khau", nil) // takes what the last second refilled
	if rec := loginFrom(app, a, e2e.AdminUser, e2e.AdminPassword, nil); rec.Code != 429 {
		t.Fatalf("admin from A: %d, want 429", rec.Code)
	}
	// Per address, whatever the username: A spreading its guesses over
	// usernames is stopped too.
	app.Clock.Add(time.Minute)
	for i := range server.LoginPerAddr {
		if rec := loginFrom(app, a, fmt.Sprintf("user%d", i), "doan-mat-khau", nil); rec.Code != 401 {
			t.Fatalf("guess at user%d from A: %d %s", i, rec.Code, rec.Body)
		}
	}
	if rec := loginFrom(app, a, e2e.OfficerUser, e2e.OfficerPassword, nil); rec.Code != 429 {
		t.Fatalf("officer from A after %d tries there: %d, want 429", server.LoginPerAddr, rec.Code)
	}
	if rec := loginFrom(app, b, e2e.OfficerUser, e2e.OfficerPassword, nil); rec.Code != 200 {
		t.Fatalf("officer from B: %d, want 200", rec.Code)
	}
}

// TestLoginNoLockoutBehindProxy: the same behind a trusted reverse proxy,
// where every request comes from the proxy's address and X-Forwarded-For
// names the client.
func TestLoginNoLockoutBehindProxy(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{TrustedProxies: cidrs(t, "10.9.0.0/16")}})
	from := func(client string) http.Header { return http.Header{"X-Forwarded-For": {client}} }
	for i := range 20 {
		loginFrom(app, "10.9.0.1", e2e.AdminUser, fmt.Sprintf("doan-mat-khau-%02d", i), from("203.0.113.7"))
	}
	if rec := loginFrom(app, "10.9.0.1", e2e.AdminUser, e2e.AdminPassword, from("203.0.113.7")); rec.Code != 429 {
		t.Fatalf("admin from the guesser's address: %d, want 429", rec.Code)
	}
	if rec := loginFrom(app, "10.9.0.1", e2e.AdminUser, e2e.AdminPassword, from("198.51.100.4")); rec.Code != 200 {
		t.Fatalf("admin from another address behind the proxy: %d %s, want 200", rec.Code, rec.Body)
	}
}

func cidrs(t *testing.T, list ...string) []*net.IPNet {
	t.Helper()
	var out []*net.IPNet
	for _, s := range list {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// TestTrustedProxy: behind a trusted proxy the issue limit counts each
// client named by X-Forwarded-For (its right-most untrusted address, so
// a client cannot prepend one); from any other peer X-Forwarded-For is
// ignored and the peer is the client.
func TestTrustedProxy(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{IssueLimit: 2,
		Server: server.Config{TrustedProxies: cidrs(t, "10.9.0.0/16", "fd00::/8")}})
	take := func(peer, xff string) int {
		h := http.Header{}
		if xff != "" {
			h.Set("X-Forwarded-For", xff)
		}
		return serveFrom(app, peer, "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`, h).Code
	}
	// Through the proxy: each citizen has a bucket of its own.
	for i := range 2 {
		if code := take("10.9.0.1", "203.0.113.5"); code != 201 {
			t.Fatalf("citizen 1, ticket %d: %d", i, code)
		}
	}
	if code := take("10.9.0.1", "203.0.113.5"); code != 429 {
		t.Fatalf("citizen 1, 3rd ticket: %d, want 429", code)
	}
	if code := take("10.9.0.1", "1.2.3.4, 203.0.113.5"); code != 429 {
		t.Fatalf("citizen 1 prepending an address: %d, want 429", code)
	}
	if code := take("10.9.0.2", "203.0.113.5, 10.9.0.7"); code != 429 {
		t.Fatalf("citizen 1 through two proxies: %d, want 429", code)
	}
	if code := take("10.9.0.1", "203.0.113.6"); code != 201 {
		t.Fatalf("citizen 2 through the proxy: %d, want 201", code)
	}
	if code := take("fd00::1", "203.0.113.8"); code != 201 {
		t.Fatalf("citizen 3 through an IPv6 proxy: %d, want 201", code)
	}
	// An untrusted peer: its X-Forwarded-For is ignored.
	for i := range 2 {
		if code := take("192.168.1.20", fmt.Sprintf("198.51.100.%d", i)); code != 201 {
			t.Fatalf("kiosk, ticket %d: %d", i, code)
		}
	}
	if code := take("192.168.1.20", "198.51.100.99"); code != 429 {
		t.Fatalf("kiosk forging X-Forwarded-For: %d, want 429", code)
	}
}
