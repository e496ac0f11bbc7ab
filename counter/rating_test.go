package counter_test

import (
	"strings"
	"testing"
	"time"

	"xephang/internal/e2e"
)

// The rating rules of DESIGN.md (Satisfaction), over HTTP on the real app:
// one rating per done ticket, whichever path; the phone within 24 hours of
// done, the counter's tablet for its last done ticket within 10 minutes;
// levels 1 to 4; reasons only at 2 or below; a comment of at most 500
// characters. A refused rating changes nothing.

// feedbackJSON is the feedback a ticket carries once rated.
type feedbackJSON struct {
	Rating  int      `json:"rating"`
	Reasons []string `json:"reasons"`
	Comment string   `json:"comment"`
	At      string   `json:"at"`
	Via     string   `json:"via"`
}

// ticketFeedback reads a ticket as the phone does and returns its
// feedback, nil when not rated.
func ticketFeedback(t *testing.T, c *e2e.Client, token string) *feedbackJSON {
	t.Helper()
	var tk struct {
		Status   string        `json:"status"`
		DoneAt   string        `json:"done_at"`
		Feedback *feedbackJSON `json:"feedback"`
	}
	c.MustJSON(t, "GET", "/api/v1/tickets/"+token, nil, 200, &tk)
	return tk.Feedback
}

// served issues a ticket for service and serves it to done at counter.
func served(t *testing.T, off *e2e.Client, counter, service string) e2e.Ticket {
	t.Helper()
	tk := off.Issue(t, service, false)
	if got := off.Act(t, counter, "next"); got.Number != tk.Number {
		t.Fatalf("next at %s called %s, want %s", counter, got.Number, tk.Number)
	}
	off.Act(t, counter, "done")
	return tk
}

func phonePath(tk e2e.Ticket) string { return "/api/v1/tickets/" + tk.Token + "/feedback" }

const tabletPath = "/api/v1/counters/quay-2/feedback"

func TestRatingNeedsDoneTicket(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, phone := app.Officer(t), app.Client()
	tk := off.Issue(t, "dat-dai", false)

	// Waiting, then called, then serving: not yet.
	phone.MustError(t, "POST", phonePath(tk), map[string]any{"rating": 4}, 409, "conflict")
	off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 409, "conflict")
	off.Act(t, "quay-2", "next")
	phone.MustError(t, "POST", phonePath(tk), map[string]any{"rating": 4}, 409, "conflict")
	off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 409, "conflict")
	off.Act(t, "quay-2", "start")
	phone.MustError(t, "POST", phonePath(tk), map[string]any{"rating": 4}, 409, "conflict")

	// A no-show is not a service to rate either.
	off.Act(t, "quay-2", "done")
	miss := off.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next")
	off.Act(t, "quay-2", "noshow")
	phone.MustError(t, "POST", phonePath(miss), map[string]any{"rating": 1}, 409, "conflict")
	if f := ticketFeedback(t, phone, miss.Token); f != nil {
		t.Fatalf("no-show rated: %+v", f)
	}

	// Unknown ticket, unknown counter.
	phone.MustError(t, "POST", "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/feedback", map[string]any{"rating": 4}, 404, "not_found")
	off.MustError(t, "POST", "/api/v1/counters/quay-9/feedback", map[string]any{"rating": 4}, 404, "not_found")
}

func TestRatingOncePerTicket(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, phone := app.Officer(t), app.Client()

	t.Run("PhoneThenEither", func(t *testing.T) {
		tk := served(t, off, "quay-2", "dat-dai")
		phone.MustJSON(t, "POST", phonePath(tk), map[string]any{"rating": 3}, 201, nil)
		phone.MustError(t, "POST", phonePath(tk), map[string]any{"rating": 4}, 409, "conflict")
		off.MustError(t, "POST", tabletPath, map[string]any{"rating": 1}, 409, "conflict")
		if f := ticketFeedback(t, phone, tk.Token); f == nil || f.Rating != 3 || f.Via != "phone" {
			t.Fatalf("feedback %+v, want the first rating (3, phone) kept", f)
		}
	})
	t.Run("TabletThenEither", func(t *testing.T) {
		tk := served(t, off, "quay-2", "dat-dai")
		off.MustJSON(t, "POST", tabletPath, map[string]any{"rating": 4}, 201, nil)
		off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 409, "conflict")
		phone.MustError(t, "POST", phonePath(tk), map[string]any{"rating": 2}, 409, "conflict")
		if f := ticketFeedback(t, phone, tk.Token); f == nil || f.Rating != 4 || f.Via != "counter" {
			t.Fatalf("feedback %+v, want the first rating (4, counter) kept", f)
		}
	})
}

