package server_test

import (
	"testing"
	"time"

	"xephang/internal/e2e"
)

// TestCounterAPI drives the whole queue over HTTP: open, next, recall,
// start, done, no-show, call back by number, transfer, close, and the
// tablet's rating, with the errors of DESIGN.md.
func TestCounterAPI(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	kiosk := app.Client()
	o := app.Officer(t)

	var k struct {
		ID   string
		Open bool
	}
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, &k)
	if !k.Open || k.ID != "quay-2" {
		t.Fatalf("open: %+v", k)
	}
	o.MustError(t, "POST", "/api/v1/counters/quay-2/next", nil, 404, "not_found")
	o.MustError(t, "POST", "/api/v1/counters/quay-2/recall", nil, 409, "invalid_transition")
	o.MustError(t, "POST", "/api/v1/counters/quay-9/next", nil, 404, "not_found")

	c1 := kiosk.Issue(t, "dat-dai", false)
	app.Clock.Add(time.Minute)
	c2 := kiosk.Issue(t, "xay-dung", false)
	app.Clock.Add(time.Minute)

	got := o.Act(t, "quay-2", "next")
	if got.Number != c1.Number || got.Status != "called" || got.Counter != 2 {
		t.Fatalf("next: %+v", got)
	}
	o.MustError(t, "POST", "/api/v1/counters/quay-2/next", nil, 409, "conflict")
	o.MustError(t, "POST", "/api/v1/counters/quay-2/close", nil, 409, "conflict")
	if got := o.Act(t, "quay-2", "recall"); got.Recalls != 1 {
		t.Fatalf("recall: %+v", got)
	}
	if got := o.Act(t, "quay-2", "start"); got.Status != "serving" {
		t.Fatalf("start: %+v", got)
	}
	o.MustError(t, "POST", "/api/v1/counters/quay-2/noshow", nil, 409, "invalid_transition")
	if got := o.Act(t, "quay-2", "done"); got.Status != "done" {
		t.Fatalf("done: %+v", got)
	}
	// The tablet rates the ticket just finished, once.
	o.MustError(t, "POST", "/api/v1/counters/quay-2/feedback", map[string]any{"rating": 0}, 400, "invalid")
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/feedback", map[string]any{"rating": 4}, 201, nil)
	o.MustError(t, "POST", "/api/v1/counters/quay-2/feedback", map[string]any{"rating": 4}, 409, "conflict")
	kiosk.MustError(t, "POST", "/api/v1/tickets/"+c1.Token+"/feedback", map[string]any{"rating": 3}, 409, "conflict")

	if got := o.Act(t, "quay-2", "next"); got.Number != c2.Number {
		t.Fatalf("second next: %+v", got)
	}
	o.Act(t, "quay-2", "noshow")
	o.MustError(t, "POST", "/api/v1/counters/quay-2/call", map[string]string{"number": "zz"}, 400, "invalid")
	o.MustError(t, "POST", "/api/v1/counters/quay-2/call", map[string]string{"number": "E099"}, 404, "not_found")
	var back e2e.Ticket
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/call", map[string]string{"number": "e1"}, 200, &back)
	if back.Number != c2.Number || back.Status != "called" {
		t.Fatalf("no-show called back: %+v", back)
	}
	o.MustError(t, "POST", "/api/v1/counters/quay-2/transfer", map[string]string{}, 400, "invalid")
	var moved e2e.Ticket
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/transfer", map[string]string{"service_id": "tu-phap-ho-tich"}, 200, &moved)
	if moved.Number != c2.Number || moved.Status != "waiting" || moved.ServiceID != "tu-phap-ho-tich" {
		t.Fatalf("transfer: %+v", moved)
	}

	var detail struct {
		ID           string
		Current      *e2e.Ticket
		Waiting      []e2e.Ticket
		WaitingCount int `json:"waiting_count"`
		Today        struct {
			Served int
			NoShow int `json:"no_show"`
		}
	}
	o.MustJSON(t, "GET", "/api/v1/counters/quay-1", nil, 200, &detail)
	if detail.Current != nil || detail.WaitingCount != 1 || len(detail.Waiting) != 1 || detail.Waiting[0].Number != c2.Number {
		t.Fatalf("counter 1 detail: %+v", detail)
	}
	o.MustJSON(t, "GET", "/api/v1/counters/2", nil, 200, &detail)
	if detail.ID != "quay-2" || detail.Today.Served != 1 {
		t.Fatalf("counter 2 detail: %+v", detail)
	}
	o.MustJSON(t, "POST", "/api/v1/counters/quay-2/close", nil, 200, &k)
	if k.Open {
		t.Fatal("close left the counter open")
	}

	// The phone rates a done ticket once, within 24 hours.
	app.Clock.Add(time.Minute)
	o.Act(t, "quay-1", "next")
	o.Act(t, "quay-1", "done")
	kiosk.MustError(t, "POST", "/api/v1/tickets/"+c2.Token+"/feedback", map[string]any{"rating": 4, "reasons": []string{"thai_do"}}, 400, "invalid")
	kiosk.MustJSON(t, "POST", "/api/v1/tickets/"+c2.Token+"/feedback", map[string]any{"rating": 2, "reasons": []string{"thoi_gian_cho"}, "comment": "Chờ hơi lâu"}, 201, nil)
	kiosk.MustError(t, "POST", "/api/v1/tickets/"+c2.Token+"/feedback", map[string]any{"rating": 4}, 409, "conflict")
}
