package main

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"xephang/bolt"
	"xephang/queue"
)

// demoSim plays the days of the center against the store.
type demoSim struct {
	ctx      context.Context
	store    *bolt.Store
	clock    *simClock
	rng      *rand.Rand
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
	outcome string // done, noshow or transfer
	token   string
	to      string // the transfer's service
}

// arrivals draws the day's citizens: per session a number that depends on
// the session and the weekday, at times weighted towards the first hours
// of the morning; the extended hour is busier on Mondays.
func (s *demoSim) arrivals(day time.Time) []arrival {
	var out []arrival
	sessions := s.sched.SessionsOn(day.Add(12*time.Hour), s.loc)
	stop := time.Duration(s.sched.StopMinutes) * time.Minute
	monday := day.Weekday() == time.Monday
	for i, sess := range sessions {
		start, end := clockOn(day, sess.Start), clockOn(day, sess.End)
		// The kiosk stops before the end of an opening: sessions that
		// touch the next one run to its end.
		if i+1 >= len(sessions) || sessions[i+1].Start != sess.End {
			end = end.Add(-stop)
		}
		minutes := end.Sub(start).Minutes()
		if minutes <= 0 {
			continue
		}
		rate := 0.27 // tickets a minute in the afternoon
		switch {
		case sess.Extended:
			rate = 0.32
			if monday {
				rate *= 1.8
			}
		case start.Hour() < 12:
			rate = 0.36
		}
		switch day.Weekday() {
		case time.Monday:
			rate *= 1.15
		case time.Friday:
			rate *= 0.9
		}
		n := int(math.Round(s.scale * rate * minutes * (0.85 + 0.3*s.rng.Float64())))
		for range n {
			f := s.rng.Float64()
			if start.Hour() < 12 && !sess.Extended {
				// A triangle peaking a third into the morning.
				if u := s.rng.Float64(); u < 1.0/3 {
					f = math.Sqrt(u / 3)
				} else {
					f = 1 - math.Sqrt((1-u)*2/3)
				}
			}
			a := arrival{at: start.Add(time.Duration(f * float64(end.Sub(start)))), service: s.pickService(sess.Extended)}
			if s.rng.IntN(100) < 8 {
				a.priority = queue.PriorityKinds[s.rng.IntN(len(queue.PriorityKinds))]
			}
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func clockOn(day time.Time, hhmm string) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location())
}

// pickService draws a service; in the extended hour, online guidance and
// results are asked for more (people after work).
func (s *demoSim) pickService(extended bool) string {
	total := 0
	weight := func(id string) int {
		w := demoWeights[id]
		if extended && (id == queue.ServiceOnline || id == "tra-ket-qua") {
			w *= 2
		}
		return w
	}
	for _, sv := range s.services {
		if sv.Active {
			total += max(weight(sv.ID), 1)
		}
	}
	n := s.rng.IntN(total)
	for _, sv := range s.services {
		if !sv.Active {
			continue
		}
		if n -= max(weight(sv.ID), 1); n < 0 {
			return sv.ID
		}
	}
	return s.services[0].ID
}

// day plays one working day: citizens arrive and take tickets, each free
// counter calls the next ticket while its services have some waiting, and
// what it called ends served (and often rated), as a no-show or transferred.
func (s *demoSim) day(day time.Time, index int) error {
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
// some waiting, and decides how it ends.
func (s *demoSim) call(d *desk, waiting map[string]int) error {
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
	now := s.clock.Now()
	d.busy, d.token = true, t.Token
	switch r := s.rng.IntN(100); {
	case r < 4:
		d.outcome, d.until = "noshow", now.Add(time.Duration(90+s.rng.IntN(120))*time.Second)
	case r < 7 && t.Transfers == 0:
		d.outcome, d.until = "transfer", now.Add(time.Duration(60+s.rng.IntN(180))*time.Second)
		for d.to == "" || d.to == t.ServiceID {
			d.to = s.pickService(false)
		}
	default:
		if _, err := s.store.Act(s.ctx, d.c.ID, queue.ActionStart, "", d.officer); err != nil {
			return err
		}
		// Service times: log-normal around five minutes, 1.5 to 30.
		mins := math.Exp(math.Log(5) + 0.5*s.rng.NormFloat64())
		mins = min(max(mins, 1.5), 30)
		d.outcome, d.until = "done", now.Add(time.Duration(mins*60)*time.Second)
	}
	return nil
}

// finish ends the ticket at a desk, and has the citizen rate it.
func (s *demoSim) finish(d *desk, waiting map[string]int) error {
	d.busy = false
	switch d.outcome {
	case "noshow":
		_, err := s.store.Act(s.ctx, d.c.ID, queue.ActionNoShow, "", d.officer)
		return err
	case "transfer":
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
	if s.rng.IntN(100) >= 70 {
		return nil
	}
	f := queue.Feedback{Rating: 4}
	switch r := s.rng.IntN(100); {
	case r < 56:
	case r < 88:
		f.Rating = 3
	case r < 96:
		f.Rating = 2
	default:
		f.Rating = 1
	}
	if t.Extended && f.Rating < 4 && s.rng.IntN(4) == 0 {
		f.Rating++ // the extended hour pleases: no queue after work
	}
	if f.Rating <= 2 {
		f.Reasons = []string{queue.Reasons[s.rng.IntN(len(queue.Reasons))].Code}
		if s.rng.IntN(2) == 0 {
			f.Comment = demoComments[s.rng.IntN(len(demoComments))]
		}
	}
	if s.rng.IntN(4) == 0 {
		_, err = s.store.RateTicket(s.ctx, t.Token, f)
	} else {
		_, err = s.store.RateAtCounter(s.ctx, d.c.ID, "", f)
	}
	return err
}