func TestRatingValues(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, phone := app.Officer(t), app.Client()
	tk := served(t, off, "quay-2", "dat-dai")

	long := strings.Repeat("ệ", 501) // 501 characters, 1503 bytes
	bad := []struct {
		name string
		body any
	}{
		{"RatingZero", map[string]any{"rating": 0}},
		{"RatingFive", map[string]any{"rating": 5}},
		{"RatingNegative", map[string]any{"rating": -1}},
		{"RatingText", map[string]any{"rating": "x"}},
		{"RatingDigitText", map[string]any{"rating": "4"}},
		{"RatingFraction", map[string]any{"rating": 3.5}},
		{"RatingMissing", map[string]any{"comment": "tốt"}},
		{"ReasonsAtThree", map[string]any{"rating": 3, "reasons": []string{"thai_do"}}},
		{"ReasonsAtFour", map[string]any{"rating": 4, "reasons": []string{"Thời gian chờ"}}},
		{"UnknownReason", map[string]any{"rating": 1, "reasons": []string{"gia_ca"}}},
		{"UnknownReasonAmongGood", map[string]any{"rating": 2, "reasons": []string{"thai_do", "xyz"}}},
		{"ReasonNotText", map[string]any{"rating": 1, "reasons": []int{1}}},
		{"CommentTooLong", map[string]any{"rating": 1, "comment": long}},
		{"UnknownField", map[string]any{"rating": 4, "stars": 5}},
		{"NotJSON", "rating=4"},
		{"Empty", ""},
	}
	for _, path := range []struct {
		name string
		c    *e2e.Client
		url  string
	}{{"Phone", phone, phonePath(tk)}, {"Tablet", off, tabletPath}} {
		t.Run(path.name, func(t *testing.T) {
			for _, b := range bad {
				t.Run(b.name, func(t *testing.T) {
					path.c.MustError(t, "POST", path.url, b.body, 400, "invalid")
				})
			}
			if f := ticketFeedback(t, phone, tk.Token); f != nil {
				t.Fatalf("a refused rating was stored: %+v", f)
			}
		})
	}
	// The tablet's number must be a ticket number.
	off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4, "number": "số một"}, 400, "invalid")

	// The edges that pass: 500 characters (spaces around are trimmed),
	// reasons as Vietnamese labels or codes, repeated once.
	ok := strings.Repeat("ơ", 500)
	phone.MustJSON(t, "POST", phonePath(tk), map[string]any{
		"rating": 1, "reasons": []string{"Thái độ", "thai_do", "hướng dẫn chưa rõ", "Khác"}, "comment": "  " + ok + "\n"}, 201, nil)
	f := ticketFeedback(t, phone, tk.Token)
	if f == nil || f.Rating != 1 || f.Comment != ok || strings.Join(f.Reasons, ",") != "thai_do,huong_dan_chua_ro,khac" {
		t.Fatalf("stored feedback %+v", f)
	}
}

func TestRatingStoredWithTicket(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, phone := app.Officer(t), app.Client()

	byPhone := served(t, off, "quay-2", "dat-dai")
	app.Clock.Add(2 * time.Minute)
	var created feedbackJSON
	phone.MustJSON(t, "POST", phonePath(byPhone), map[string]any{
		"rating": 2, "reasons": []string{"thoi_gian_cho", "Hướng dẫn chưa rõ"}, "comment": "Chờ hơi lâu"}, 201, &created)
	want := feedbackJSON{Rating: 2, Reasons: []string{"thoi_gian_cho", "huong_dan_chua_ro"}, Comment: "Chờ hơi lâu",
		At: "2026-03-02T09:02:00+07:00", Via: "phone"}
	if got := ticketFeedback(t, phone, byPhone.Token); got == nil || !sameFeedback(*got, want) || !sameFeedback(created, want) {
		t.Fatalf("phone feedback: stored %+v, answered %+v; want %+v", got, created, want)
	}

	byTablet := served(t, off, "quay-2", "xay-dung")
	off.MustJSON(t, "POST", tabletPath, map[string]any{"rating": 4, "number": byTablet.Number}, 201, nil)
	want = feedbackJSON{Rating: 4, Reasons: []string{}, At: "2026-03-02T09:02:00+07:00", Via: "counter"}
	if got := ticketFeedback(t, phone, byTablet.Token); got == nil || !sameFeedback(*got, want) {
		t.Fatalf("tablet feedback %+v, want %+v", got, want)
	}

	// The reports read it from the stored ticket.
	_, body := app.Admin(t).Do(t, "GET", "/api/v1/reports?from=2026-03-02&to=2026-03-02&format=json", nil)
	if !strings.Contains(string(body), `"rated":2`) {
		t.Errorf("report does not count the two ratings: %.600s", body)
	}
}

func sameFeedback(a, b feedbackJSON) bool {
	return a.Rating == b.Rating && strings.Join(a.Reasons, ",") == strings.Join(b.Reasons, ",") &&
		a.Comment == b.Comment && a.At == b.At && a.Via == b.Via && a.Reasons != nil
}

