package report_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/report"
)

// dayOfWork issues and serves tickets on the test app's campaign Monday:
// two in the morning (one rated 4 at the counter), one in the extended
// hour, one left waiting.
func dayOfWork(t *testing.T, app *e2e.App) {
	t.Helper()
	kiosk := app.Client()
	officer := app.Officer(t)
	kiosk.Issue(t, "tu-phap-ho-tich", false)
	kiosk.Issue(t, "chung-thuc", true)
	app.Clock.Add(5 * time.Minute)
	officer.Act(t, "quay-1", "next")
	app.Clock.Add(4 * time.Minute)
	officer.Act(t, "quay-1", "done")
	officer.MustJSON(t, "POST", "/api/v1/counters/quay-1/feedback", map[string]any{"rating": 4}, 201, nil)
	officer.Act(t, "quay-1", "next")
	app.Clock.Add(6 * time.Minute)
	officer.Act(t, "quay-1", "done")

	app.Clock.Set(testutil.At(2026, 3, 2, 16, 40))
	kiosk.Issue(t, "chung-thuc", false)
	app.Clock.Add(2 * time.Minute)
	officer.Act(t, "quay-1", "next")
	app.Clock.Add(3 * time.Minute)
	officer.Act(t, "quay-1", "done")
	kiosk.Issue(t, "tu-phap-ho-tich", false)
}

func TestReportAPI(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	dayOfWork(t, app)
	admin := app.Admin(t)

	t.Run("JSON", func(t *testing.T) {
		var rep report.Report
		admin.MustJSON(t, "GET", "/api/v1/reports?from=2026-03-02&to=2026-03-02", nil, 200, &rep)
		s := rep.Summary
		if s.Total.Issued != 4 || s.Extended.Issued != 2 || s.Total.Served != 3 || s.Extended.Served != 1 || s.Total.InProgress != 1 {
			t.Errorf("summary %+v / extended %+v", s.Total, s.Extended)
		}
		if s.Total.Rated != 1 || s.Total.Ratings[4] != 1 {
			t.Errorf("ratings %v rated %d", s.Total.Ratings, s.Total.Rated)
		}
		if s.Total.Service.Count != 3 || *s.Total.Service.Max != 6 || *s.Total.Service.Median != 4 {
			t.Errorf("service times %+v", s.Total.Service)
		}
		if len(rep.BySession) != 2 || rep.BySession[1].Key != "Giờ thứ 9" || !rep.BySession[1].ExtendedSession {
			t.Errorf("sessions %+v", rep.BySession)
		}
		if len(rep.ByOfficer) != 2 || rep.ByOfficer[0].Key != app.OfficerID || rep.ByOfficer[0].Name != "Canbo" {
			t.Errorf("officers %+v", rep.ByOfficer)
		}
		if rep.Center != "Trung tâm Phục vụ hành chính công xã Luận Thành" {
			t.Errorf("center %q", rep.Center)
		}
	})

	t.Run("DefaultIsTheCampaign", func(t *testing.T) {
		var rep report.Report
		admin.MustJSON(t, "GET", "/api/v1/reports", nil, 200, &rep)
		if rep.From != "2026-02-23" || rep.To != "2026-03-23" || rep.Summary.Total.Issued != 4 {
			t.Errorf("default range %s..%s with %d tickets", rep.From, rep.To, rep.Summary.Total.Issued)
		}
	})

	t.Run("Formats", func(t *testing.T) {
		for _, f := range []struct{ format, ctype, magic string }{
			{"json", "application/json", "{"},
			{"csv", "text/csv; charset=utf-8", "\ufeffBảng,"},
			{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
			{"pdf", "application/pdf", "%PDF-"},
		} {
			res, body := admin.DoHeader(t, "GET", "/api/v1/reports?from=2026-02-23&to=2026-03-23&format="+f.format, nil, nil)
			if res.StatusCode != 200 {
				t.Errorf("%s: status %d %s", f.format, res.StatusCode, body)
				continue
			}
			if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, f.ctype) {
				t.Errorf("%s: content type %q, want %q", f.format, got, f.ctype)
			}
			if !strings.HasPrefix(string(body), f.magic) {
				t.Errorf("%s: body starts %q", f.format, body[:min(len(body), 8)])
			}
			cd := res.Header.Get("Content-Disposition")
			if f.format == "json" {
				if cd != "" {
					t.Errorf("json: Content-Disposition %q", cd)
				}
				continue
			}
			want := `attachment; filename="bao-cao-gio-thu-9_2026-02-23_2026-03-23.` + f.format + `"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20Gi%E1%BB%9D%20th%E1%BB%A9%209%202026-02-23%20%C4%91%E1%BA%BFn%202026-03-23.` + f.format
			if cd != want {
				t.Errorf("%s: Content-Disposition\n%s, want\n%s", f.format, cd, want)
			}
			if res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", f.format, res.Header.Get("Cache-Control"))
			}
		}
	})

	t.Run("OfficerForbidden", func(t *testing.T) {
		app.Officer(t).MustError(t, "GET", "/api/v1/reports", nil, 403, "forbidden")
	})
	t.Run("AnonymousUnauthorized", func(t *testing.T) {
		app.Client().MustError(t, "GET", "/api/v1/reports?format=pdf", nil, 401, "unauthorized")
	})

	t.Run("BadParams", func(t *testing.T) {
		for _, tc := range []struct{ query, field string }{
			{"from=2026-13-01", "from"},
			{"from=23/02/2026", "from"},
			{"to=yesterday", "to"},
			{"from=2026-03-23&to=2026-02-23", "to"},
			{"from=2025-01-01&to=2026-03-23", "to"},
			{"format=doc", "format"},
			{"format=", ""}, // empty is the default, JSON
		} {
			res, body := admin.DoHeader(t, "GET", "/api/v1/reports?"+tc.query, nil, nil)
			if tc.field == "" {
				if res.StatusCode != 200 {
					t.Errorf("%s: status %d", tc.query, res.StatusCode)
				}
				continue
			}
			var e struct {
				Error struct{ Code, Message, Field string }
			}
			json.Unmarshal(body, &e)
			if res.StatusCode != http.StatusBadRequest || e.Error.Code != "invalid" || e.Error.Field != tc.field ||
				!strings.Contains(e.Error.Message, "("+tc.field+")") {
				t.Errorf("%s: %d %s", tc.query, res.StatusCode, body)
			}
		}
	})
}
