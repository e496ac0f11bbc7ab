package queue

import (
	"slices"
	"sort"
	"time"
)

// The read models of the day. Each returns values the caller owns: nothing
// it returns shares memory with the Day.

// Settings returns the settings in force, with the zone in force and the
// process's always-open override.
func (d *Day) Settings() Settings {
	out := d.settings.Clone()
	if d.cfg.AlwaysOpen {
		out.AlwaysOpen = true
	}
	out.Zone = d.loc.String()
	return out
}

// StoredSettings returns the settings as stored, without the process's
// overrides: what an admin change starts from.
func (d *Day) StoredSettings() Settings { return d.settings.Clone() }

// Services returns every service, active or not, in kiosk order.
func (d *Day) Services() []Service { return slices.Clone(d.services) }

// Counters returns every counter, by number.
func (d *Day) Counters() []Counter {
	out := slices.Clone(d.counters)
	for i := range out {
		out[i].Services = slices.Clone(out[i].Services)
	}
	return out
}

// Issued returns how many tickets service id has issued today.
func (d *Day) Issued(id string) int { return d.issued[id] }

// openServing counts the open counters that serve service id.
func (d *Day) openServing(id string) int {
	n := 0
	for i := range d.counters {
		if d.counters[i].Open && d.counters[i].Serves(id) {
			n++
		}
	}
	return n
}

// wait estimates, for service id, the wait behind ahead people, and counts
// the open counters serving it.
func (d *Day) wait(id string, ahead int) (eta, open int) {
	open = d.openServing(id)
	return ETAMinutes(ahead, MeanServiceTime(d.times[id]), open), open
}

// waitingCount is the length of service id's line.
func (d *Day) waitingCount(id string) int {
	if l := d.lines[id]; l != nil {
		return l.Len()
	}
	return 0
}

// ahead returns the people ahead of t in its line by the pick rule; 0 for
// a ticket that is not waiting.
func (d *Day) ahead(t *Ticket) int {
	a := d.active[t.ID]
	if a == nil || a.Status != StatusWaiting {
		return 0
	}
	l := d.lines[a.ServiceID]
	if l == nil {
		return 0
	}
	return max(l.Ahead(waitingOf(a)), 0)
}

// TicketInfo wraps t with its place in line, its wait, the open counters
// of its service and the names of its service and counter.
func (d *Day) TicketInfo(t Ticket) TicketInfo {
	ti := TicketInfo{Ticket: localTimes(t, d.loc)}
	ti.Ahead = d.ahead(&t)
	ti.ETAMinutes, ti.CountersOpen = d.wait(t.ServiceID, ti.Ahead)
	if sv := d.Service(t.ServiceID); sv != nil {
		ti.ServiceName = sv.Name
	}
	if t.CounterID != "" {
		if c := d.Counter(t.CounterID); c != nil {
			ti.CounterName = c.Name
		}
	}
	return ti
}

// Ticket returns the active ticket id; ok is false when it is not active.
func (d *Day) Ticket(id uint64) (t Ticket, ok bool) {
	if a := d.active[id]; a != nil {
		return *a, true
	}
	return Ticket{}, false
}

// ServiceStatuses returns the active services in kiosk order with their
// queue and whether the kiosk issues for them at now.
func (d *Day) ServiceStatuses(now time.Time) []ServiceStatus {
	now = now.In(d.loc)
	_, issuing := d.schedule().CanIssue(now, d.loc)
	out := []ServiceStatus{}
	for _, sv := range d.services {
		if !sv.Active {
			continue
		}
		waiting := d.waitingCount(sv.ID)
		ss := ServiceStatus{ID: sv.ID, Name: sv.Name, Prefix: sv.Prefix, Open: issuing, Waiting: waiting}
		ss.ETAMinutes, ss.CountersOpen = d.wait(sv.ID, waiting)
		switch {
		case !issuing:
			ss.Reason = ECLOSED
		case sv.DailyCap > 0 && d.issued[sv.ID] >= sv.DailyCap:
			ss.Open, ss.Reason = false, ECAPREACHED
		}
		out = append(out, ss)
	}
	return out
}

