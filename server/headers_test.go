package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// checkSecurityHeaders fails unless res carries the headers every answer
// must: a CSP that allows no inline script and no framing by other sites,
// nosniff, and a Referrer-Policy.
func checkSecurityHeaders(t *testing.T, what string, res *http.Response) {
	t.Helper()
	csp := res.Header.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	script, ok := directives["script-src"]
	if !ok {
		script = directives["default-src"]
	}
	switch {
	case script == "" || strings.Contains(script, "unsafe-inline") || strings.Contains(script, "unsafe-eval") ||
		strings.Contains(script, "*") || strings.Contains(script, "data:"):
		t.Errorf("%s: CSP %q allows more scripts than the site's own", what, csp)
	case directives["frame-ancestors"] != "'self'":
		t.Errorf("%s: CSP %q lacks frame-ancestors 'self'", what, csp)
	case directives["object-src"] != "'none'" || directives["base-uri"] != "'self'":
		t.Errorf("%s: CSP %q lacks object-src 'none' or base-uri 'self'", what, csp)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, got)
	}
	if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" && got != "same-origin" && got != "strict-origin-when-cross-origin" {
		t.Errorf("%s: Referrer-Policy %q", what, got)
	}
}

// TestSecurityHeadersEverywhere asks every route of the server (from its
// router), anonymously and as the admin, plus the answers no route gives
// (unknown path, wrong method, a static file revalidated, a refused
// websocket), and checks the security headers of each answer, whatever
// its status.
func TestSecurityHeadersEverywhere(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	anon, admin := app.Client(), app.Admin(t)
	token := anon.Issue(t, "dat-dai", false).Token
	seen := map[int]int{}
	ask := func(c *e2e.Client, method, path string, body any, h http.Header) {
		res, _ := c.DoHeader(t, method, path, body, h)
		seen[res.StatusCode]++
		checkSecurityHeaders(t, fmt.Sprintf("%s %s → %d", method, path, res.StatusCode), res)
	}
	for _, k := range routeKeys(app) {
		method, path, _ := strings.Cut(k, " ")
		p := concretePath(app, path, token)
		var body any
		if method != "GET" {
			body = `{}`
		}
		ask(anon, method, p, body, nil)
		if method == "GET" && path != "/api/v1/admin/backup" {
			ask(admin, method, p, nil, nil)
		}
	}
	ask(anon, "GET", "/khong-co", nil, nil)
	ask(anon, "GET", "/api/v1/khong-co", nil, nil)
	ask(anon, "DELETE", "/api/v1/tickets", nil, nil)
	ask(anon, "GET", "/static/khong-co.js", nil, nil)
	ask(anon, "GET", "/api/v1/reports?from=x", nil, nil)
	res, _ := anon.DoHeader(t, "GET", "/static/common.js", nil, nil)
	ask(anon, "GET", "/static/common.js", nil, http.Header{"If-None-Match": {res.Header.Get("ETag")}})
	ask(anon, "GET", "/ws/board", nil, http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"},
		"Sec-Websocket-Version": {"13"}, "Sec-Websocket-Key": {"dGhlIHNhbXBsZSBub25jZQ=="}, "Origin": {"http://evil.example"}})
	ask(anon, "POST", "/api/v1/tickets", strings.Repeat("x", 70<<10), nil)
	ask(anon, "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`, nil)
	for _, status := range []int{200, 201, 304, 400, 401, 403, 404, 405} {
		if seen[status] == 0 {
			t.Errorf("no answer with status %d was checked", status)
		}
	}
	t.Logf("security headers on %d answers: %v", func() (n int) {
		for _, v := range seen {
			n += v
		}
		return
	}(), seen)
}

// cspWatch is injected into every page before its own scripts (CDP
// scripts are not subject to the page's CSP): it records each CSP
// violation the page meets.
const cspWatch = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));`

// TestPagesUnderCSP opens every page in Chromium, signed in as the admin
// (so the signed-in pages load their data), and fails on any console
// error, uncaught exception or CSP violation; it also makes sure, with an
// inline script it injects itself, that a violation would be caught.
func TestPagesUnderCSP(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	officer := app.Officer(t)
	officer.MustJSON(t, "POST", "/api/v1/counters/quay-1/open", nil, 200, nil)
	tk := app.Client().Issue(t, "tu-phap-ho-tich", false)
	officer.Act(t, "quay-1", "next")

	ctx := e2e.Browser(t, 1920, 1080)
	u, _ := url.Parse(app.URL)
	var session string
	for _, k := range admin.HTTP.Jar.Cookies(u) {
		if k.Name == "xephang_session" {
			session = k.Value
		}
	}
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
		Name: "xephang_session", Value: session, URL: app.URL, HTTPOnly: &httpOnly, SameSite: network.CookieSameSiteStrict,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var console []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" || strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				console = append(console, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	taken := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := slices.Clone(console)
		console = console[:0]
		return out
	}

	pages := []string{"/", "/he-thong", "/kiosk", "/board", "/counter", "/rate?counter=1", "/admin", "/t/" + tk.Token}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+p), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("open %s: %v", p, err)
		}
		// The page's modules load, fetch and connect; then nothing may
		// have gone wrong. (Waiting for an absence has no event to poll.)
		deadline := time.Now().Add(5 * time.Second)
		for {
			ready, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === 'complete'`))
			if ready || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond)
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__cspViolations || ['the watch did not run']`))
		if err != nil {
			t.Fatal(err)
		}
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		for _, v := range violations {
			t.Errorf("%s: CSP violation: %s", p, v)
		}
		for _, m := range taken() {
			t.Errorf("%s: console: %s", p, m)
		}
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s: the page shows nothing", p)
		}
	}

	// The negative control: an inline script is refused, and both
	// watches see it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.createElement('script');
	  s.textContent = 'window.inlineRan = true'; document.body.append(s); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	// The refusal is an event: wait for both watches to see it (a fixed
	// 200 ms failed on a loaded machine), then check the script never ran.
	var violations, consoled []string
	testutil.Eventually(t, "the inline script's refusal", func() bool {
		violations, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__cspViolations`))
		consoled = append(consoled, taken()...)
		return len(violations) > 0 && len(consoled) > 0
	})
	ran, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.inlineRan === true`))
	if len(violations) == 0 || ran || len(consoled) == 0 {
		t.Fatalf("an inline script: ran=%v, violations %q: the CSP or the watch does not work", ran, violations)
	}
	t.Logf("%d pages under the CSP without a console error or a violation: %v", len(pages), pages)
}
