package server_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
)

type wordsAnswer struct {
	Zone            string                            `json:"zone"`
	Statuses        map[queue.Status]queue.StatusWord `json:"statuses"`
	CounterStatuses map[string]queue.Word             `json:"counter_statuses"`
	PriorityKinds   []queue.Word                      `json:"priority_kinds"`
	Ratings         []queue.RatingWord                `json:"ratings"`
	Reasons         []queue.Word                      `json:"reasons"`
	Weekdays        []queue.WeekdayWord               `json:"weekdays"`
}

func getWords(t *testing.T, c *e2e.Client) wordsAnswer {
	t.Helper()
	status, body := c.Do(t, "GET", "/api/v1/words", nil)
	if status != 200 {
		t.Fatalf("GET /api/v1/words: %d %s", status, body)
	}
	var w wordsAnswer
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return w
}

// The pages take every word table and the center's zone from the server:
// the tables are queue's, whole, and the zone follows --tz.
func TestWordsAreQueues(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{Store: bolt.Options{Zone: "Europe/Paris"}})
	w := getWords(t, app.Client()) // public: no session

	if w.Zone != "Europe/Paris" {
		t.Errorf("zone %q, want Europe/Paris (--tz)", w.Zone)
	}
	for name, pair := range map[string][2]any{
		"statuses":         {w.Statuses, queue.StatusWords},
		"counter_statuses": {w.CounterStatuses, queue.CounterStatusWords},
		"priority_kinds":   {w.PriorityKinds, queue.PriorityWords},
		"ratings":          {w.Ratings, queue.RatingWords},
		"reasons":          {w.Reasons, queue.Reasons},
		"weekdays":         {w.Weekdays, queue.Weekdays},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s = %+v, want queue's %+v", name, pair[0], pair[1])
		}
	}
	// Every status and every board status has its words.
	for _, s := range []queue.Status{queue.StatusWaiting, queue.StatusCalled, queue.StatusServing,
		queue.StatusDone, queue.StatusNoShow, queue.StatusExpired} {
		if sw := w.Statuses[s]; sw.VI == "" || sw.EN == "" || sw.HolderVI == "" || sw.HolderEN == "" {
			t.Errorf("status %s has words %+v", s, sw)
		}
	}
	for _, s := range []string{queue.CounterClosed, queue.CounterOpen, queue.CounterCalled, queue.CounterServing} {
		if cw := w.CounterStatuses[s]; cw.VI == "" || cw.EN == "" {
			t.Errorf("counter status %s has words %+v", s, cw)
		}
	}
	if got := len(w.PriorityKinds); got != len(queue.PriorityKinds) {
		t.Errorf("%d priority kinds, want %d", got, len(queue.PriorityKinds))
	}
	if len(w.Weekdays) != 7 || w.Weekdays[0].Day != 1 || w.Weekdays[6].Day != 7 {
		t.Errorf("weekdays %+v, want ISO 1…7", w.Weekdays)
	}
}

// The zone the admin sets is the zone the pages get next.
func TestWordsZoneFollowsSettings(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	if got := getWords(t, c).Zone; got != queue.DefaultZone {
		t.Errorf("zone %q, want the default %q", got, queue.DefaultZone)
	}
	app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"zone": "Asia/Bangkok"}, 200, nil)
	if got := getWords(t, c).Zone; got != "Asia/Bangkok" {
		t.Errorf("zone %q after the admin set Asia/Bangkok", got)
	}
}
