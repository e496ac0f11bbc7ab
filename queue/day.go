package queue

import (
	"slices"
	"sort"
	"strconv"
	"time"
)

// Day is the whole day of one center as a value: its settings, services and
// counters, the tickets of the day, the waiting lines and what the read
// models need (recent calls, service times, the day's counts). Every rule of
// the day is a method of Day.
//
// Day does no I/O. A command (Issue, Act, SetOpen, the ratings, the admin
// changes, EndDay) reads the Day and returns the Change it makes without
// applying it; the store writes that change in its transaction and, only
// after the commit, calls Apply and publishes the change's events. So a
// rejected or failed change leaves the Day as it was, and what the Day says
// is always what is on disk.
//
// A Day is not safe for concurrent use: the store serializes commands and
// Apply, and guards reads against Apply.
type Day struct {
	cfg      DayConfig
	date     string // the local day the state is of, YYYY-MM-DD
	loc      *time.Location
	settings Settings
	services []Service // kiosk order
	counters []Counter // by number
	lines    map[string]*Line
	active   map[uint64]*Ticket         // tickets still in the day's queue
	today    map[uint64]brief           // every ticket of date, by id
	numbers  map[numberKey]uint64       // every ticket of date, by number
	issued   map[string]int             // tickets issued on date per service
	times    map[string][]time.Duration // recent service times per service
	counts   map[string]*counterCount   // counter id → today's work
	lastDone map[string]Ticket          // counter id → its last done ticket
	recent   []Call                     // last calls, newest first
	seq      uint64                     // last event seq
}

// DayConfig is what the process, not the database, says about the day.
type DayConfig struct {
	// Zone overrides the zone of the settings when set (--tz).
	Zone string
	// AlwaysOpen makes the kiosk issue at all hours (--schedule always),
	// whatever the stored schedule says.
	AlwaysOpen bool
}

// DayState is what a store loads to build a Day: everything the Day knows,
// as stored.
type DayState struct {
	// Date is the day the stored state is of (the day of its last change),
	// "" for a new store: the Day is then of the day of Now.
	Date     string
	Settings Settings
	Services []Service
	Counters []Counter
	// Tickets holds every ticket of Date, the tickets of earlier days still
	// active (the day has not been ended yet) and the counters' last done
	// tickets, in any order; a ticket may be given twice.
	Tickets []Ticket
	// Issued counts the tickets issued on Date per service.
	Issued map[string]int
	// Times holds the recent service times per service.
	Times  map[string][]time.Duration
	Recent []Call
	Seq    uint64
}

// brief is what the Day keeps of every ticket of its date: enough to say why
// a number cannot be called and to count a counter's work.
type brief struct {
	number    string
	status    Status
	counterID string
	service   time.Duration // service time, for a done ticket
}

type numberKey struct {
	prefix string
	seq    int
}

type counterCount struct {
	served, noShow int
	sum            time.Duration
}

// Change is what one command changes, for the store to persist in one
// transaction and then Apply. Tickets, Counters and Services hold the
// objects as they are after the change.
type Change struct {
	Tickets         []Ticket
	Counters        []Counter
	DeletedCounters []string
	Services        []Service
	Settings        *Settings
	// Recent is the new list of recent calls, nil when unchanged.
	Recent []Call
	// Times holds the new recent service times of the services changed.
	Times map[string][]time.Duration
	// Issued holds the new totals of the day's tickets per service.
	Issued map[string]int
	// FirstOfDay is the id of the first ticket of the day, when this
	// change issues it; 0 otherwise.
	FirstOfDay uint64
	// NewDate is set when the change ends the day: the day it starts.
	NewDate string
	// Events are published after the commit, in order. Their Seq follows
	// the Day's.
	Events []Event
}

// Empty reports whether the change changes nothing.
func (c *Change) Empty() bool {
	return len(c.Tickets) == 0 && len(c.Counters) == 0 && len(c.DeletedCounters) == 0 &&
		len(c.Services) == 0 && c.Settings == nil && c.Recent == nil && len(c.Times) == 0 &&
		len(c.Issued) == 0 && c.NewDate == "" && len(c.Events) == 0
}

// LastSeq is the seq of the change's last event, or seq when it has none.
func (c *Change) LastSeq(seq uint64) uint64 {
	if n := len(c.Events); n > 0 {
		return c.Events[n-1].Seq
	}
	return seq
}

