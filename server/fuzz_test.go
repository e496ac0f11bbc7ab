package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
)

// The fuzz tests of the API: every JSON body it accepts gets random bytes.
// Whatever the body, the answer is 2xx, or a 4xx in the error format whose
// code matches its status, and a refused request changes nothing in the
// store. A panic would be a 500 (echo's Recover) and fails the test like
// any 5xx. `go test` runs the seeds (f.Add and testdata/fuzz/FuzzXxx);
// `go test -fuzz FuzzXxx ./server/` searches for more (README, "Fuzzing").
//
// The requests are served in process (no socket), on a store without
// fsync, so that a fuzz worker runs thousands a second.

// errorStatus is the status of each error code (DESIGN: HTTP API).
var errorStatus = map[string]int{
	queue.EINVALID: 400, queue.EUNAUTHORIZED: 401, queue.EFORBIDDEN: 403, queue.ENOTFOUND: 404,
	queue.ECONFLICT: 409, queue.EINVALIDTRANSITION: 409, queue.ECLOSED: 409, queue.ECAPREACHED: 409,
	queue.ETOOMANYREQUESTS: 429,
}

// who signs a fuzzed request.
type who int

const (
	anonymous who = iota
	asOfficer
	asAdmin
)

// fuzzApp is the app of one fuzz target, with signed-in sessions.
type fuzzApp struct {
	*e2e.App
	sessions map[who]session
	ip       atomic.Uint32
}

type session struct{ cookie, csrf string }

func newFuzzApp(f *testing.F) *fuzzApp {
	f.Helper()
	app := e2e.NewApp(f, e2e.Options{Store: bolt.Options{NoSync: true}})
	a := &fuzzApp{App: app, sessions: map[who]session{}}
	for w, c := range map[who]*e2e.Client{asOfficer: app.Officer(f), asAdmin: app.Admin(f)} {
		u, _ := url.Parse(app.URL)
		for _, k := range c.HTTP.Jar.Cookies(u) {
			if k.Name == "xephang_session" {
				a.sessions[w] = session{cookie: k.Value, csrf: c.CSRF}
			}
		}
	}
	return a
}

// do serves one request in process. newIP gives it a client address of
// its own (the login fuzzer would otherwise meet its rate limit at once).
func (a *fuzzApp) do(w who, method, path string, body []byte, newIP bool) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if s, ok := a.sessions[w]; ok {
		req.Header.Set("Cookie", "xephang_session="+s.cookie)
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	if newIP {
		n := a.ip.Add(1)
		req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4321", byte(n>>16), byte(n>>8), byte(n))
	}
	rec := httptest.NewRecorder()
	a.Server.ServeHTTP(rec, req)
	return rec
}

