package demo

import (
	"fmt"
	"math"
	"slices"
	"time"

	"xephang/queue"
)

// Busy makes days × perDay finished tickets of a busy center on the
// weekdays from first on, drawn from the same model as Fill's days but
// without playing them through a store, so that a year of a busy center
// (the report benchmarks: 250 × 400) is ready in a moment: the default
// schedule with the extended hour on every day, the sessions as full as
// the model's rates make them, the model's services, priorities, ends and
// ratings. The wait before a call, which Fill's days get from their
// queue, is drawn here (exponential, 12 minutes on average), and 3% leave
// before their turn and expire. The same seed gives the same tickets.
func Busy(first time.Time, days, perDay int, seed uint64) []queue.Ticket {
	m := newModel(seed, seed^0x9e3779b97f4a7c15)
	services := queue.DefaultServices()
	sched := queue.DefaultSchedule()
	for i := range sched.Sessions {
		sched.Sessions[i].From, sched.Sessions[i].To = "", ""
	}
	stop := time.Duration(sched.StopMinutes) * time.Minute
	counterOf := map[string]string{}
	for _, c := range queue.DefaultCounters() {
		for _, s := range c.Services {
			if counterOf[s] == "" {
				counterOf[s] = c.ID
			}
		}
	}
	out := make([]queue.Ticket, 0, days*perDay)
	day := first
	for d := 0; d < days; day = day.AddDate(0, 0, 1) {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		d++
		ws := windows(day, sched.SessionsOn(day.Add(12*time.Hour), day.Location()), stop)
		total := 0.0
		for _, w := range ws {
			total += w.expected()
		}
		dayTickets := make([]queue.Ticket, 0, perDay)
		for range perDay {
			// The session, in proportion to what the model sends to each.
			w, n := ws[len(ws)-1], m.rng.Float64()*total
			for _, c := range ws {
				if n -= c.expected(); n < 0 {
					w = c
					break
				}
			}
			dayTickets = append(dayTickets, m.finished(w, services, counterOf))
		}
		slices.SortFunc(dayTickets, func(a, b queue.Ticket) int { return a.IssuedAt.Compare(b.IssuedAt) })
		out = append(out, dayTickets...)
	}
	return out
}

// finished draws one ticket issued in w and what became of it by the end
// of its day.
func (m model) finished(w window, services []queue.Service, counterOf map[string]string) queue.Ticket {
	day := time.Date(w.start.Year(), w.start.Month(), w.start.Day(), 0, 0, 0, 0, w.start.Location())
	var t queue.Ticket
	t.Day = day.Format(time.DateOnly)
	t.Session, t.Extended = w.sess.Name, w.sess.Extended
	t.IssuedAt = w.start.Add(time.Duration(m.arrival(w.morning()) * float64(w.end.Sub(w.start))))
	t.IssuedFor = m.service(services, w.sess.Extended)
	t.ServiceID = t.IssuedFor
	if t.PriorityKind = m.priority(); t.PriorityKind != "" {
		t.Priority = true
	}
	if m.rng.IntN(100) < 3 { // left before their turn
		t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
		return t
	}
	wait := time.Duration(math.Round(m.rng.ExpFloat64()*12*60)) * time.Second
	t.FirstCalledAt = t.IssuedAt.Add(wait)
	t.CalledAt = t.FirstCalledAt
	end, busy := m.end(0)
	if end == endTransfer { // called again in the new service
		t.ServiceID, t.Transfers = m.otherService(services, t.ServiceID), 1
		t.TransferredAt = t.CalledAt.Add(busy)
		t.CalledAt = t.TransferredAt.Add(time.Duration(m.rng.IntN(15)) * time.Minute)
		end, busy = m.end(1)
	}
	if c := counterOf[t.ServiceID]; c != "" {
		t.CounterID = c
		t.OfficerID = fmt.Sprintf("officer-%d", m.rng.IntN(6))
	}
	if end == endNoShow { // expired at the day's end
		t.NoShowAt = t.CalledAt.Add(busy)
		t.Status, t.ExpiredAt = queue.StatusExpired, day.AddDate(0, 0, 1)
		return t
	}
	t.StartedAt = t.CalledAt.Add(30 * time.Second)
	t.DoneAt = t.CalledAt.Add(busy)
	t.Status = queue.StatusDone
	if f, via := m.feedback(t.Extended); f != nil {
		f.At, f.Via = t.DoneAt.Add(time.Minute), via
		t.Feedback = f
	}
	return t
}
