package demo_test

import (
	"reflect"
	"testing"
	"time"

	"xephang/internal/demo"
	"xephang/queue"
)

// TestBusy checks the shape the report tests and benchmarks rely on:
// exactly days × perDay tickets on weekdays, in issue order within a day,
// every session (the extended hour too) and every end, the same tickets
// for the same seed.
func TestBusy(t *testing.T) {
	loc, err := time.LoadLocation(queue.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 2, 27, 0, 0, 0, 0, loc) // a Friday: the weekend is skipped
	list := demo.Busy(first, 5, 300, 1)
	if len(list) != 5*300 {
		t.Fatalf("%d tickets, want %d", len(list), 5*300)
	}
	days := map[string]int{}
	sessions := map[string]int{}
	var expired, done, transferred, rated, priority, noShows int
	for i, tk := range list {
		days[tk.Day]++
		sessions[tk.Session]++
		d, err := time.ParseInLocation(time.DateOnly, tk.Day, loc)
		if err != nil || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			t.Fatalf("ticket %d on %s", i, tk.Day)
		}
		if tk.IssuedAt.In(loc).Format(time.DateOnly) != tk.Day {
			t.Fatalf("ticket %d issued %v, not on %s", i, tk.IssuedAt, tk.Day)
		}
		if i > 0 && list[i-1].Day == tk.Day && tk.IssuedAt.Before(list[i-1].IssuedAt) {
			t.Fatalf("ticket %d issued before the one before it", i)
		}
		switch tk.Status {
		case queue.StatusDone:
			done++
			if !tk.IssuedAt.Before(tk.CalledAt) && !tk.IssuedAt.Equal(tk.CalledAt) || !tk.CalledAt.Before(tk.DoneAt) || tk.CounterID == "" {
				t.Fatalf("ticket %d served out of order: %+v", i, tk)
			}
		case queue.StatusExpired:
			expired++
			if !tk.NoShowAt.IsZero() {
				noShows++
			}
		default:
			t.Fatalf("ticket %d is %s, not finished", i, tk.Status)
		}
		if tk.Transfers > 0 {
			transferred++
		}
		if tk.Feedback != nil {
			rated++
			if tk.Feedback.Rating < 1 || tk.Feedback.Rating > 4 || tk.Status != queue.StatusDone {
				t.Fatalf("ticket %d rated %+v", i, tk.Feedback)
			}
		}
		if tk.Priority != (tk.PriorityKind != "") {
			t.Fatalf("ticket %d priority %v kind %q", i, tk.Priority, tk.PriorityKind)
		}
		if tk.Priority {
			priority++
		}
	}
	if len(days) != 5 || days["2026-02-28"] != 0 || days["2026-03-05"] != 300 {
		t.Errorf("days %v, want 5 weekdays from 27/02 with 300 each", days)
	}
	if m, a, e := sessions[queue.SessionMorning], sessions[queue.SessionAfternoon], sessions[queue.SessionExtended]; !(m > a && a > e && e > 0) {
		t.Errorf("sessions %v: want the morning busiest, then the afternoon, then the extended hour", sessions)
	}
	if n := len(list); done < n*8/10 || expired == 0 || noShows == 0 || transferred == 0 || rated < done/2 || priority == 0 {
		t.Errorf("of %d: %d done, %d expired (%d no-shows), %d transferred, %d rated, %d priority", n, done, expired, noShows, transferred, rated, priority)
	}
	if again := demo.Busy(first, 5, 300, 1); !reflect.DeepEqual(again, list) {
		t.Error("the same seed gave other tickets")
	}
}
