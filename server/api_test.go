package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

func TestPublicAPI(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()

	var info struct {
		Center      string `json:"center"`
		Now         string `json:"now"`
		Issuing     bool   `json:"issuing"`
		NextOpening string `json:"next_opening"`
		Session     *struct {
			Name     string `json:"name"`
			Extended bool   `json:"extended"`
		} `json:"session"`
	}
	c.MustJSON(t, "GET", "/api/v1/info", nil, 200, &info)
	if info.Center != "Trung tâm Phục vụ hành chính công xã Luận Thành" || !info.Issuing ||
		info.Session == nil || info.Session.Name != "Sáng" || info.Now != "2026-03-02T09:00:00+07:00" {
		t.Fatalf("info=%+v", info)
	}

	var services []struct {
		ID, Name, Prefix string
		Open             bool
		Waiting          int
		ETAMinutes       int `json:"eta_minutes"`
	}
	c.MustJSON(t, "GET", "/api/v1/services", nil, 200, &services)
	if len(services) != 8 || services[0].ID != "tu-phap-ho-tich" || services[0].Prefix != "A" || !services[0].Open {
		t.Fatalf("services=%+v", services)
	}

	t1 := c.Issue(t, "dat-dai", false)
	t2 := c.Issue(t, "dat-dai", true)
	if t1.Number != "C001" || t1.Status != "waiting" || t1.ServiceName != "Đất đai" || t1.Session != "Sáng" ||
		t1.IssuedAt != "2026-03-02T09:00:00+07:00" || t1.Ahead != 0 || len(t1.Token) < 22 ||
		t1.PDFURL != "/api/v1/tickets/"+t1.Token+"/pdf" || !strings.HasSuffix(t1.TrackURL, "/t/"+t1.Token) {
		t.Fatalf("ticket=%+v", t1)
	}
	if t2.Number != "C002" || !t2.Priority || t2.Ahead != 0 {
		t.Fatalf("priority ticket=%+v, want C002 ahead 0", t2)
	}
	var back e2e.Ticket
	c.MustJSON(t, "GET", "/api/v1/tickets/"+t1.Token, nil, 200, &back)
	if back.Number != "C001" || back.Ahead != 1 || back.ETAMinutes != 5 {
		t.Fatalf("C001 now: %+v, want ahead 1 (the priority ticket) eta 5", back)
	}
	c.MustJSON(t, "GET", "/api/v1/services", nil, 200, &services)
	if services[2].ID != "dat-dai" || services[2].Waiting != 2 || services[2].ETAMinutes != 10 {
		t.Fatalf("dat-dai status=%+v", services[2])
	}
	c.MustError(t, "GET", "/api/v1/tickets/not-a-token", nil, 404, "not_found")
}

// TestBadInput: every malformed request is a 400 invalid (or 404 for an
// unknown service) with the error format, and nothing is issued.
func TestBadInput(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	big := `{"service_id":"dat-dai","priority":false,"priority_kind":"` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"Empty", "", 400, "invalid"},
		{"NotJSON", "service=dat-dai", 400, "invalid"},
		{"Truncated", `{"service_id":"dat`, 400, "invalid"},
		{"UnknownField", `{"service_id":"dat-dai","vip":true}`, 400, "invalid"},
		{"WrongType", `{"service_id":7}`, 400, "invalid"},
		{"Trailing", `{"service_id":"dat-dai"} {}`, 400, "invalid"},
		{"Array", `[{"service_id":"dat-dai"}]`, 400, "invalid"},
		{"Null", `null`, 400, "invalid"},
		{"NoService", `{}`, 400, "invalid"},
		{"BadPriorityKind", `{"service_id":"dat-dai","priority_kind":"vip"}`, 400, "invalid"},
		{"Oversized", big, 400, "invalid"},
		{"UnknownService", `{"service_id":"no-such"}`, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := c.Do(t, "POST", "/api/v1/tickets", tt.body)
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(body, &e); err != nil || status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Fatalf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	var services []struct{ Waiting int }
	c.MustJSON(t, "GET", "/api/v1/services", nil, 200, &services)
	for _, s := range services {
		if s.Waiting != 0 {
			t.Fatalf("bad input issued a ticket: %+v", services)
		}
	}
	// Routes that do not exist get the error format too.
	c.MustError(t, "GET", "/api/v1/nothing", nil, 404, "not_found")
}