// NewDay builds the Day of st. now decides the date of a new store; the Day
// of a store left on an earlier day stays on that day until EndDay.
func NewDay(st DayState, cfg DayConfig, now time.Time) (*Day, error) {
	d := &Day{cfg: cfg}
	loc, err := d.zone(st.Settings.Zone)
	if err != nil {
		return nil, err
	}
	d.loc = loc
	d.date = st.Date
	if today := DateOf(now, loc); d.date == "" || d.date > today {
		d.date = today
	}
	d.settings = st.Settings.Clone()
	d.services = slices.Clone(st.Services)
	sortServices(d.services)
	d.counters = slices.Clone(st.Counters)
	for i := range d.counters {
		d.counters[i].Services = slices.Clone(d.counters[i].Services)
	}
	sortCounters(d.counters)
	d.lines = map[string]*Line{}
	d.active = map[uint64]*Ticket{}
	d.today = map[uint64]brief{}
	d.numbers = map[numberKey]uint64{}
	d.counts = map[string]*counterCount{}
	d.lastDone = map[string]Ticket{}
	d.issued = map[string]int{}
	for k, v := range st.Issued {
		d.issued[k] = v
	}
	d.times = map[string][]time.Duration{}
	for k, v := range st.Times {
		d.times[k] = slices.Clone(v)
	}
	d.recent = slices.Clone(st.Recent)
	for i := range d.recent {
		d.recent[i].At = d.recent[i].At.In(loc)
	}
	d.seq = st.Seq
	last := map[uint64]string{} // ticket id → counter that last finished it
	for _, c := range d.counters {
		if c.LastDone != 0 {
			last[c.LastDone] = c.ID
		}
	}
	seen := map[uint64]bool{}
	for _, t := range st.Tickets {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		d.put(localTimes(t, loc))
		if cid, ok := last[t.ID]; ok {
			d.lastDone[cid] = localTimes(t, loc)
		}
	}
	return d, nil
}

// localTimes returns t with its times in loc.
func localTimes(t Ticket, loc *time.Location) Ticket {
	for _, p := range []*time.Time{&t.IssuedAt, &t.FirstCalledAt, &t.CalledAt, &t.StartedAt,
		&t.DoneAt, &t.NoShowAt, &t.TransferredAt, &t.ExpiredAt} {
		if !p.IsZero() {
			*p = p.In(loc)
		}
	}
	return t
}

func (d *Day) zone(name string) (*time.Location, error) {
	if d.cfg.Zone != "" {
		name = d.cfg.Zone
	}
	return LoadZone(name)
}

// Date is the local day the Day is of, YYYY-MM-DD.
func (d *Day) Date() string { return d.date }

// Location is the center's zone.
func (d *Day) Location() *time.Location { return d.loc }

// Seq is the seq of the last event applied.
func (d *Day) Seq() uint64 { return d.seq }

// Stale reports whether midnight has passed since the Day's date: EndDay
// must run before anything else.
func (d *Day) Stale(now time.Time) bool { return DateOf(now, d.loc) != d.date }

// schedule is the schedule in force: the stored one, always open when the
// process says so.
func (d *Day) schedule() *Schedule {
	sc := d.settings.Schedule
	if d.cfg.AlwaysOpen {
		sc.AlwaysOpen = true
	}
	return &sc
}

// Service returns the service id, nil when there is none.
func (d *Day) Service(id string) *Service {
	for i := range d.services {
		if d.services[i].ID == id {
			return &d.services[i]
		}
	}
	return nil
}

// Counter finds a counter by id, or by its number written as text; nil
// when there is none. It is the one lookup of a counter.
func (d *Day) Counter(ref string) *Counter {
	for i := range d.counters {
		if d.counters[i].ID == ref {
			return &d.counters[i]
		}
	}
	if n, err := strconv.Atoi(ref); err == nil {
		for i := range d.counters {
			if d.counters[i].Number == n {
				return &d.counters[i]
			}
		}
	}
	return nil
}

func errNoCounter(ref string) error {
	return Errorf(ENOTFOUND, "Không có quầy %q.", "No counter %q.", ref)
}

func errNoService(id string) error {
	return Errorf(ENOTFOUND, "Không có lĩnh vực %q.", "No service %q.", id)
}

// counterOf returns a copy of the counter ref, or ENOTFOUND.
func (d *Day) counterOf(ref string) (Counter, error) {
	c := d.Counter(ref)
	if c == nil {
		return Counter{}, errNoCounter(ref)
	}
	cp := *c
	cp.Services = slices.Clone(c.Services)
	return cp, nil
}

func (d *Day) line(id string) *Line {
	l := d.lines[id]
	if l == nil {
		l = &Line{}
		d.lines[id] = l
	}
	return l
}

func waitingOf(t *Ticket) Waiting {
	return Waiting{ID: t.ID, Number: t.Number, ServiceID: t.ServiceID, Priority: t.Priority, IssuedAt: t.IssuedAt}
}

func keyOf(number string) (numberKey, bool) {
	p, n, err := ParseNumber(number)
	return numberKey{p, n}, err == nil
}

// put brings the Day's indexes in line with t, as it is after a change.
func (d *Day) put(t Ticket) {
	if old := d.active[t.ID]; old != nil {
		if old.Status == StatusWaiting {
			d.line(old.ServiceID).Remove(waitingOf(old))
		}
		delete(d.active, t.ID)
	}
	if t.Status.Active() {
		cp := t
		d.active[t.ID] = &cp
		if t.Status == StatusWaiting {
			d.line(t.ServiceID).Add(waitingOf(&cp))
		}
	}
	if t.Day != d.date {
		return
	}
	if old, ok := d.today[t.ID]; ok {
		d.count(old, -1)
	}
	b := brief{number: t.Number, status: t.Status, counterID: t.CounterID, service: t.ServiceTime()}
	d.today[t.ID] = b
	d.count(b, +1)
	if k, ok := keyOf(t.Number); ok {
		d.numbers[k] = t.ID
	}
}