func TestRatingWindows(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off, phone := app.Officer(t), app.Client()

	t.Run("Phone24Hours", func(t *testing.T) {
		// The officer signs in again: 24 hours outlast a session.
		defer func() { off = app.Officer(t) }()
		late := served(t, off, "quay-2", "dat-dai")
		inTime := served(t, off, "quay-2", "dat-dai")
		app.Clock.Add(24*time.Hour - time.Minute)
		phone.MustJSON(t, "POST", phonePath(inTime), map[string]any{"rating": 4}, 201, nil)
		app.Clock.Add(2 * time.Minute)
		phone.MustError(t, "POST", phonePath(late), map[string]any{"rating": 4}, 409, "conflict")
		if f := ticketFeedback(t, phone, late.Token); f != nil {
			t.Fatalf("rated after 24 h: %+v", f)
		}
	})

	t.Run("Tablet10Minutes", func(t *testing.T) {
		served(t, off, "quay-2", "dat-dai")
		app.Clock.Add(10*time.Minute + time.Second)
		off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 409, "conflict")

		tk := served(t, off, "quay-2", "dat-dai")
		app.Clock.Add(10 * time.Minute)
		off.MustJSON(t, "POST", tabletPath, map[string]any{"rating": 3}, 201, nil)
		if f := ticketFeedback(t, phone, tk.Token); f == nil || f.Via != "counter" {
			t.Fatalf("tablet rating at 10 min: %+v", f)
		}
	})

	t.Run("TabletLastDoneOnly", func(t *testing.T) {
		first := served(t, off, "quay-2", "dat-dai")
		second := served(t, off, "quay-2", "dat-dai")
		// The tablet showed first; the counter has finished second since.
		off.MustError(t, "POST", tabletPath, map[string]any{"rating": 4, "number": first.Number}, 409, "conflict")
		// Another counter's tablet cannot rate it.
		off.MustError(t, "POST", "/api/v1/counters/quay-1/feedback", map[string]any{"rating": 4}, 409, "conflict")
		off.MustJSON(t, "POST", tabletPath, map[string]any{"rating": 4, "number": strings.ToLower(second.Number)}, 201, nil)
		if f := ticketFeedback(t, phone, first.Token); f != nil {
			t.Fatalf("first rated: %+v", f)
		}
		// first can still be rated from the phone.
		phone.MustJSON(t, "POST", phonePath(first), map[string]any{"rating": 3}, 201, nil)
	})
}

func TestTabletRatingNeedsOfficer(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	served(t, off, "quay-2", "dat-dai")
	app.Client().MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 401, "unauthorized")
	noCSRF := *off
	noCSRF.CSRF = ""
	noCSRF.MustError(t, "POST", tabletPath, map[string]any{"rating": 4}, 403, "forbidden")
}

// TestCounterDetailLastDone: the tablet learns from the counter's detail
// which ticket it may offer for rating, and whether it was rated.
func TestCounterDetailLastDone(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	off := app.Officer(t)
	type detail struct {
		Current  *e2e.Ticket `json:"current"`
		LastDone *struct {
			Number   string        `json:"number"`
			Status   string        `json:"status"`
			DoneAt   string        `json:"done_at"`
			Feedback *feedbackJSON `json:"feedback"`
		} `json:"last_done"`
	}
	var d detail
	off.MustJSON(t, "GET", "/api/v1/counters/2", nil, 200, &d)
	if d.LastDone != nil {
		t.Fatalf("last_done before any service: %+v", d.LastDone)
	}
	tk := served(t, off, "quay-2", "dat-dai")
	next := off.Issue(t, "dat-dai", false)
	off.Act(t, "quay-2", "next") // "Hoàn thành & gọi tiếp": the citizen before still rates
	off.MustJSON(t, "GET", "/api/v1/counters/2", nil, 200, &d)
	if d.LastDone == nil || d.LastDone.Number != tk.Number || d.LastDone.Status != "done" || d.LastDone.DoneAt != "2026-03-02T09:00:00+07:00" ||
		d.LastDone.Feedback != nil || d.Current == nil || d.Current.Number != next.Number {
		t.Fatalf("detail after done and next: %+v %+v", d.LastDone, d.Current)
	}
	off.MustJSON(t, "POST", tabletPath, map[string]any{"rating": 3, "number": tk.Number}, 201, nil)
	off.MustJSON(t, "GET", "/api/v1/counters/quay-2", nil, 200, &d)
	if d.LastDone == nil || d.LastDone.Feedback == nil || d.LastDone.Feedback.Rating != 3 {
		t.Fatalf("last_done after the rating: %+v", d.LastDone)
	}
	app.Clock.Add(10*time.Minute + time.Second)
	off.MustJSON(t, "GET", "/api/v1/counters/quay-2", nil, 200, &d)
	if d.LastDone != nil {
		t.Fatalf("last_done after the tablet's 10 minutes: %+v", d.LastDone)
	}
}
