package demo

import (
	"context"
	"math"
	"sort"
	"time"

	"xephang/bolt"
	"xephang/queue"
)

// sim plays the model's days against the real store.
type sim struct {
	ctx      context.Context
	store    *bolt.Store
	clock    *simClock
	m        model
	sched    *queue.Schedule
	loc      *time.Location
	officers []string
	services []queue.Service
	counters []queue.Counter
	issued   int
	scale    float64
}

// arrival is a citizen who will take a ticket.
type arrival struct {
	at       time.Time
	service  string
	priority string
}

// desk is a counter during the simulation.
type desk struct {
	c       queue.Counter
	officer string
	busy    bool
	until   time.Time
	outcome string // endDone, endNoShow or endTransfer
	to      string // the transfer's service
}

// window is a session of one day, from its start to when the kiosk stops
// issuing in it.
type window struct {
	sess       queue.Session
	start, end time.Time
}

// windows returns the sessions of day as the kiosk issues in them: it
// stops stop before the end of an opening, so sessions that touch the
// next one run to its end.
func windows(day time.Time, sessions []queue.Session, stop time.Duration) []window {
	var out []window
	for i, sess := range sessions {
		start, end := clockOn(day, sess.Start), clockOn(day, sess.End)
		if i+1 >= len(sessions) || sessions[i+1].Start != sess.End {
			end = end.Add(-stop)
		}
		if end.After(start) {
			out = append(out, window{sess, start, end})
		}
	}
	return out
}

// morning reports whether w is a regular morning session.
func (w window) morning() bool { return w.start.Hour() < 12 && !w.sess.Extended }

// expected is how many citizens the model sends to w.
func (w window) expected() float64 {
	return rate(w.sess, w.start, w.start.Weekday()) * w.end.Sub(w.start).Minutes()
}

// arrivals draws the day's citizens: per session a number that depends on
// the session and the weekday (the model's rate, ±15%), at the model's
// times.
func (s *sim) arrivals(day time.Time) []arrival {
	var out []arrival
	stop := time.Duration(s.sched.StopMinutes) * time.Minute
	for _, w := range windows(day, s.sched.SessionsOn(day.Add(12*time.Hour), s.loc), stop) {
		n := int(math.Round(s.scale * w.expected() * (0.85 + 0.3*s.m.rng.Float64())))
		for range n {
			f := s.m.arrival(w.morning())
			out = append(out, arrival{
				at:       w.start.Add(time.Duration(f * float64(w.end.Sub(w.start)))),
				service:  s.m.service(s.services, w.sess.Extended),
				priority: s.m.priority(),
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func clockOn(day time.Time, hhmm string) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location())
}

// day plays one working day: citizens arrive and take tickets, each free
// counter calls the next ticket while its services have some waiting, and
// what it called ends served (and often rated), as a no-show or transferred.
func (s *sim) day(day time.Time, index int) error {
	arrivals := s.arrivals(day)
	desks := make([]*desk, len(s.counters))
	for i, c := range s.counters {
		desks[i] = &desk{c: c}
	}
	// Counters call until a quarter past the end of the day's last
	// session, and not over lunch once the morning queue is done.
	sessions := s.sched.SessionsOn(day.Add(12*time.Hour), s.loc)
	if len(sessions) == 0 {
		return nil
	}
	lastEnd := clockOn(day, sessions[len(sessions)-1].End).Add(15 * time.Minute)
	lunch, afternoon := clockOn(day, "11:50"), clockOn(day, "13:30")
	waiting := map[string]int{}
	next := 0
	for {
		// The next event: an arrival or a counter finishing.
		var at time.Time
		var finishing *desk
		if next < len(arrivals) {
			at = arrivals[next].at
		}
		for _, d := range desks {
			if d.busy && (at.IsZero() || d.until.Before(at)) {
				at, finishing = d.until, d
			}
		}
		if at.IsZero() {
			return nil
		}
		s.clock.Set(at)
		if finishing != nil {
			if err := s.finish(finishing, waiting); err != nil {
				return err
			}
		} else {
			a := arrivals[next]
			next++
			_, err := s.store.Issue(s.ctx, queue.IssueRequest{ServiceID: a.service, Priority: a.priority != "", PriorityKind: a.priority})
			switch {
			case err == nil:
				waiting[a.service]++
				s.issued++
			case queue.ErrorCode(err) != queue.ECLOSED && queue.ErrorCode(err) != queue.ECAPREACHED:
				return err
			}
		}
		if at.After(lastEnd) || (!at.Before(lunch) && at.Before(afternoon)) {
			continue
		}
		// Officers: the morning shift and the afternoon one rotate.
		shift := index
		if at.Hour() >= 12 {
			shift++
		}
		for i, d := range desks {
			if d.busy {
				continue
			}
			d.officer = s.officers[(i+shift)%len(s.officers)]
			if err := s.call(d, waiting); err != nil {
				return err
			}
		}
	}
}

// call has a free desk call its next ticket, when one of its services has
// some waiting, and draws how it ends.
func (s *sim) call(d *desk, waiting map[string]int) error {
	has := false
	for _, id := range d.c.Services {
		has = has || waiting[id] > 0
	}
	if !has {
		return nil
	}
	t, err := s.store.Act(s.ctx, d.c.ID, queue.ActionNext, "", d.officer)
	if queue.ErrorCode(err) == queue.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	waiting[t.ServiceID]--
	outcome, busy := s.m.end(t.Transfers)
	d.busy, d.outcome, d.until = true, outcome, s.clock.Now().Add(busy)
	switch outcome {
	case endTransfer:
		d.to = s.m.otherService(s.services, t.ServiceID)
	case endDone:
		if _, err := s.store.Act(s.ctx, d.c.ID, queue.ActionStart, "", d.officer); err != nil {
			return err
		}
	}
	return nil
}

// finish ends the ticket at a desk, and has the citizen rate it.
func (s *sim) finish(d *desk, waiting map[string]int) error {
	d.busy = false
	switch d.outcome {
	case endNoShow:
		_, err := s.store.Act(s.ctx, d.c.ID, queue.ActionNoShow, "", d.officer)
		return err
	case endTransfer:
		to := d.to
		d.to = ""
		if _, err := s.store.Act(s.ctx, d.c.ID, queue.ActionTransfer, to, d.officer); err != nil {
			return err
		}
		waiting[to]++
		return nil
	}
	t, err := s.store.Act(s.ctx, d.c.ID, queue.ActionDone, "", d.officer)
	if err != nil {
		return err
	}
	f, via := s.m.feedback(t.Extended)
	switch {
	case f == nil:
	case via == queue.FeedbackPhone:
		_, err = s.store.RateTicket(s.ctx, t.Token, *f)
	default:
		_, err = s.store.RateAtCounter(s.ctx, d.c.ID, "", *f)
	}
	return err
}
