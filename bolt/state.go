package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// state is the committed state of the day, in memory. Writers change it only
// after their transaction committed, under Store.rw; readers see it under
// Store.rw.RLock. Slices and maps are replaced or changed only by writers;
// readers copy what they hand out.
type state struct {
	day      string // the local day the state is for
	loc      *time.Location
	settings queue.Settings
	services []queue.Service // kiosk order
	counters []queue.Counter // by number
	lines    map[string]*queue.Line
	active   map[uint64]*entry
	issued   map[string]int             // tickets issued today per service
	times    map[string][]time.Duration // recent service times per service
	recent   []queue.Call               // last calls, newest first
	seq      uint64                     // last event seq
}

// entry is what the state knows of an active ticket.
type entry struct {
	w         queue.Waiting
	status    queue.Status
	day       string
	counterID string
}

func (st *state) service(id string) *queue.Service {
	for i := range st.services {
		if st.services[i].ID == id {
			return &st.services[i]
		}
	}
	return nil
}

// counter finds a counter by id, or by its number written as text.
func (st *state) counter(id string) *queue.Counter {
	for i := range st.counters {
		if st.counters[i].ID == id {
			return &st.counters[i]
		}
	}
	for i := range st.counters {
		if fmt.Sprint(st.counters[i].Number) == id {
			return &st.counters[i]
		}
	}
	return nil
}

func (st *state) line(id string) *queue.Line {
	l := st.lines[id]
	if l == nil {
		l = &queue.Line{}
		st.lines[id] = l
	}
	return l
}

// openServing counts the open counters that serve service id.
func (st *state) openServing(id string) int {
	n := 0
	for i := range st.counters {
		if st.counters[i].Open && st.counters[i].Serves(id) {
			n++
		}
	}
	return n
}

// wait estimates, for service id, the wait behind ahead people, and
// counts the open counters serving it.
func (st *state) wait(id string, ahead int) (eta, open int) {
	open = st.openServing(id)
	return queue.ETAMinutes(ahead, queue.MeanServiceTime(st.times[id]), open), open
}

// ahead returns the people ahead of an active waiting ticket; 0 for a
// ticket that is not waiting.
func (st *state) ahead(id uint64) int {
	e := st.active[id]
	if e == nil || e.status != queue.StatusWaiting {
		return 0
	}
	l := st.lines[e.w.ServiceID]
	if l == nil {
		return 0
	}
	return max(l.Ahead(e.w), 0)
}

// info wraps a ticket with its position, the open counters of its service
// and the names.
func (st *state) info(t queue.Ticket) queue.TicketInfo {
	ti := queue.TicketInfo{Ticket: t}
	ti.Ahead = st.ahead(t.ID)
	ti.ETAMinutes, ti.CountersOpen = st.wait(t.ServiceID, ti.Ahead)
	if sv := st.service(t.ServiceID); sv != nil {
		ti.ServiceName = sv.Name
	}
	if t.CounterID != "" {
		if c := st.counter(t.CounterID); c != nil {
			ti.CounterName = c.Name
		}
	}
	return ti
}

func sortServices(list []queue.Service) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Order != list[j].Order {
			return list[i].Order < list[j].Order
		}
		return list[i].ID < list[j].ID
	})
}

func sortCounters(list []queue.Counter) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Number < list[j].Number })
}

