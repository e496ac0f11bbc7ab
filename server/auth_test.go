package server_test

import (
	"net/http"
	"strings"
	"testing"

	"xephang/internal/testutil"
)

func TestLogin(t *testing.T) {
	app := testutil.NewApp(t, testutil.Options{})
	c := app.Client()
	res, body := c.DoHeader(t, "POST", "/api/v1/auth/login",
		map[string]string{"username": "Canbo", "password": testutil.OfficerPassword}, nil)
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
	app := testutil.NewApp(t, testutil.Options{})
	c := app.Client()
	for i := 0; i < 10; i++ {
		c.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": "guess-guess"}, 401, "unauthorized")
	}
	// Even the right password waits now: the attacker cannot tell.
	c.MustError(t, "POST", "/api/v1/auth/login", map[string]string{"username": "admin", "password": testutil.AdminPassword}, 429, "too_many_requests")
	if !strings.Contains(app.Log.String(), "login rate limited") {
		t.Fatal("rate-limited login not logged")
	}
}

// TestAuthRequired: the counter and admin endpoints need a session (401),
// the right role (403) and the CSRF header on state changes (403).
func TestAuthRequired(t *testing.T) {
	app := testutil.NewApp(t, testutil.Options{})
	anon := app.Client()
	officer := app.Officer(t)
	admin := app.Admin(t)
	noCSRF := *admin
	noCSRF.CSRF = ""
	officerRoutes := []struct{ method, path string }{
		{"GET", "/api/v1/counters"},
		{"GET", "/api/v1/counters/quay-1"},
		{"POST", "/api/v1/counters/quay-1/open"},
		{"POST", "/api/v1/counters/quay-1/close"},
		{"POST", "/api/v1/counters/quay-1/next"},
		{"POST", "/api/v1/counters/quay-1/recall"},
		{"POST", "/api/v1/counters/quay-1/start"},
		{"POST", "/api/v1/counters/quay-1/done"},
		{"POST", "/api/v1/counters/quay-1/noshow"},
		{"POST", "/api/v1/counters/quay-1/transfer"},
		{"POST", "/api/v1/counters/quay-1/call"},
		{"POST", "/api/v1/counters/quay-1/feedback"},
		{"GET", "/api/v1/me"},
		{"POST", "/api/v1/auth/logout"},
	}
	adminRoutes := []struct{ method, path string }{
		{"GET", "/api/v1/admin/services"}, {"POST", "/api/v1/admin/services"},
		{"PUT", "/api/v1/admin/services/dat-dai"}, {"DELETE", "/api/v1/admin/services/dat-dai"},
		{"GET", "/api/v1/admin/counters"}, {"POST", "/api/v1/admin/counters"},
		{"PUT", "/api/v1/admin/counters/quay-1"}, {"DELETE", "/api/v1/admin/counters/quay-1"},
		{"GET", "/api/v1/admin/users"}, {"POST", "/api/v1/admin/users"},
		{"PUT", "/api/v1/admin/users/u1"}, {"DELETE", "/api/v1/admin/users/u1"},
		{"GET", "/api/v1/admin/settings"}, {"PUT", "/api/v1/admin/settings"},
		{"GET", "/api/v1/admin/audit"}, {"GET", "/api/v1/admin/backup"},
	}
	for _, r := range append(officerRoutes, adminRoutes...) {
		anon.MustError(t, r.method, r.path, `{}`, 401, "unauthorized")
		if r.method != "GET" {
			noCSRF.MustError(t, r.method, r.path, `{}`, 403, "forbidden")
		}
	}
	for _, r := range adminRoutes {
		officer.MustError(t, r.method, r.path, `{}`, 403, "forbidden")
	}
}

func TestCounterRestrictedToOfficer(t *testing.T) {
	app := testutil.NewApp(t, testutil.Options{})
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
	app := testutil.NewApp(t, testutil.Options{})
	admin := app.Admin(t)
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "x1", "password": "short"}, 400, "invalid")
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "x1", "password": "long-enough-pw", "role": "boss"}, 400, "invalid")
	admin.MustError(t, "POST", "/api/v1/admin/users", map[string]string{"username": "canbo", "password": "long-enough-pw"}, 400, "invalid")
	var u struct {
		ID, Username, Role string
		DisplayName        string `json:"display_name"`
		Active             bool
	}
	admin.MustJSON(t, "POST", "/api/v1/admin/users", map[string]string{
		"username": "NguyenVanC", "password": "long-enough-pw", "display_name": "Nguyễn Văn C",
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