func TestEnglishMessages(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	res, body := app.Client().DoHeader(t, "POST", "/api/v1/tickets", `{}`, http.Header{"Accept-Language": {"en-US,en;q=0.9"}})
	if res.StatusCode != 400 || !strings.Contains(string(body), "Choose a service") {
		t.Fatalf("english: %d %s", res.StatusCode, body)
	}
	_, body = app.Client().Do(t, "POST", "/api/v1/tickets", `{}`)
	if !strings.Contains(string(body), "Chọn lĩnh vực") {
		t.Fatalf("vietnamese by default: %s", body)
	}
}

func TestClosedAndCap(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	admin := app.Admin(t)
	admin.MustJSON(t, "PUT", "/api/v1/admin/services/xay-dung", map[string]int{"daily_cap": 1}, 200, nil)
	c.Issue(t, "xay-dung", false)
	c.MustError(t, "POST", "/api/v1/tickets", map[string]string{"service_id": "xay-dung"}, 409, "cap_reached")

	app.Clock.Set(testutil.At(2026, 3, 2, 17, 20)) // the kiosk stops 10 minutes before 17:30
	status, body := c.Do(t, "POST", "/api/v1/tickets", map[string]string{"service_id": "dat-dai"})
	if status != 409 || e2e.ErrorCode(body) != "closed" || !strings.Contains(string(body), "07:30 03/03/2026") {
		t.Fatalf("closed: %d %s", status, body)
	}
	app.Clock.Set(testutil.At(2026, 3, 2, 16, 50))
	if tk := c.Issue(t, "dat-dai", false); tk.Session != "Giờ thứ 9" {
		t.Fatalf("16:50 session %q", tk.Session)
	}
}

