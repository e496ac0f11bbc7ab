package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"xephang/internal/e2e"
	"xephang/queue"
)

func TestLogin(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	res, body := c.DoHeader(t, "POST", "/api/v1/auth/login",
		map[string]string{"username": "Canbo", "password": e2e.OfficerPassword}, nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"csrf_token"`) || strings.Contains(string(body), "password") {
		t.Fatalf("login: %d %s", res.StatusCode, body)
	}
	var ck *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == "xephang_session" {
			ck = k
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || len(ck.Value) < 40 {
		t.Fatalf("session cookie %+v", ck)
	}
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.MustJSON(t, "GET", "/api/v1/me", nil, 200, &me)
	c.CSRF = me.CSRFToken

	anon := app.Client()
	anon.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "canbo", "password": "wrong-password"}, 401, "unauthorized")
	anon.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "nobody", "password": "wrong-password"}, 401, "unauthorized")
	anon.MustError(t, "GET", "/api/v1/me", nil, 401, "unauthorized")
	if !strings.Contains(app.Log.String(), "login failed") || strings.Contains(app.Log.String(), "wrong-password") {
		t.Fatalf("log must record failures without passwords:\n%s", app.Log.String())
	}

	// Logout needs the CSRF token, then the session is gone.
	c2 := *c
	c2.CSRF = ""
	c2.MustError(t, "POST", "/api/v1/auth/logout", nil, 403, "forbidden")
	c.MustJSON(t, "POST", "/api/v1/auth/logout", nil, 200, nil)
	c.MustError(t, "GET", "/api/v1/me", nil, 401, "unauthorized")
}

func TestLoginRateLimit(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	for i := 0; i < 10; i++ {
		c.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": "guess-guess"}, 401, "unauthorized")
	}
	// Even the right password waits now: the attacker cannot tell.
	c.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": e2e.AdminPassword}, 429, "too_many_requests")
	if !strings.Contains(app.Log.String(), "login rate limited") {
		t.Fatal("rate-limited login not logged")
	}
}

// access says who may use each route: anyone, any signed-in user (officer
// or admin), or admins only. TestAuthRequired fails on a route of the
// server that is not in this table, so a new endpoint cannot slip out of
// the checks: add it here, public only on purpose.
var access = map[string]string{
	// Pages and their files: public, the pages sign in by themselves.
	"GET /": "public", "GET /he-thong": "public", "GET /kiosk": "public", "GET /board": "public",
	"GET /counter": "public", "GET /rate": "public", "GET /admin": "public", "GET /t/:token": "public",
	"GET /static/*": "public", "GET /favicon.ico": "public", "GET /manifest.webmanifest": "public",
	// The public page's data and the printed notice (issue 9: public).
	"GET /api/v1/status": "public", "GET /api/v1/notice.pdf": "public",
	// The kiosk, the board and the phone (DESIGN: public).
	"GET /api/v1/info": "public", "GET /api/v1/words": "public", "GET /api/v1/kiosk": "public", "GET /api/v1/services": "public",
	"POST /api/v1/tickets": "public", "GET /api/v1/tickets/:token": "public",
	"GET /api/v1/tickets/:token/pdf": "public", "GET /api/v1/tickets/:token/qr.png": "public",
	"POST /api/v1/tickets/:token/feedback": "public", "GET /api/v1/board": "public", "GET /ws/board": "public",
	"POST /api/v1/auth/login": "public",
	// Operations: a load balancer's health check and the Prometheus
	// scraper sign in to nothing. /metrics tells counts, never a person.
	"GET /healthz": "public", "GET /metrics": "public",

	"POST /api/v1/auth/logout": "signed-in", "GET /api/v1/me": "signed-in",
	"GET /api/v1/counters": "signed-in", "GET /api/v1/counters/:id": "signed-in",
	"POST /api/v1/counters/:id/open": "signed-in", "POST /api/v1/counters/:id/close": "signed-in",
	"POST /api/v1/counters/:id/next": "signed-in", "POST /api/v1/counters/:id/recall": "signed-in",
	"POST /api/v1/counters/:id/start": "signed-in", "POST /api/v1/counters/:id/done": "signed-in",
	"POST /api/v1/counters/:id/noshow": "signed-in", "POST /api/v1/counters/:id/transfer": "signed-in",
	"POST /api/v1/counters/:id/call": "signed-in", "POST /api/v1/counters/:id/feedback": "signed-in",

	"GET /api/v1/reports":        "admin",
	"GET /api/v1/admin/services": "admin", "POST /api/v1/admin/services": "admin",
	"PUT /api/v1/admin/services/:id": "admin", "DELETE /api/v1/admin/services/:id": "admin",
	"GET /api/v1/admin/counters": "admin", "POST /api/v1/admin/counters": "admin",
	"PUT /api/v1/admin/counters/:id": "admin", "DELETE /api/v1/admin/counters/:id": "admin",
	"GET /api/v1/admin/users": "admin", "POST /api/v1/admin/users": "admin",
	"PUT /api/v1/admin/users/:id": "admin", "DELETE /api/v1/admin/users/:id": "admin",
	"GET /api/v1/admin/settings": "admin", "PUT /api/v1/admin/settings": "admin",
	"GET /api/v1/admin/audit": "admin", "GET /api/v1/admin/backup": "admin",
}

// routeKeys returns "METHOD /path" of every route the server has.
func routeKeys(app *e2e.App) []string {
	var keys []string
	for _, r := range app.Server.Routes() {
		if strings.HasPrefix(r.Method, "echo_") { // echo's own not-found routes of groups
			continue
		}
		keys = append(keys, r.Method+" "+r.Path)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// concretePath fills a route's parameters with real ids.
func concretePath(app *e2e.App, path, token string) string {
	id := "quay-1"
	switch {
	case strings.Contains(path, "/services/"):
		id = "dat-dai"
	case strings.Contains(path, "/users/"):
		id = app.OfficerID
	}
	return strings.NewReplacer(":id", id, ":token", token, "*", "common.js").Replace(path)
}

// TestAuthRequired walks every route of the server (from its router, so
// none is forgotten): a non-public one refuses a request without a session
// (401), with the wrong role (403), and, when it changes state, without
// the CSRF header or with a wrong one (403), with an expired session
// (401) and from a deactivated account (401). A public one answers
// anonymous callers without asking for a session.
func TestAuthRequired(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	anon := app.Client()
	officer := app.Officer(t)
	admin := app.Admin(t)
	noCSRF := *admin
	noCSRF.CSRF = ""
	wrongCSRF := *admin
	wrongCSRF.CSRF = strings.Repeat("A", len(admin.CSRF))
	officerNoCSRF := *officer
	officerNoCSRF.CSRF = ""
	// A session that ended, and one of an account deactivated since.
	gone := app.Officer(t)
	gone.MustJSON(t, "POST", "/api/v1/auth/logout", nil, 200, nil)
	app.CreateUser(t, "tamnghi", "mat-khau-tam-nghi", queue.RoleAdmin)
	inactive := app.Login(t, "tamnghi", "mat-khau-tam-nghi")
	var users []queue.User
	admin.MustJSON(t, "GET", "/api/v1/admin/users", nil, 200, &users)
	for _, u := range users {
		if u.Username == "tamnghi" {
			admin.MustJSON(t, "DELETE", "/api/v1/admin/users/"+u.ID, nil, 200, nil)
		}
	}
	token := anon.Issue(t, "dat-dai", false).Token

	keys := routeKeys(app)
	counts := map[string]int{}
	for _, k := range keys {
		if _, ok := access[k]; !ok {
			t.Errorf("route %s is not in the access table: say who may use it", k)
		}
	}
	for k := range access {
		if !slices.Contains(keys, k) {
			t.Errorf("the access table lists %s, which the server does not have", k)
		}
	}
	for _, k := range keys {
		method, path, _ := strings.Cut(k, " ")
		p := concretePath(app, path, token)
		kind := access[k]
		counts[kind]++
		t.Run(k, func(t *testing.T) {
			if kind == "public" {
				if status, body := anon.Do(t, method, p, nil); status == 401 || status == 403 {
					t.Fatalf("public %s %s: %d %s", method, p, status, body)
				}
				return
			}
			anon.MustError(t, method, p, `{}`, 401, queue.EUNAUTHORIZED)
			gone.MustError(t, method, p, `{}`, 401, queue.EUNAUTHORIZED)
			inactive.MustError(t, method, p, `{}`, 401, queue.EUNAUTHORIZED)
			if kind == "admin" {
				officer.MustError(t, method, p, `{}`, 403, queue.EFORBIDDEN)
			}
			if method != "GET" {
				noCSRF.MustError(t, method, p, `{}`, 403, queue.EFORBIDDEN)
				wrongCSRF.MustError(t, method, p, `{}`, 403, queue.EFORBIDDEN)
				officerNoCSRF.MustError(t, method, p, `{}`, 403, queue.EFORBIDDEN)
			}
		})
	}
	t.Logf("%d routes: %d public, %d for any signed-in user, %d for admins", len(keys), counts["public"], counts["signed-in"], counts["admin"])
}

func TestCounterRestrictedToOfficer(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	var u struct{ ID string }
	admin.MustJSON(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": "quay3", "password": "mat-khau-quay-3", "display_name": "Trần Thị B", "role": "officer", "counters": []string{"quay-3"},
	}, 201, &u)
	c := app.Login(t, "quay3", "mat-khau-quay-3")
	c.MustError(t, "POST", "/api/v1/counters/quay-1/open", nil, 403, "forbidden")
	c.MustJSON(t, "POST", "/api/v1/counters/quay-3/open", nil, 200, nil)
	var list []struct {
		ID      string
		MayWork bool `json:"may_work"`
	}
	c.MustJSON(t, "GET", "/api/v1/counters", nil, 200, &list)
	for _, k := range list {
		if k.MayWork != (k.ID == "quay-3") {
			t.Fatalf("may_work %+v", list)
		}
	}
}

func TestCreateUser(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "x1", "password": "short"}, 400, "invalid")
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "x1", "password": "long-enough-pw", "role": "boss"}, 400, "invalid")
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "canbo", "password": "long-enough-pw"}, 400, "invalid")
	var u struct {
		ID, Username, Role string
		DisplayName        string `json:"display_name"`
		Active             bool
	}
	admin.MustJSON(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": "NguyenVanC", "password": "long-enough-pw", "display_name": "Nguyễn Văn C",
		"counters": []string{"quay-1"}, // an officer with none works none
	}, 201, &u)
	if u.Username != "nguyenvanc" || u.Role != "officer" || !u.Active || u.DisplayName != "Nguyễn Văn C" {
		t.Fatalf("created %+v", u)
	}
	c := app.Login(t, "nguyenvanc", "long-enough-pw")
	c.MustJSON(t, "POST", "/api/v1/counters/quay-1/open", nil, 200, nil)
	_, body := admin.Do(t, "GET", "/api/v1/admin/users", nil)
	if strings.Contains(string(body), "hash") || strings.Contains(string(body), "long-enough-pw") {
		t.Fatalf("users list leaks secrets: %s", body)
	}
}