// load reads the state from the file at start-up.
func (s *Store) load() error {
	st := &state{lines: map[string]*queue.Line{}, active: map[uint64]*entry{},
		issued: map[string]int{}, times: map[string][]time.Duration{}}
	err := s.db.View(func(tx *bbolt.Tx) error {
		if err := json.Unmarshal(tx.Bucket(bucketSettings).Get(keySettings), &st.settings); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		loc, err := s.zone(st.settings.Zone)
		if err != nil {
			return err
		}
		st.loc = loc
		st.day = queue.Day(s.now(), loc)
		if st.services, err = readServices(tx); err != nil {
			return err
		}
		if st.counters, err = readCounters(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bucketStats).ForEach(func(k, v []byte) error {
			var ms []int64
			if err := json.Unmarshal(v, &ms); err != nil {
				return fmt.Errorf("stats %s: %w", k, err)
			}
			for _, m := range ms {
				st.times[string(k)] = append(st.times[string(k)], time.Duration(m)*time.Millisecond)
			}
			return nil
		}); err != nil {
			return err
		}
		ev := tx.Bucket(bucketEvents)
		if v := ev.Get(keySeq); len(v) == 8 {
			st.seq = btoi(v)
		}
		if v := ev.Get(keyRecent); v != nil {
			if err := json.Unmarshal(v, &st.recent); err != nil {
				return fmt.Errorf("recent calls: %w", err)
			}
		}
		for i := range st.recent {
			st.recent[i].At = st.recent[i].At.In(loc)
		}
		// The state is of the day it was left on, not of today: when the
		// service was down over midnight, the first read or write ends
		// that day (rolloverLocked) as if it had run through it.
		if d := lastDay(tx); d != "" && d < st.day {
			st.day = d
		}
		prefix := []byte(st.day + "/")
		c := tx.Bucket(bucketDays).Cursor()
		for k, v := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
			st.issued[string(k[len(prefix):])] = int(btoi(v))
		}
		tickets := tx.Bucket(bucketTickets)
		return tx.Bucket(bucketActive).ForEach(func(k, _ []byte) error {
			var t queue.Ticket
			if err := decodeTicket(tickets.Get(k), loc, &t); err != nil {
				return fmt.Errorf("ticket %d: %w", btoi(k), err)
			}
			st.add(&t)
			return nil
		})
	})
	if err != nil {
		return err
	}
	s.st = st
	return nil
}

// lastDay is the day the stored state is of: the day the last day change
// recorded, or, in a file older than that record, the day of the last
// ticket; "" for a file without either.
func lastDay(tx *bbolt.Tx) string {
	if v := tx.Bucket(bucketEvents).Get(keyDay); v != nil {
		return string(v)
	}
	if _, v := tx.Bucket(bucketTickets).Cursor().Last(); v != nil {
		return ticketDay(v)
	}
	return ""
}

// zone returns the zone of the settings, unless the options override it.
func (s *Store) zone(name string) (*time.Location, error) {
	if s.opts.Zone != "" {
		name = s.opts.Zone
	}
	return queue.LoadZone(name)
}

// schedule is the schedule in force: the stored one, always open when the
// options say so.
func (s *Store) schedule(st *state) *queue.Schedule {
	sc := st.settings.Schedule
	if s.opts.AlwaysOpen {
		sc.AlwaysOpen = true
	}
	return &sc
}

// add puts an active ticket into the state.
func (st *state) add(t *queue.Ticket) {
	e := &entry{
		w:         queue.Waiting{ID: t.ID, Number: t.Number, ServiceID: t.ServiceID, Priority: t.Priority, IssuedAt: t.IssuedAt},
		status:    t.Status,
		day:       t.Day,
		counterID: t.CounterID,
	}
	st.active[t.ID] = e
	if t.Status == queue.StatusWaiting {
		st.line(t.ServiceID).Add(e.w)
	}
}

// update brings the entry of t in line with t after a transition.
func (st *state) update(t *queue.Ticket) {
	if old := st.active[t.ID]; old != nil {
		if old.status == queue.StatusWaiting {
			st.line(old.w.ServiceID).Remove(old.w)
		}
		delete(st.active, t.ID)
	}
	if t.Status.Active() {
		st.add(t)
	}
}

func readServices(tx *bbolt.Tx) ([]queue.Service, error) {
	var out []queue.Service
	err := tx.Bucket(bucketServices).ForEach(func(k, v []byte) error {
		var sv queue.Service
		if err := json.Unmarshal(v, &sv); err != nil {
			return fmt.Errorf("service %s: %w", k, err)
		}
		out = append(out, sv)
		return nil
	})
	sortServices(out)
	return out, err
}

func readCounters(tx *bbolt.Tx) ([]queue.Counter, error) {
	var out []queue.Counter
	err := tx.Bucket(bucketCounters).ForEach(func(k, v []byte) error {
		var r counterRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("counter %s: %w", k, err)
		}
		out = append(out, r.counter())
		return nil
	})
	sortCounters(out)
	return out, err
}

// wtx is one write transaction: the bbolt tx, and what to do to the memory
// state and the subscribers once it commits.
type wtx struct {
	s      *Store
	tx     *bbolt.Tx
	st     *state // read-only inside the transaction
	now    time.Time
	apply  []func(st *state)
	events []queue.Event
}

// after queues a change of the memory state, run only if the transaction
// commits.
func (w *wtx) after(fn func(st *state)) { w.apply = append(w.apply, fn) }