// count adds (sign +1) or removes (-1) what a ticket counts in its
// counter's work of the day.
func (d *Day) count(b brief, sign int) {
	if b.counterID == "" || (b.status != StatusDone && b.status != StatusNoShow) {
		return
	}
	c := d.counts[b.counterID]
	if c == nil {
		c = &counterCount{}
		d.counts[b.counterID] = c
	}
	if b.status == StatusDone {
		c.served += sign
		c.sum += time.Duration(sign) * b.service
	} else {
		c.noShow += sign
	}
}

// Apply makes the committed change ch part of the Day. Only the store
// calls it, after the commit.
func (d *Day) Apply(ch Change) {
	if ch.NewDate != "" {
		d.date = ch.NewDate
		d.issued = map[string]int{}
		d.today = map[uint64]brief{}
		d.numbers = map[numberKey]uint64{}
		d.counts = map[string]*counterCount{}
	}
	if ch.Settings != nil {
		d.settings = ch.Settings.Clone()
		if loc, err := d.zone(d.settings.Zone); err == nil {
			d.loc = loc
		}
	}
	for _, sv := range ch.Services {
		if i := slices.IndexFunc(d.services, func(o Service) bool { return o.ID == sv.ID }); i >= 0 {
			d.services[i] = sv
		} else {
			d.services = append(d.services, sv)
		}
	}
	if len(ch.Services) > 0 {
		d.services = slices.Clone(d.services) // readers may hold the old slice
		sortServices(d.services)
	}
	if len(ch.Counters) > 0 || len(ch.DeletedCounters) > 0 {
		list := slices.Clone(d.counters)
		for _, c := range ch.Counters {
			c.Services = slices.Clone(c.Services)
			if i := slices.IndexFunc(list, func(o Counter) bool { return o.ID == c.ID }); i >= 0 {
				list[i] = c
			} else {
				list = append(list, c)
			}
		}
		for _, id := range ch.DeletedCounters {
			list = slices.DeleteFunc(list, func(o Counter) bool { return o.ID == id })
			delete(d.lastDone, id)
		}
		sortCounters(list)
		d.counters = list
	}
	for _, t := range ch.Tickets {
		d.put(t)
	}
	for _, c := range d.counters {
		if c.LastDone == 0 || d.lastDone[c.ID].ID == c.LastDone && len(ch.Tickets) == 0 {
			continue
		}
		for _, t := range ch.Tickets {
			if t.ID == c.LastDone {
				d.lastDone[c.ID] = t
			}
		}
	}
	for id, n := range ch.Issued {
		d.issued[id] = n
	}
	for id, times := range ch.Times {
		d.times[id] = slices.Clone(times)
	}
	if ch.Recent != nil {
		d.recent = slices.Clone(ch.Recent)
	}
	d.seq = ch.LastSeq(d.seq)
}

// event appends an event of type typ to ch, numbered after the Day's and
// the change's earlier events. The ticket and counter are copied: an event
// is the state after the change, self-contained.
func (d *Day) event(ch *Change, typ string, at time.Time, t *Ticket, c *Counter) *Event {
	e := Event{Seq: d.seq + uint64(len(ch.Events)) + 1, Type: typ, At: at}
	if t != nil {
		cp := *t
		e.Ticket = &cp
	}
	if c != nil {
		cp := *c
		cp.Services = slices.Clone(c.Services)
		e.Counter = &cp
	}
	ch.Events = append(ch.Events, e)
	return &ch.Events[len(ch.Events)-1]
}

// EndDay ends the Day when now is past its date: tickets left in the queue
// expire, counters are cleared and closed, and the Day moves to now's
// date. ok is false when the Day is current.
func (d *Day) EndDay(now time.Time) (ch Change, ok bool) {
	today := DateOf(now, d.loc)
	if today == d.date {
		return ch, false
	}
	now = now.In(d.loc)
	ids := make([]uint64, 0, len(d.active))
	for id, t := range d.active {
		if t.Day < today {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		t := *d.active[id]
		if t.Expire(now) == nil {
			ch.Tickets = append(ch.Tickets, t)
		}
	}
	for _, c := range d.counters {
		c.Services = slices.Clone(c.Services)
		c.Current, c.Streak, c.Open = 0, 0, false
		ch.Counters = append(ch.Counters, c)
	}
	ch.NewDate = today
	d.event(&ch, EventExpire, now, nil, nil)
	return ch, true
}

func sortServices(list []Service) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Order != list[j].Order {
			return list[i].Order < list[j].Order
		}
		return list[i].ID < list[j].ID
	})
}

func sortCounters(list []Counter) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Number < list[j].Number })
}