// Info returns the state of the center at now: the session, whether the
// kiosk issues, the openings and what the public page shows.
func (d *Day) Info(now time.Time) Info {
	now = now.In(d.loc)
	sc := d.schedule()
	sess, issuing := sc.CanIssue(now, d.loc)
	if sess == nil {
		sess = sc.SessionAt(now, d.loc)
	}
	st := &d.settings
	out := Info{
		Center: st.CenterName, Address: st.Address, Now: now.Truncate(time.Second),
		Session: InfoOf(sess), Issuing: issuing, Today: sc.SessionsOn(now, d.loc),
		Zone:  d.loc.String(),
		Phone: st.Phone, Notice: st.Notice, PortalURL: st.PortalURL,
		OnlineGuide: st.OnlineGuide, MapURL: st.MapURL,
		Schedule:    st.Clone().Sessions, // its own Days
		Holiday:     slices.Contains(st.Holidays, DateOf(now, d.loc)),
		StopMinutes: st.StopMinutes,
	}
	if out.Schedule == nil {
		out.Schedule = []Session{}
	}
	if out.Today == nil {
		out.Today = []Session{}
	}
	if issuing && !sc.AlwaysOpen {
		u := sc.IssuingUntil(now, d.loc)
		out.IssuingUntil = &u
	}
	if u := sc.OpenUntil(now, d.loc); !u.IsZero() {
		out.OpenUntil = &u
	}
	if next := sc.NextOpening(now, d.loc); !next.IsZero() {
		out.NextOpening = &next
	}
	return out
}

// Board returns what the lobby TV shows at now: the counters and whom they
// serve, the recent calls and each service's waiting list in pick order.
func (d *Day) Board(now time.Time) Board {
	now = now.In(d.loc)
	b := Board{
		Center: d.settings.CenterName, Now: now.Truncate(time.Second), Notice: d.settings.Notice,
		Session:  InfoOf(d.schedule().SessionAt(now, d.loc)),
		Counters: make([]BoardCounter, 0, len(d.counters)),
		Recent:   append([]Call{}, d.recent...),
		Queues:   []BoardQueue{},
	}
	names := map[string]string{}
	for _, sv := range d.services {
		names[sv.ID] = sv.Name
	}
	for _, c := range d.counters {
		bc := BoardCounter{ID: c.ID, Number: c.Number, Name: c.Name, Status: CounterClosed, Services: []string{}}
		for _, id := range c.Services {
			if n, ok := names[id]; ok {
				bc.Services = append(bc.Services, n)
			}
		}
		if c.Open {
			bc.Status = CounterOpen
		}
		if t := d.active[c.Current]; c.Current != 0 && t != nil {
			bc.Current, bc.Status = t.Number, string(t.Status)
			bc.ServiceID, bc.ServiceName = t.ServiceID, names[t.ServiceID]
		}
		b.Counters = append(b.Counters, bc)
	}
	for _, sv := range d.services {
		l := d.lines[sv.ID]
		if !sv.Active && (l == nil || l.Len() == 0) {
			continue
		}
		q := BoardQueue{ServiceID: sv.ID, Name: sv.Name, Prefix: sv.Prefix, Waiting: []string{}}
		if l != nil {
			for _, w := range l.Order(BoardQueueLen) {
				q.Waiting = append(q.Waiting, w.Number)
			}
			q.Count = l.Len()
		}
		q.ETAMinutes, q.CountersOpen = d.wait(sv.ID, q.Count)
		b.Queues = append(b.Queues, q)
	}
	return b
}

// CounterDetail returns what the console shows of counter ref at now: the
// current ticket, the next tickets in the order it would call them, the
// no-shows it may call back, today's counts and the ticket its tablet may
// still rate.
func (d *Day) CounterDetail(now time.Time, ref string) (CounterDetail, error) {
	c, err := d.counterOf(ref)
	if err != nil {
		return CounterDetail{}, err
	}
	det := CounterDetail{Counter: c}
	if t := d.active[c.Current]; c.Current != 0 && t != nil {
		ti := d.TicketInfo(*t)
		det.CurrentTicket = &ti
	}
	for _, w := range CounterOrder(&c, d.lines, 20) {
		det.Waiting = append(det.Waiting, d.TicketInfo(*d.active[w.ID]))
	}
	for _, id := range c.Services {
		det.WaitingCount += d.waitingCount(id)
	}
	for _, t := range d.active {
		if t.Status == StatusNoShow && (t.CounterID == c.ID || c.Serves(t.ServiceID)) {
			det.NoShows = append(det.NoShows, d.TicketInfo(*t))
		}
	}
	sort.Slice(det.NoShows, func(i, j int) bool { return det.NoShows[i].ID < det.NoShows[j].ID })
	if n := d.counts[c.ID]; n != nil {
		det.Today = CounterDay{Served: n.served, NoShow: n.noShow}
		if n.served > 0 {
			det.Today.MeanServiceMins = (n.sum / time.Duration(n.served)).Minutes()
		}
	}
	if t, ok := d.lastDone[c.ID]; ok && c.LastDone == t.ID && now.Sub(c.LastDoneAt) <= CounterRatingWindow {
		ti := d.TicketInfo(t)
		det.LastDoneTicket = &ti
	}
	return det, nil
}