// TestIssueRateLimit: the limit on tickets is per client address (a
// forged X-Forwarded-For changes nothing), answers 429 with a message that
// says the limit in both languages, and 0 turns it off.
func TestIssueRateLimit(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{IssueLimit: 3})
	take := func(ip string, header http.Header) *httptest.ResponseRecorder {
		return serveFrom(app, ip, "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`, header)
	}
	for i := range 3 {
		if rec := take("192.168.1.20", nil); rec.Code != 201 {
			t.Fatalf("ticket %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := take("192.168.1.20", nil)
	if rec.Code != 429 || e2e.ErrorCode(rec.Body.Bytes()) != "too_many_requests" || !strings.Contains(rec.Body.String(), "tối đa 3") {
		t.Fatalf("4th ticket in a minute: %d %s", rec.Code, rec.Body)
	}
	rec = take("192.168.1.20", http.Header{"Accept-Language": {"en"}, "X-Forwarded-For": {"192.168.1.99"}})
	if rec.Code != 429 || !strings.Contains(rec.Body.String(), "Too many tickets from this device in a minute (at most 3)") {
		t.Fatalf("5th, in English, behind a forged X-Forwarded-For: %d %s", rec.Code, rec.Body)
	}
	// Another kiosk is not held back by the first.
	if rec := take("192.168.1.21", nil); rec.Code != 201 {
		t.Fatalf("another address: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(app.Log.String(), "ticket issue rate limited") {
		t.Error("the refusal was not logged")
	}

	off := e2e.NewApp(t, e2e.Options{IssueLimit: 0})
	for i := range 100 {
		if rec := serveFrom(off, "192.168.1.20", "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`, nil); rec.Code != 201 {
			t.Fatalf("limit 0, ticket %d: %d %s", i, rec.Code, rec.Body)
		}
	}
}

// TestDailyCapOverHTTP: 16 kiosks take 160 tickets of a service capped at
// 50 a day, all at once: exactly 50 are issued, numbered 1 to 50, the
// others are refused with cap_reached, and the kiosk list shows the
// service closed for the day.
func TestDailyCapOverHTTP(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/services/xay-dung", map[string]int{"daily_cap": 50}, 200, nil)
	var (
		mu      sync.Mutex
		numbers []string
		refused int
		wg      sync.WaitGroup
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := app.Client()
			for range 10 {
				status, body := c.Do(t, "POST", "/api/v1/tickets", `{"service_id":"xay-dung"}`)
				var tk e2e.Ticket
				json.Unmarshal(body, &tk)
				mu.Lock()
				switch {
				case status == 201:
					numbers = append(numbers, tk.Number)
				case status == 409 && e2e.ErrorCode(body) == "cap_reached":
					refused++
				default:
					t.Errorf("status %d %s", status, body)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(numbers)
	if len(numbers) != 50 || refused != 110 || numbers[0] != "E001" || numbers[49] != "E050" || len(slices.Compact(numbers)) != 50 {
		t.Fatalf("%d issued (%v … %v), %d refused; want E001…E050 and 110 refused", len(numbers), numbers[:1], numbers[len(numbers)-1:], refused)
	}
	var list []struct {
		ID     string `json:"id"`
		Open   bool   `json:"open"`
		Reason string `json:"reason"`
	}
	app.Client().MustJSON(t, "GET", "/api/v1/services", nil, 200, &list)
	for _, s := range list {
		if s.ID == "xay-dung" && (s.Open || s.Reason != "cap_reached") {
			t.Fatalf("kiosk list: %+v, want closed with cap_reached", s)
		}
	}
}

// TestConcurrentIssueOverHTTP: 64 clients × 50 tickets over HTTP; every
// number unique and gap-free.
func TestConcurrentIssueOverHTTP(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	var (
		mu   sync.Mutex
		seen = map[string]bool{}
		wg   sync.WaitGroup
	)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := app.Client()
			for i := 0; i < 50; i++ {
				status, body := c.Do(t, "POST", "/api/v1/tickets", `{"service_id":"tra-ket-qua"}`)
				if status != 201 {
					t.Errorf("status %d %s", status, body)
					return
				}
				var tk e2e.Ticket
				json.Unmarshal(body, &tk)
				mu.Lock()
				if seen[tk.Number] {
					t.Errorf("duplicate %s", tk.Number)
				}
				seen[tk.Number] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for i := 1; i <= 64*50; i++ {
		n := fmt.Sprintf("H%03d", i)
		if !seen[n] {
			t.Fatalf("missing %s", n)
		}
	}
}

func TestHealthMetricsAndPages(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	c.MustJSON(t, "GET", "/healthz", nil, 200, nil)
	c.Issue(t, "dat-dai", false)
	status, body := c.Do(t, "GET", "/metrics", nil)
	if status != 200 || !strings.Contains(string(body), `xephang_events_total{type="issue"} 1`) {
		t.Fatalf("metrics: %d\n%.2000s", status, body)
	}
	for _, p := range []string{"/", "/he-thong", "/kiosk", "/board", "/counter", "/rate?counter=1", "/admin", "/t/abc", "/static/common.js", "/static/common.css"} {
		res, _ := c.DoHeader(t, "GET", p, nil, nil)
		h := res.Header
		if res.StatusCode != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("ETag") == "" {
			t.Fatalf("%s: %d %v", p, res.StatusCode, h)
		}
		res2, _ := c.DoHeader(t, "GET", p, nil, http.Header{"If-None-Match": {h.Get("ETag")}})
		if res2.StatusCode != 304 {
			t.Fatalf("%s revalidation: %d", p, res2.StatusCode)
		}
	}
	c.MustError(t, "GET", "/static/nothing.js", nil, 404, "not_found")
	c.MustError(t, "GET", "/static/../main.go", nil, 404, "not_found")
}

// TestWriterMetrics: /metrics shows the group commit of the ticket
// writer, so a dashboard (and `make bench`) sees tickets a commit and how
// busy the writer is.
func TestWriterMetrics(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, body := c.Do(t, "POST", "/api/v1/tickets", `{"service_id":"dat-dai"}`); status != 201 {
				t.Errorf("status %d %s", status, body)
			}
		}()
	}
	wg.Wait()
	c.MustError(t, "POST", "/api/v1/tickets", `{"service_id":"khong-co"}`, 404, "not_found")
	status, body := c.Do(t, "GET", "/metrics", nil)
	if status != 200 {
		t.Fatalf("metrics: %d", status)
	}
	v := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		name, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		v[name] = f
	}
	if got := v["xephang_issue_requests_total"]; got != 9 {
		t.Errorf("requests: got %v, want 9 (8 tickets and one refused)", got)
	}
	if n := v["xephang_issue_commits_total"]; n < 1 || n > 9 {
		t.Errorf("commits: got %v, want 1 to 9", n)
	}
	if v["xephang_issue_writer_busy_seconds_total"] <= 0 || v["xephang_bolt_write_seconds_total"] <= 0 || v["xephang_bolt_pages_written_total"] < v["xephang_issue_commits_total"] {
		t.Errorf("busy, write and pages: %v, %v, %v", v["xephang_issue_writer_busy_seconds_total"], v["xephang_bolt_write_seconds_total"], v["xephang_bolt_pages_written_total"])
	}
}

// TestCountersOpen: the services, a ticket and the board say how many open
// counters serve a service, so a page can tell a citizen that no counter
// is open yet instead of promising a wait.
func TestCountersOpen(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c, off := app.Client(), app.Officer(t)
	const service = "chung-thuc" // served by counters 1 and 3
	tk := c.Issue(t, service, false)
	if tk.CountersOpen != 0 || tk.ETAMinutes != 0 {
		t.Fatalf("issued with no counter open: %+v", tk)
	}
	check := func(step string, want int) {
		t.Helper()
		var services []struct {
			ID           string `json:"id"`
			CountersOpen int    `json:"counters_open"`
		}
		c.MustJSON(t, "GET", "/api/v1/services", nil, 200, &services)
		got := -1
		for _, s := range services {
			if s.ID == service {
				got = s.CountersOpen
			}
		}
		var back e2e.Ticket
		c.MustJSON(t, "GET", "/api/v1/tickets/"+tk.Token, nil, 200, &back)
		var snap struct {
			Board struct {
				Queues []struct {
					ServiceID    string `json:"service_id"`
					CountersOpen int    `json:"counters_open"`
				} `json:"queues"`
			} `json:"board"`
		}
		c.MustJSON(t, "GET", "/api/v1/board", nil, 200, &snap)
		onBoard := -1
		for _, q := range snap.Board.Queues {
			if q.ServiceID == service {
				onBoard = q.CountersOpen
			}
		}
		if got != want || back.CountersOpen != want || onBoard != want {
			t.Errorf("%s: counters_open: services %d, ticket %d, board %d; want %d", step, got, back.CountersOpen, onBoard, want)
		}
	}
	check("none open", 0)
	steps := []struct {
		counter, action string
		want            int
	}{
		{"quay-1", "open", 1},
		{"quay-2", "open", 1}, // does not serve it
		{"quay-3", "open", 2},
		{"quay-1", "close", 1},
		{"quay-3", "close", 0},
	}
	for _, s := range steps {
		off.MustJSON(t, "POST", "/api/v1/counters/"+s.counter+"/"+s.action, nil, 200, nil)
		check(s.counter+" "+s.action, s.want)
	}
}
