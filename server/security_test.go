package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
	"xephang/server"
)

// serveFrom serves one request in process as if it came from ip, with
// extra headers; it returns the recorder.
func serveFrom(app *e2e.App, ip, method, path, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	req.RemoteAddr = ip + ":5555"
	rec := httptest.NewRecorder()
	app.Server.ServeHTTP(rec, req)
	return rec
}

func loginFrom(app *e2e.App, ip, user, password string, header http.Header) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	return serveFrom(app, ip, "POST", "/api/v1/auth/login", string(body), header)
}

// TestLoginBruteForce: guessing is slowed per address (whatever the
// username, and whatever X-Forwarded-For claims) and per (username,
// address), never per username alone, so guesses from elsewhere do not
// lock a user out (TestLoginNoLockout); every failure and every refusal
// is logged, without the password tried.
func TestLoginBruteForce(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	var guesses []string
	guess := func(i int) string {
		g := fmt.Sprintf("doan-mat-khau-%03d", i)
		guesses = append(guesses, g)
		return g
	}

	// One address, LoginPerAddr usernames, then one more: refused.
	for i := range server.LoginPerAddr {
		if rec := loginFrom(app, "10.0.0.1", fmt.Sprintf("user%d", i), guess(i), nil); rec.Code != 401 {
			t.Fatalf("guess %d from one address: %d %s", i, rec.Code, rec.Body)
		}
	}
	if rec := loginFrom(app, "10.0.0.1", e2e.OfficerUser, e2e.OfficerPassword, nil); rec.Code != 429 ||
		e2e.ErrorCode(rec.Body.Bytes()) != queue.ETOOMANYREQUESTS {
		t.Fatalf("try %d from one address: %d %s, want 429", server.LoginPerAddr+1, rec.Code, rec.Body)
	}
	// X-Forwarded-For is not believed: the address is the connection's.
	h := http.Header{"X-Forwarded-For": {"203.0.113.9"}, "X-Real-Ip": {"203.0.113.9"}}
	if rec := loginFrom(app, "10.0.0.1", e2e.OfficerUser, e2e.OfficerPassword, h); rec.Code != 429 {
		t.Fatalf("a forged X-Forwarded-For got past the limit: %d %s", rec.Code, rec.Body)
	}

	// One username at one address, LoginPerUserAddr tries, then one more:
	// refused, in English when asked.
	for i := range server.LoginPerUserAddr {
		if rec := loginFrom(app, "10.0.1.1", e2e.AdminUser, guess(100+i), nil); rec.Code != 401 {
			t.Fatalf("guess %d at one username: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := loginFrom(app, "10.0.1.1", e2e.AdminUser, e2e.AdminPassword, http.Header{"Accept-Language": {"en"}})
	if rec.Code != 429 || !strings.Contains(rec.Body.String(), "Too many sign-in attempts") {
		t.Fatalf("try %d at one username: %d %s, want 429 with a message", server.LoginPerUserAddr+1, rec.Code, rec.Body)
	}
	// The same address may still sign in as someone else, and the same
	// user from elsewhere.
	if rec := loginFrom(app, "10.0.1.1", e2e.OfficerUser, e2e.OfficerPassword, nil); rec.Code != 200 {
		t.Fatalf("an officer at the guesser's address: %d %s", rec.Code, rec.Body)
	}
	if rec := loginFrom(app, "10.0.3.1", e2e.AdminUser, e2e.AdminPassword, nil); rec.Code != 200 {
		t.Fatalf("the admin at another address: %d %s", rec.Code, rec.Body)
	}

	log := app.Log.String()
	if n, want := strings.Count(log, "login failed"), server.LoginPerAddr+server.LoginPerUserAddr; n != want {
		t.Errorf("%d failures logged, want %d", n, want)
	}
	if !strings.Contains(log, `msg="login rate limited" ip=10.0.0.1`) || !strings.Contains(log, `username=admin`) {
		t.Errorf("refusals not logged with address and username:\n%s", log)
	}
	for _, g := range append(guesses, e2e.AdminPassword, e2e.OfficerPassword) {
		if strings.Contains(log, g) {
			t.Fatalf("the log holds a password tried (%q)", g)
		}
	}
}

// decodeToken checks that s is unpadded base64url and returns its bytes.
func decodeToken(t *testing.T, what, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("%s %q is not base64url: %v", what, s, err)
	}
	return b
}

// checkRandom fails unless samples are distinct and each of their bit
// positions is set in about half of them: within 6 standard deviations
// (3·√n of n samples), which random bits miss with a chance of 1e-9.
func checkRandom(t *testing.T, what string, samples [][]byte) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range samples {
		if seen[string(s)] {
			t.Fatalf("%s repeats: %x", what, s)
		}
		seen[string(s)] = true
	}
	n := len(samples[0]) * 8
	if n < 128 {
		t.Fatalf("%s has %d bits, want at least 128", what, n)
	}
	for bit := range n {
		ones := 0
		for _, s := range samples {
			ones += int(s[bit/8]>>(7-bit%8)) & 1
		}
		half, sd6 := float64(len(samples))/2, 3*math.Sqrt(float64(len(samples)))
		if float64(ones) < half-sd6 || float64(ones) > half+sd6 {
			t.Fatalf("%s: bit %d is set in %d of %d samples: not random", what, bit, ones, len(samples))
		}
	}
}

// TestSessionAndTicketTokensAreRandom issues 1000 tickets and signs in
// 100 times (1000 with XEPHANG_LONG=1: a sign-in is a bcrypt, slow under
// -race): ticket tokens are base64url of the ticket's 8-byte id and 128
// random bits, session ids and CSRF tokens 256 random bits; none repeats
// and their bits look random.
func TestSessionAndTicketTokensAreRandom(t *testing.T) {
	n, logins := 1000, 100
	if os.Getenv("XEPHANG_LONG") == "1" {
		logins = 1000
	}
	app := e2e.NewApp(t, e2e.Options{Store: bolt.Options{NoSync: true}})
	// Ten tries a minute per username: a hundred accounts sign in ten times.
	hash, _ := bcrypt.GenerateFromPassword([]byte("mat-khau-thu-123"), bcrypt.MinCost)
	for i := range logins / 10 {
		_, err := app.Store.CreateUser(t.Context(), queue.Actor{}, queue.User{Username: fmt.Sprintf("u%03d", i),
			DisplayName: "U", Role: queue.RoleOfficer, Active: true, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
	}
	var sessions, csrfs [][]byte
	for i := range logins {
		rec := loginFrom(app, fmt.Sprintf("10.1.%d.%d", i/250, i%250), fmt.Sprintf("u%03d", i/10), "mat-khau-thu-123", nil)
		if rec.Code != 200 {
			t.Fatalf("login %d: %d %s", i, rec.Code, rec.Body)
		}
		var id string
		for _, c := range rec.Result().Cookies() {
			if c.Name == "xephang_session" {
				id = c.Value
			}
		}
		var out struct {
			CSRF string `json:"csrf_token"`
		}
		json.Unmarshal(rec.Body.Bytes(), &out)
		sessions = append(sessions, decodeToken(t, "session id", id))
		csrfs = append(csrfs, decodeToken(t, "CSRF token", out.CSRF))
		// Sign out, so the store keeps few sessions (it scans them all
		// for expired ones at each sign-in).
		rec = serveFrom(app, "10.3.0.1", "POST", "/api/v1/auth/logout", "",
			http.Header{"Cookie": {"xephang_session=" + id}, "X-Csrf-Token": {out.CSRF}})
		if rec.Code != 200 {
			t.Fatalf("logout %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	checkRandom(t, "session id", sessions)
	checkRandom(t, "CSRF token", csrfs)

	var random [][]byte
	var last uint64
	for i := range n {
		rec := serveFrom(app, "10.2.0.1", "POST", "/api/v1/tickets", `{"service_id":"tra-ket-qua"}`, nil)
		if rec.Code != 201 {
			t.Fatalf("ticket %d: %d %s", i, rec.Code, rec.Body)
		}
		var tk e2e.Ticket
		json.Unmarshal(rec.Body.Bytes(), &tk)
		b := decodeToken(t, "ticket token", tk.Token)
		if len(b) != 24 {
			t.Fatalf("ticket token %q has %d bytes, want 8 (id) + 16 (random)", tk.Token, len(b))
		}
		if id := binary.BigEndian.Uint64(b[:8]); id <= last {
			t.Fatalf("ticket token %q: id %d after %d", tk.Token, id, last)
		} else {
			last = id
		}
		random = append(random, b[8:])
	}
	checkRandom(t, "ticket token's random part", random)
	t.Logf("%d session ids (%d bits) and CSRF tokens (%d bits), %d ticket tokens (64-bit id + %d random bits): distinct, bits balanced",
		logins, 8*len(sessions[0]), 8*len(csrfs[0]), n, 8*len(random[0]))
}

// TestPasswordsNeverLeak runs what an admin and an officer do with
// passwords (create, sign in, fail, change, be refused a short one, list,
// back up) and finds none of the passwords in any answer or in the log.
func TestPasswordsNeverLeak(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	const (
		first   = "mat-khau-dau-tien-7391"
		second  = "mat-khau-moi-doi-8264"
		wrong   = "mat-khau-sai-roi-5512"
		tooShrt = "ngan-31"
	)
	var answers [][]byte
	keep := func(status int, body []byte) []byte {
		answers = append(answers, body)
		return body
	}
	admin := app.Admin(t)
	var u queue.User
	json.Unmarshal(keep(admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": "lananh", "display_name": "Lan Anh", "password": first})), &u)
	if u.ID == "" {
		t.Fatal("user not created")
	}
	keep(admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{"username": "ngan", "password": tooShrt}))
	keep(admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{"username": "sai kieu", "password": wrong}))
	keep(admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{"username": "x", "password": 12345678901}))
	keep(admin.Do(t, "POST", "/api/v1/admin/users", `{"username":"y","password":"`+wrong+`"`))
	off := app.Client()
	keep(off.Do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "lananh", "password": wrong}))
	keep(off.Do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "lananh", "password": first}))
	keep(off.Do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "lananh", "password": first, "extra": wrong}))
	keep(admin.Do(t, "PUT", "/api/v1/admin/users/"+u.ID, map[string]any{"password": tooShrt}))
	keep(admin.Do(t, "PUT", "/api/v1/admin/users/"+u.ID, map[string]any{"password": second}))
	keep(off.Do(t, "GET", "/api/v1/me", nil)) // the session ended with the change
	keep(off.Do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "lananh", "password": first}))
	keep(off.Do(t, "POST", "/api/v1/auth/login", map[string]string{"username": "lananh", "password": second}))
	keep(off.Do(t, "GET", "/api/v1/me", nil))
	keep(admin.Do(t, "GET", "/api/v1/admin/users", nil))
	keep(admin.Do(t, "GET", "/api/v1/admin/audit", nil))
	keep(admin.Do(t, "GET", "/api/v1/admin/backup", nil))
	keep(app.Client().Do(t, "GET", "/metrics", nil))

	// The first admin's password from XEPHANG_ADMIN_PASSWORD: see
	// TestRunAdminPasswordFromEnv.
	all := append(answers, []byte(app.Log.String()))
	for _, pw := range []string{first, second, wrong, tooShrt, e2e.AdminPassword, e2e.OfficerPassword} {
		for i, a := range all {
			if bytes.Contains(a, []byte(pw)) {
				t.Fatalf("password %q appears in answer %d: %.300s", pw, i, a)
			}
		}
	}
	if !strings.Contains(app.Log.String(), "login failed") {
		t.Fatal("the scenario logged nothing: the check proves nothing")
	}
	t.Logf("%d answers (%d bytes) and %d bytes of log hold none of the passwords", len(answers), len(bytes.Join(answers, nil)), len(app.Log.String()))
}