// event queues an event, published after the commit.
func (w *wtx) event(typ string, t *queue.Ticket, c *queue.Counter) {
	e := queue.Event{Seq: w.st.seq + uint64(len(w.events)) + 1, Type: typ, At: w.now}
	if t != nil {
		cp := *t
		e.Ticket = &cp
	}
	if c != nil {
		cp := *c
		e.Counter = &cp
	}
	w.events = append(w.events, e)
}

func (w *wtx) putTicket(t *queue.Ticket) error {
	return w.tx.Bucket(bucketTickets).Put(itob(t.ID), encodeTicket(nil, t))
}

func (w *wtx) ticket(id uint64) (queue.Ticket, error) {
	var t queue.Ticket
	v := w.tx.Bucket(bucketTickets).Get(itob(id))
	if v == nil {
		return t, queue.Errorf(queue.ENOTFOUND, "Không tìm thấy phiếu.", "Ticket not found.")
	}
	return t, decodeTicket(v, w.st.loc, &t)
}

func (w *wtx) putCounter(c *queue.Counter) error {
	return putJSON(w.tx.Bucket(bucketCounters), []byte(c.ID), toCounterRecord(*c))
}

// write runs fn in one bbolt transaction under the writer lock. When it
// commits, the queued state changes are applied and the events published,
// in commit order; when it fails, nothing happened.
func (s *Store) write(ctx context.Context, fn func(w *wtx) error) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.rolloverLocked(); err != nil {
		return err
	}
	return s.writeLocked(fn)
}

func (s *Store) writeLocked(fn func(w *wtx) error) error {
	w := &wtx{s: s, st: s.st, now: s.now().In(s.st.loc)}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w.tx = tx
		if err := fn(w); err != nil {
			return err
		}
		if n := len(w.events); n > 0 {
			return tx.Bucket(bucketEvents).Put(keySeq, itob(w.st.seq+uint64(n)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.rw.Lock()
	for _, f := range w.apply {
		f(s.st)
	}
	s.st.seq += uint64(len(w.events))
	s.rw.Unlock()
	s.publish(w.events)
	return nil
}

// rolloverLocked ends the day when the clock has passed midnight: tickets
// of earlier days still in the queue expire, counters are cleared and
// closed. Runs under s.mu.
func (s *Store) rolloverLocked() error {
	today := queue.Day(s.now(), s.st.loc)
	if today == s.st.day {
		return nil
	}
	return s.writeLocked(func(w *wtx) error {
		var expired []queue.Ticket
		for id, e := range w.st.active {
			if e.day >= today {
				continue
			}
			t, err := w.ticket(id)
			if err != nil {
				return err
			}
			if err := t.Expire(w.now); err != nil {
				return err
			}
			if err := w.putTicket(&t); err != nil {
				return err
			}
			if err := w.tx.Bucket(bucketActive).Delete(itob(id)); err != nil {
				return err
			}
			expired = append(expired, t)
		}
		counters := append([]queue.Counter(nil), w.st.counters...)
		for i := range counters {
			c := &counters[i]
			c.Current, c.Streak, c.Open = 0, 0, false
			if err := w.putCounter(c); err != nil {
				return err
			}
		}
		if err := w.tx.Bucket(bucketEvents).Put(keyDay, []byte(today)); err != nil {
			return err
		}
		w.after(func(st *state) {
			for i := range expired {
				st.update(&expired[i])
			}
			st.counters = counters
			st.day = today
			st.issued = map[string]int{}
		})
		w.event(queue.EventExpire, nil, nil)
		return nil
	})
}

// Sweep ends the day if midnight has passed; the service calls it on a
// ticker so that leftovers expire even when nobody uses the system.
func (s *Store) Sweep(ctx context.Context) error {
	return s.write(ctx, func(*wtx) error { return nil })
}

// view runs fn with a read transaction, after making sure the day is
// current.
func (s *Store) view(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if err := s.ensureDay(ctx); err != nil {
		return err
	}
	return s.db.View(fn)
}

// ensureDay rolls the day over before a read, when needed, so that no page
// shows yesterday's queue after midnight.
func (s *Store) ensureDay(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.rw.RLock()
	stale := queue.Day(s.now(), s.st.loc) != s.st.day
	s.rw.RUnlock()
	if !stale {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rolloverLocked()
}

// read runs fn on the memory state under the read lock, after the day is
// current.
func (s *Store) read(ctx context.Context, fn func(st *state) error) error {
	if err := s.ensureDay(ctx); err != nil {
		return err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	return fn(s.st)
}

func putUint(b *bbolt.Bucket, key []byte, v uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return b.Put(key, buf[:])
}
