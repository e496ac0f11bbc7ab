package report

import (
	"context"
	"time"

	"xephang/queue"
)

// fakeSource is a Source over tickets in memory. Like the store, it hands
// fn one *queue.Ticket that it overwrites between calls.
type fakeSource struct {
	now      time.Time
	settings queue.Settings
	services []queue.Service
	counters []queue.Counter
	users    []queue.User
	tickets  []queue.Ticket
}

func (f *fakeSource) Settings(context.Context) (queue.Settings, error)  { return f.settings, nil }
func (f *fakeSource) Services(context.Context) ([]queue.Service, error) { return f.services, nil }
func (f *fakeSource) Counters(context.Context) ([]queue.Counter, error) { return f.counters, nil }
func (f *fakeSource) Users(context.Context) ([]queue.User, error)       { return f.users, nil }
func (f *fakeSource) Clock() time.Time                                  { return f.now }

func (f *fakeSource) ForEachTicket(_ context.Context, from, to string, fn func(*queue.Ticket) error) error {
	var t queue.Ticket
	for _, x := range f.tickets {
		if x.Day < from || x.Day > to {
			continue
		}
		t = x
		if x.Feedback != nil {
			fb := *x.Feedback
			t.Feedback = &fb
		}
		if err := fn(&t); err != nil {
			return err
		}
		// Scribble over what fn was given, as a reused buffer would.
		t = queue.Ticket{Day: "scribbled", ServiceID: "scribbled", Session: "scribbled"}
	}
	return nil
}

var zone = func() *time.Location {
	loc, err := time.LoadLocation(queue.DefaultZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

// tk describes a hand-built ticket: minutes of waiting and of service
// (-1 for none) from a start at 08:00 plus its index.
type tk struct {
	day, session string
	ext          bool
	issuedFor    string
	service      string
	status       queue.Status
	wait, svc    int
	counter      string
	officer      string
	transfers    int
	rating       int
	reasons      []string
	comment      string
	noShow       bool // no-show after its latest call (then expired by the day's end)
	calledBack   bool // a no-show called back before its latest call
}

func build(list []tk) []queue.Ticket {
	out := make([]queue.Ticket, len(list))
	for i, k := range list {
		day, _ := time.ParseInLocation(time.DateOnly, k.day, zone)
		issued := day.Add(8*time.Hour + time.Duration(i)*time.Minute)
		t := queue.Ticket{
			ID: uint64(i + 1), Token: "tok", Number: "A" + string(rune('0'+i)), Day: k.day,
			ServiceID: k.service, IssuedFor: k.issuedFor, Session: k.session, Extended: k.ext,
			Status: k.status, IssuedAt: issued, CounterID: k.counter, OfficerID: k.officer, Transfers: k.transfers,
		}
		if k.wait >= 0 {
			t.FirstCalledAt = issued.Add(time.Duration(k.wait) * time.Minute)
			t.CalledAt = t.FirstCalledAt
			if k.calledBack {
				t.NoShowAt = t.FirstCalledAt.Add(30 * time.Second)
				t.CalledAt = t.FirstCalledAt.Add(time.Minute)
			}
		}
		if k.svc >= 0 {
			t.DoneAt = t.CalledAt.Add(time.Duration(k.svc) * time.Minute)
		}
		if k.noShow {
			t.NoShowAt = t.CalledAt.Add(3 * time.Minute)
			t.ExpiredAt = day.Add(24 * time.Hour)
		}
		if k.rating > 0 {
			t.Feedback = &queue.Feedback{Rating: k.rating, Reasons: k.reasons, Comment: k.comment, At: t.DoneAt, Via: queue.FeedbackPhone}
		}
		out[i] = t
	}
	return out
}