// TestLoginUnknownUserTakesAsLong: signing in with a username that does
// not exist costs a bcrypt of the same cost as a wrong password does, so
// the time of the answer does not tell which usernames exist.
func TestLoginUnknownUserTakesAsLong(t *testing.T) {
	const cost = 6 // 4x bcrypt.MinCost: cheap under -race, yet far from it
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{BcryptCost: cost}})
	app.Admin(t).MustJSON(t, "POST", "/api/v1/admin/users", map[string]string{"username": "lananh", "password": "mat-khau-lan-anh"}, 201, nil)
	// The two are measured in turn, so that a moment of load on a shared
	// machine slows both alike instead of one of them (a timing test, but
	// one of a ratio in the same moments; the bound is a factor of 2).
	once := func(user string, i int) time.Duration {
		start := time.Now()
		if rec := loginFrom(app, fmt.Sprintf("10.9.%d.%d", len(user), i), user, "mat-khau-sai-roi", nil); rec.Code != 401 {
			t.Fatalf("%s: %d %s", user, rec.Code, rec.Body)
		}
		return time.Since(start)
	}
	var ws, us []time.Duration
	for i := range 5 {
		ws = append(ws, once("lananh", i))
		us = append(us, once("khong-co-ai", i))
	}
	slices.Sort(ws)
	slices.Sort(us)
	wrong, unknown := ws[2], us[2]
	t.Logf("wrong password %v, unknown username %v (medians of 5)", wrong, unknown)
	if unknown < wrong/2 {
		t.Fatalf("an unknown username is answered in %v, a wrong password in %v: the time tells who exists", unknown, wrong)
	}
}