// fingerprint sums up what a refused request must not change: the board's
// seq (every committed change is an event), the services, counters, users
// (with their password hashes), settings and the last audit entry.
func (a *fuzzApp) fingerprint(t *testing.T) [32]byte {
	t.Helper()
	ctx := context.Background()
	_, seq, err := a.Store.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	services, err1 := a.Store.Services(ctx)
	counters, err2 := a.Store.Counters(ctx)
	users, err3 := a.Store.Users(ctx)
	settings, err4 := a.Store.Settings(ctx)
	audit, err5 := a.Store.Audit(ctx, 1)
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Fatal(err)
		}
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range []any{seq, services, counters, users, settings, audit} {
		enc.Encode(v)
	}
	for _, u := range users {
		h.Write(u.PasswordHash)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// exercise sends the request and checks the answer: 2xx with JSON (or
// nothing), or a 4xx in the error format with the code of its status and
// the store unchanged. It returns the status.
func (a *fuzzApp) exercise(t *testing.T, w who, method, path string, body []byte, newIP bool) int {
	t.Helper()
	before := a.fingerprint(t)
	rec := a.do(w, method, path, body, newIP)
	status, out := rec.Code, rec.Body.Bytes()
	switch {
	case status >= 200 && status < 300:
		if len(out) > 0 && !json.Valid(out) {
			t.Fatalf("%s %s %q: %d with a body that is not JSON: %q", method, path, body, status, out)
		}
		return status
	case status >= 400 && status < 500:
	default:
		t.Fatalf("%s %s %q: status %d, want 2xx or 4xx; body %s\nlog:\n%s", method, path, body, status, out, tail(a.Log.String()))
	}
	var e struct {
		Error *struct {
			Code    *string `json:"code"`
			Message *string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(out, &e); err != nil || e.Error == nil || e.Error.Code == nil || e.Error.Message == nil ||
		*e.Error.Message == "" {
		t.Fatalf("%s %s %q: %d with %q, want {\"error\":{\"code\",\"message\"}}", method, path, body, status, out)
	}
	if want, ok := errorStatus[*e.Error.Code]; !ok || want != status {
		t.Fatalf("%s %s %q: status %d with code %q (the code's status is %d)", method, path, body, status, *e.Error.Code, want)
	}
	if after := a.fingerprint(t); after != before {
		t.Fatalf("%s %s %q: refused (%d %s) but the store changed", method, path, body, status, *e.Error.Code)
	}
	return status
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// addSeeds adds bodies every JSON fuzzer starts from, besides its own:
// broken, empty, the wrong types, and, when the seeds only run (go test),
// a body over the 64 KiB limit and one nested deeper than encoding/json
// allows. A search (go test -fuzz) leaves those two out: it would spend
// its minutes shrinking their large offspring instead of trying inputs.
func addSeeds(f *testing.F, add func(body string)) {
	seeds := []string{``, ` `, `null`, `[]`, `{}`, `"x"`, `1`, `{`, `{"a":1}`, `{}{}`, `{} x`, "{\"\xff\":1}",
		`{"service_id":1e999}`}
	if fl := flag.Lookup("test.fuzz"); fl == nil || fl.Value.String() == "" {
		seeds = append(seeds, `[`+strings.Repeat(`[`, 10001)+strings.Repeat(`]`, 10001)+`]`,
			`{"x":"`+strings.Repeat("a", 70<<10)+`"}`)
	}
	for _, s := range seeds {
		add(s)
	}
}

// counterWith readies the state the counter fuzzers need:
// counter quay-1 open, with a called ticket when called is true.
func (a *fuzzApp) counterWith(t testing.TB, called bool) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.Store.OpenCounter(ctx, "quay-1", a.OfficerID); err != nil {
		t.Fatal(err)
	}
	d, err := a.Store.CounterDetail(ctx, "quay-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.CurrentTicket != nil && !called {
		if _, err := a.Store.Act(ctx, "quay-1", queue.ActionDone, "", a.OfficerID); err != nil {
			t.Fatal(err)
		}
	}
	if d.CurrentTicket == nil && called {
		if _, err := a.Store.Issue(ctx, queue.IssueRequest{ServiceID: "tu-phap-ho-tich"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Store.Act(ctx, "quay-1", queue.ActionNext, "", a.OfficerID); err != nil {
			t.Fatal(err)
		}
	}
}

// doneTicket issues a ticket, calls it at quay-1 and finishes it: a ticket
// the phone and the tablet may rate.
func (a *fuzzApp) doneTicket(t testing.TB) queue.TicketInfo {
	t.Helper()
	a.counterWith(t, false)
	ctx := context.Background()
	ti, err := a.Store.Issue(ctx, queue.IssueRequest{ServiceID: "tu-phap-ho-tich"})
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []queue.Action{queue.ActionCall, queue.ActionDone} {
		arg := ""
		if act == queue.ActionCall {
			arg = ti.Number
		}
		if _, err := a.Store.Act(ctx, "quay-1", act, arg, a.OfficerID); err != nil {
			t.Fatal(err)
		}
	}
	return ti
}

func FuzzTicketCreate(f *testing.F) {
	for _, s := range []string{`{"service_id":"dat-dai"}`, `{"service_id":"dat-dai","priority":true}`,
		`{"service_id":"chung-thuc","priority_kind":"elderly"}`, `{"service_id":"chung-thuc","priority_kind":"king"}`,
		`{"service_id":""}`, `{"service_id":"no-such"}`, `{"service_id":"dat-dai","priority":"yes"}`,
		`{"service_id":"dat-dai","extra":1}`, `{"service_id":"../../admin"}`, `{"service_id":"dat-dai"} {}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, anonymous, "POST", "/api/v1/tickets", body, false)
	})
}

// FuzzTicketFeedback fuzzes the phone's rating: the body, and the token
// in the path (empty: a done ticket's own).
func FuzzTicketFeedback(f *testing.F) {
	for _, s := range []string{`{"rating":4}`, `{"rating":1,"reasons":["thai-do"],"comment":"Chờ lâu"}`,
		`{"rating":2,"reasons":["khac","khac"]}`, `{"rating":5}`, `{"rating":0}`, `{"rating":-1}`, `{"rating":3.5}`,
		`{"rating":4,"reasons":["thai-do"]}`, `{"rating":1,"comment":"` + strings.Repeat("á", 501) + `"}`,
		`{"rating":1,"reasons":null,"comment":null}`} {
		f.Add(s, "")
	}
	for _, tok := range []string{"x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00", "..", "a/b", strings.Repeat("A", 300), "====", "ü"} {
		f.Add(`{"rating":4}`, tok)
	}
	addSeeds(f, func(s string) { f.Add(s, "") })
	a := newFuzzApp(f)
	tk := a.doneTicket(f)
	f.Fuzz(func(t *testing.T, body, token string) {
		if token == "" {
			token = tk.Token
		}
		if a.exercise(t, anonymous, "POST", "/api/v1/tickets/"+url.PathEscape(token)+"/feedback", []byte(body), false) < 300 {
			tk = a.doneTicket(t) // rated: the next input gets a fresh one
		}
	})
}

func FuzzCounterFeedback(f *testing.F) {
	for _, s := range []string{`{"rating":4}`, `{"rating":1,"reasons":["thoi-gian-cho","huong-dan"],"comment":"x"}`,
		`{"rating":9}`, `{"rating":"4"}`, `{"reasons":[]}`, `{"rating":2,"reasons":["` + strings.Repeat("x", 1000) + `"]}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	a.doneTicket(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		if a.exercise(t, asOfficer, "POST", "/api/v1/counters/quay-1/feedback", body, false) < 300 {
			a.doneTicket(t)
		}
	})
}

func FuzzLogin(f *testing.F) {
	for _, s := range []string{`{"username":"admin","password":"admin-password-123"}`, `{"username":"ADMIN ","password":"x"}`,
		`{"username":"canbo","password":""}`, `{"username":"","password":""}`, `{"username":null}`, `{"password":"` + strings.Repeat("p", 100) + `"}`,
		`{"username":"\u0000","password":"\ud800"}`, `{"username":"admin","password":"admin-password-123","otp":1}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, anonymous, "POST", "/api/v1/auth/login", body, true)
	})
}

func FuzzCounterTransfer(f *testing.F) {
	for _, s := range []string{`{"service_id":"chung-thuc"}`, `{"service_id":"tu-phap-ho-tich"}`, `{"service_id":"no-such"}`,
		`{"service_id":""}`, `{"service_id":["a"]}`, `{"service_id":"dat-dai","priority":true}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	a.counterWith(f, true)
	f.Fuzz(func(t *testing.T, body []byte) {
		if a.exercise(t, asOfficer, "POST", "/api/v1/counters/quay-1/transfer", body, false) < 300 {
			a.counterWith(t, true)
		}
	})
}

func FuzzCounterCall(f *testing.F) {
	for _, s := range []string{`{"number":"A001"}`, `{"number":"a2"}`, `{"number":" A003 "}`, `{"number":"C001"}`,
		`{"number":"Z999999999999"}`, `{"number":""}`, `{"number":5}`, `{"number":"ı1"}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	a.counterWith(f, false)
	for range 3 {
		a.Store.Issue(context.Background(), queue.IssueRequest{ServiceID: "tu-phap-ho-tich"})
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if a.exercise(t, asOfficer, "POST", "/api/v1/counters/quay-1/call", body, false) < 300 {
			a.counterWith(t, false)
			a.Store.Issue(context.Background(), queue.IssueRequest{ServiceID: "tu-phap-ho-tich"})
		}
	})
}

func FuzzAdminServiceCreate(f *testing.F) {
	for _, s := range []string{`{"name":"Lao động","prefix":"L"}`, `{"name":"Y tế","prefix":"Y","first_number":100,"digits":4,"daily_cap":50,"order":1}`,
		`{"id":"x","name":"X","prefix":"A"}`, `{"name":"","prefix":"Q"}`, `{"name":"Q","prefix":"QQ"}`, `{"name":"Q","prefix":"1"}`,
		`{"name":"Q","prefix":"Ư"}`, `{"name":"Q","prefix":"R","digits":0}`, `{"name":"Q","prefix":"R","digits":99}`,
		`{"name":"Q","prefix":"R","first_number":-1}`, `{"name":"Q","prefix":"R","daily_cap":-5}`, `{"id":"../x","name":"Q","prefix":"R"}`,
		`{"name":"` + strings.Repeat("đ", 300) + `","prefix":"R"}`, `{"name":"Q","prefix":"R","first_number":9223372036854775807}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, asAdmin, "POST", "/api/v1/admin/services", body, false)
	})
}

// FuzzAdminServiceUpdate fuzzes the body and the id (empty: dat-dai).
func FuzzAdminServiceUpdate(f *testing.F) {
	for _, s := range []string{`{"name":"Đất đai (mới)"}`, `{"prefix":"Z"}`, `{"prefix":"A"}`, `{"first_number":0}`, `{"digits":12}`,
		`{"daily_cap":1}`, `{"active":false}`, `{"order":-3}`, `{"name":null}`, `{"id":"other"}`, `{"first_number":2147483648}`} {
		f.Add(s, "")
	}
	for _, id := range []string{"no-such", "tu-phap-ho-tich", "..", "a/b", "%2e%2e", " "} {
		f.Add(`{"name":"X"}`, id)
	}
	addSeeds(f, func(s string) { f.Add(s, "") })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body, id string) {
		if id == "" {
			id = "dat-dai"
		}
		a.exercise(t, asAdmin, "PUT", "/api/v1/admin/services/"+url.PathEscape(id), []byte(body), false)
	})
}

func FuzzAdminCounterCreate(f *testing.F) {
	for _, s := range []string{`{"number":9,"services":["dat-dai"]}`, `{"number":10,"name":"Quầy mười","services":["dat-dai","chung-thuc"]}`,
		`{"number":1,"services":["dat-dai"]}`, `{"number":0}`, `{"number":-1,"services":[]}`, `{"number":11,"services":["no-such"]}`,
		`{"number":12,"services":["dat-dai","dat-dai"]}`, `{"number":13,"open":true,"services":["dat-dai"]}`, `{"id":"quay-1","number":14}`,
		`{"number":1e3,"services":null}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, asAdmin, "POST", "/api/v1/admin/counters", body, false)
	})
}

// FuzzAdminCounterUpdate fuzzes the body and the id (empty: quay-2).
func FuzzAdminCounterUpdate(f *testing.F) {
	for _, s := range []string{`{"name":"Quầy Hai"}`, `{"number":3}`, `{"number":7}`, `{"services":[]}`, `{"services":["dat-dai","no-such"]}`,
		`{"services":["xay-dung","dat-dai"]}`, `{"open":true}`, `{"number":0}`} {
		f.Add(s, "")
	}
	for _, id := range []string{"quay-1", "2", "no-such", "../quay-1"} {
		f.Add(`{"name":"X"}`, id)
	}
	addSeeds(f, func(s string) { f.Add(s, "") })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body, id string) {
		if id == "" {
			id = "quay-2"
		}
		a.exercise(t, asAdmin, "PUT", "/api/v1/admin/counters/"+url.PathEscape(id), []byte(body), false)
	})
}

func FuzzAdminUserCreate(f *testing.F) {
	for _, s := range []string{`{"username":"moi","password":"mat-khau-tot-123"}`,
		`{"username":"quanly","password":"mat-khau-tot-123","role":"admin","display_name":"Nguyễn Văn A","counters":[]}`,
		`{"username":"q3","password":"mat-khau-tot-123","counters":["quay-3"],"active":false}`, `{"username":"x","password":"short"}`,
		`{"username":"canbo","password":"mat-khau-tot-123"}`, `{"username":"a b","password":"mat-khau-tot-123"}`,
		`{"username":"y","password":"mat-khau-tot-123","role":"root"}`, `{"username":"z","password":"mat-khau-tot-123","counters":["no-such"]}`,
		`{"username":"w","password":"` + strings.Repeat("p", 80) + `"}`, `{"username":"v","password":"mat-khau-tot-123","password_hash":"x"}`} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, asAdmin, "POST", "/api/v1/admin/users", body, false)
	})
}

// FuzzAdminUserUpdate fuzzes the body and the id (empty: the officer's,
// so the admin's own session survives the fuzzing).
func FuzzAdminUserUpdate(f *testing.F) {
	for _, s := range []string{`{"display_name":"Cán bộ A"}`, `{"role":"admin"}`, `{"role":"root"}`, `{"active":false}`,
		`{"counters":["quay-1"]}`, `{"counters":["no-such"]}`, `{"password":"mat-khau-moi-123"}`, `{"password":"short"}`,
		`{"username":"renamed"}`, `{"display_name":""}`} {
		f.Add(s, "")
	}
	for _, id := range []string{"no-such", "..", "0"} {
		f.Add(`{"display_name":"X"}`, id)
	}
	addSeeds(f, func(s string) { f.Add(s, "") })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body, id string) {
		if id == "" || id == a.AdminID {
			id = a.OfficerID
		}
		a.exercise(t, asAdmin, "PUT", "/api/v1/admin/users/"+url.PathEscape(id), []byte(body), false)
	})
}

func FuzzAdminSettings(f *testing.F) {
	def, _ := json.Marshal(queue.DefaultSchedule())
	for _, s := range []string{`{"notice":"Thông báo mới"}`, `{"center_name":"Trung tâm"}`, `{"center_name":""}`,
		`{"zone":"Asia/Bangkok"}`, `{"zone":"Mars/Olympus"}`, `{"zone":"Local"}`, `{"stop_minutes":121}`, `{"always_open":true}`,
		`{"holidays":["2026-04-30","2026-05-01"]}`, `{"holidays":["2026-02-30"]}`, `{"sessions":[]}`,
		`{"sessions":[{"name":"Sáng","days":[1],"start":"07:30","end":"07:30"}]}`,
		`{"sessions":[{"name":"A","days":[1],"start":"07:30","end":"11:30"},{"name":"B","days":[1],"start":"11:00","end":"12:00"}]}`,
		`{"portal_url":"javascript:alert(1)"}`, `{"map_url":"https://maps.example/x"}`, `{"notice":"` + strings.Repeat("x", 5000) + `"}`,
		`{"ticket_footer":"<script>"}`, `{"sessions":null}`, string(def)} {
		f.Add([]byte(s))
	}
	addSeeds(f, func(s string) { f.Add([]byte(s)) })
	a := newFuzzApp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a.exercise(t, asAdmin, "PUT", "/api/v1/admin/settings", body, false)
	})
}
