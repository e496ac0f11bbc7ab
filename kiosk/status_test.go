package kiosk_test

import (
	"testing"
	"time"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// status is GET /api/v1/status as a page or an embedder reads it.
type status struct {
	Center  string `json:"center"`
	Open    bool   `json:"open"`
	Issuing bool   `json:"issuing"`
	Session *struct {
		Name     string `json:"name"`
		Extended bool   `json:"extended"`
		Start    string `json:"start"`
		End      string `json:"end"`
	} `json:"session"`
	IssuingUntil *time.Time `json:"issuing_until"`
	OpenUntil    *time.Time `json:"open_until"`
	NextOpening  *time.Time `json:"next_opening"`
	Holiday      bool       `json:"holiday"`
	Waiting      int        `json:"waiting"`
	Services     []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Open       bool   `json:"open"`
		Waiting    int    `json:"waiting"`
		ETAMinutes int    `json:"eta_minutes"`
	} `json:"services"`
}

func getStatus(t *testing.T, c *e2e.Client) status {
	t.Helper()
	var st status
	c.MustJSON(t, "GET", "/api/v1/status", nil, 200, &st)
	return st
}

func (st status) waiting(t *testing.T, service string) int {
	t.Helper()
	for _, s := range st.Services {
		if s.ID == service {
			return s.Waiting
		}
	}
	t.Fatalf("service %s missing from status", service)
	return 0
}

func sameTime(got *time.Time, want time.Time) bool { return got != nil && got.Equal(want) }

func TestStatus(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()

	t.Run("CacheControl", func(t *testing.T) {
		res, body := c.DoHeader(t, "GET", "/api/v1/status", nil, nil)
		if res.StatusCode != 200 {
			t.Fatalf("status %d %s", res.StatusCode, body)
		}
		if got, want := res.Header.Get("Cache-Control"), "public, max-age=5"; got != want {
			t.Errorf("Cache-Control %q, want %q", got, want)
		}
		if len(body) > 4096 {
			t.Errorf("status is %d bytes, want a small document", len(body))
		}
	})

	t.Run("Morning", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 2, 9, 0))
		st := getStatus(t, c)
		if !st.Open || !st.Issuing || st.Session == nil || st.Session.Name != "Sáng" || st.Session.Extended {
			t.Fatalf("09:00: %+v", st)
		}
		if !sameTime(st.OpenUntil, testutil.At(2026, 3, 2, 11, 30)) {
			t.Errorf("open_until %v, want 11:30", st.OpenUntil)
		}
		if len(st.Services) != 8 || st.Center == "" {
			t.Errorf("services %d, center %q", len(st.Services), st.Center)
		}
	})

	t.Run("ExtendedHour", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 4, 16, 45)) // a campaign Wednesday
		st := getStatus(t, c)
		if !st.Open || !st.Issuing || st.Session == nil || st.Session.Name != "Giờ thứ 9" || !st.Session.Extended {
			t.Fatalf("16:45: %+v", st.Session)
		}
		if st.Session.Start != "16:30" || st.Session.End != "17:30" {
			t.Errorf("session %s–%s", st.Session.Start, st.Session.End)
		}
		if !sameTime(st.OpenUntil, testutil.At(2026, 3, 4, 17, 30)) || !sameTime(st.IssuingUntil, testutil.At(2026, 3, 4, 17, 20)) {
			t.Errorf("open_until %v issuing_until %v, want 17:30 and 17:20", st.OpenUntil, st.IssuingUntil)
		}
	})

	t.Run("LastMinutes", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 4, 17, 25))
		st := getStatus(t, c)
		if !st.Open || st.Issuing {
			t.Errorf("17:25: open %v issuing %v, want open and not issuing", st.Open, st.Issuing)
		}
	})

	t.Run("Evening", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 4, 20, 0))
		st := getStatus(t, c)
		if st.Open || st.Issuing || st.Session != nil || st.OpenUntil != nil {
			t.Fatalf("20:00: %+v", st)
		}
		if !sameTime(st.NextOpening, testutil.At(2026, 3, 5, 7, 30)) {
			t.Errorf("next_opening %v, want 07:30 the next day", st.NextOpening)
		}
		for _, s := range st.Services {
			if s.Open {
				t.Errorf("service %s open at 20:00", s.ID)
			}
		}
	})

	t.Run("Holiday", func(t *testing.T) {
		admin := app.Admin(t)
		admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"holidays": []string{"2026-03-05"}}, 200, nil)
		app.Clock.Set(testutil.At(2026, 3, 5, 9, 0))
		st := getStatus(t, c)
		if st.Open || st.Issuing || st.Session != nil || !st.Holiday {
			t.Fatalf("holiday 09:00: %+v", st)
		}
		if !sameTime(st.NextOpening, testutil.At(2026, 3, 6, 7, 30)) {
			t.Errorf("next_opening %v, want 07:30 the day after the holiday", st.NextOpening)
		}
	})

	t.Run("NewTicket", func(t *testing.T) {
		app.Clock.Set(testutil.At(2026, 3, 6, 9, 0))
		before := getStatus(t, c)
		c.Issue(t, "chung-thuc", false)
		after := getStatus(t, c)
		if got, want := after.waiting(t, "chung-thuc"), before.waiting(t, "chung-thuc")+1; got != want {
			t.Errorf("chung-thuc waiting %d, want %d", got, want)
		}
		if after.Waiting != before.Waiting+1 {
			t.Errorf("total waiting %d, want %d", after.Waiting, before.Waiting+1)
		}
	})
}
