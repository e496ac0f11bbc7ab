package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// The store is persistence around a queue.Day: it loads the Day from the
// file at start, and for every command opens the transaction, asks the Day
// for the change, writes the change, commits, and only then applies it to
// the Day and publishes its events (raft's Ready/Advance).

// load builds the Day from the file at start-up: the settings, services and
// counters, the tickets of the day the file was left on, the tickets still
// active and the counters' last done ones.
func (s *Store) load() error {
	var st queue.DayState
	err := s.db.View(func(tx *bbolt.Tx) error {
		if err := json.Unmarshal(tx.Bucket(bucketSettings).Get(keySettings), &st.Settings); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		loc, err := s.zone(st.Settings.Zone)
		if err != nil {
			return err
		}
		if st.Services, err = readServices(tx); err != nil {
			return err
		}
		if st.Counters, err = readCounters(tx); err != nil {
			return err
		}
		st.Times = map[string][]time.Duration{}
		if err := tx.Bucket(bucketStats).ForEach(func(k, v []byte) error {
			var ms []int64
			if err := json.Unmarshal(v, &ms); err != nil {
				return fmt.Errorf("stats %s: %w", k, err)
			}
			for _, m := range ms {
				st.Times[string(k)] = append(st.Times[string(k)], time.Duration(m)*time.Millisecond)
			}
			return nil
		}); err != nil {
			return err
		}
		ev := tx.Bucket(bucketEvents)
		if v := ev.Get(keySeq); len(v) == 8 {
			st.Seq = btoi(v)
		}
		if v := ev.Get(keyRecent); v != nil {
			if err := json.Unmarshal(v, &st.Recent); err != nil {
				return fmt.Errorf("recent calls: %w", err)
			}
		}
		// The Day is of the day the file was left on, not of today: when
		// the service was down over midnight, the first read or write
		// ends that day as if it had run through it.
		st.Date = lastDay(tx)
		if st.Date > queue.DateOf(s.now(), loc) {
			st.Date = "" // the clock went back: the Day is of today
		}
		st.Issued = map[string]int{}
		if st.Date != "" {
			prefix := []byte(st.Date + "/")
			c := tx.Bucket(bucketDays).Cursor()
			for k, v := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
				st.Issued[string(k[len(prefix):])] = int(btoi(v))
			}
		}
		tickets := tx.Bucket(bucketTickets)
		decode := func(k, v []byte) error {
			var t queue.Ticket
			if err := decodeTicket(v, loc, &t); err != nil {
				return fmt.Errorf("ticket %d: %w", btoi(k), err)
			}
			st.Tickets = append(st.Tickets, t)
			return nil
		}
		if first := tx.Bucket(bucketDays).Get([]byte(st.Date)); st.Date != "" && first != nil {
			c := tickets.Cursor()
			for k, v := c.Seek(first); k != nil; k, v = c.Next() {
				if ticketDay(v) != st.Date {
					continue
				}
				if err := decode(k, v); err != nil {
					return err
				}
			}
		}
		if err := tx.Bucket(bucketActive).ForEach(func(k, _ []byte) error {
			return decode(k, tickets.Get(k))
		}); err != nil {
			return err
		}
		for _, c := range st.Counters {
			if v := tickets.Get(itob(c.LastDone)); c.LastDone != 0 && v != nil {
				if err := decode(itob(c.LastDone), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	d, err := queue.NewDay(st, queue.DayConfig{Zone: s.opts.Zone, AlwaysOpen: s.opts.AlwaysOpen}, s.now())
	if err != nil {
		return err
	}
	s.day = d
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
	return out, err
}

// wtx is one write transaction: the bbolt tx, the Day as committed (read
// only inside the transaction) and the time of the change.
type wtx struct {
	tx  *bbolt.Tx
	d   *queue.Day
	now time.Time
}

// ticket loads ticket id from the file.
func (w *wtx) ticket(id uint64) (queue.Ticket, error) {
	var t queue.Ticket
	v := w.tx.Bucket(bucketTickets).Get(itob(id))
	if v == nil {
		return t, queue.Errorf(queue.ENOTFOUND, "Không tìm thấy phiếu.", "Ticket not found.")
	}
	return t, decodeTicket(v, w.d.Location(), &t)
}

// persist writes change ch of Day d in tx: every ticket, counter, service
// and setting as it is after the change, and what the Day keeps beside them
// (recent calls, service times, the day's counts, the day, the last seq).
func persist(tx *bbolt.Tx, d *queue.Day, ch *queue.Change) error {
	tickets, active := tx.Bucket(bucketTickets), tx.Bucket(bucketActive)
	for i := range ch.Tickets {
		t := &ch.Tickets[i]
		// A value must stay valid until the transaction ends: one buffer
		// per ticket.
		if err := tickets.Put(itob(t.ID), encodeTicket(nil, t)); err != nil {
			return err
		}
		_, wasActive := d.Ticket(t.ID)
		switch {
		case t.Status.Active() && !wasActive:
			if err := active.Put(itob(t.ID), nil); err != nil {
				return err
			}
		case !t.Status.Active() && wasActive:
			if err := active.Delete(itob(t.ID)); err != nil {
				return err
			}
		}
	}
	counters := tx.Bucket(bucketCounters)
	for _, c := range ch.Counters {
		if err := putJSON(counters, []byte(c.ID), toCounterRecord(c)); err != nil {
			return err
		}
	}
	for _, id := range ch.DeletedCounters {
		if err := counters.Delete([]byte(id)); err != nil {
			return err
		}
	}
	for _, sv := range ch.Services {
		if err := putJSON(tx.Bucket(bucketServices), []byte(sv.ID), sv); err != nil {
			return err
		}
	}
	if ch.Settings != nil {
		if err := putJSON(tx.Bucket(bucketSettings), keySettings, ch.Settings); err != nil {
			return err
		}
	}
	events := tx.Bucket(bucketEvents)
	if ch.Recent != nil {
		if err := putJSON(events, keyRecent, ch.Recent); err != nil {
			return err
		}
	}
	for id, times := range ch.Times {
		ms := make([]int64, len(times))
		for i, t := range times {
			ms[i] = t.Milliseconds()
		}
		if err := putJSON(tx.Bucket(bucketStats), []byte(id), ms); err != nil {
			return err
		}
	}
	days := tx.Bucket(bucketDays)
	for id, n := range ch.Issued {
		if err := putUint(days, []byte(d.Date()+"/"+id), uint64(n)); err != nil {
			return err
		}
	}
	if ch.FirstOfDay != 0 && days.Get([]byte(d.Date())) == nil {
		if err := putUint(days, []byte(d.Date()), ch.FirstOfDay); err != nil {
			return err
		}
	}
	if ch.NewDate != "" {
		if err := events.Put(keyDay, []byte(ch.NewDate)); err != nil {
			return err
		}
	}
	if len(ch.Events) > 0 {
		return putUint(events, keySeq, ch.LastSeq(d.Seq()))
	}
	return nil
}

// write runs fn in one bbolt transaction under the writer lock, after the
// day is current. fn asks the Day for its change (and may write beside it,
// such as an audit entry); the change is written in the same transaction.
// When it commits, the change is applied to the Day and its events
// published, in commit order; when it fails, nothing happened.
func (s *Store) write(ctx context.Context, fn func(w *wtx) (queue.Change, error)) error {
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

func (s *Store) writeLocked(fn func(w *wtx) (queue.Change, error)) error {
	w := &wtx{d: s.day, now: s.now().In(s.day.Location())}
	var ch queue.Change
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w.tx = tx
		var err error
		if ch, err = fn(w); err != nil {
			return err
		}
		return persist(tx, s.day, &ch)
	})
	if err != nil {
		return err
	}
	s.rw.Lock()
	s.day.Apply(ch)
	s.rw.Unlock()
	s.publish(ch.Events)
	return nil
}

// rolloverLocked ends the day when the clock has passed midnight. Runs
// under s.mu.
func (s *Store) rolloverLocked() error {
	if !s.day.Stale(s.now()) {
		return nil
	}
	return s.writeLocked(func(w *wtx) (queue.Change, error) {
		ch, _ := w.d.EndDay(w.now)
		return ch, nil
	})
}

// Sweep implements queue.Store: it ends the day if midnight has passed, so
// that leftovers expire even when nobody uses the system.
func (s *Store) Sweep(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rolloverLocked()
}

// ensureDay rolls the day over before a read, when needed, so that no page
// shows yesterday's queue after midnight.
func (s *Store) ensureDay(ctx context.Context) error {
	if err := ctxErr(ctx); err != nil {
		return err
	}
	s.rw.RLock()
	stale := s.day.Stale(s.now())
	s.rw.RUnlock()
	if !stale {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rolloverLocked()
}

// view runs fn with a read transaction, after making sure the day is
// current.
func (s *Store) view(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if err := s.ensureDay(ctx); err != nil {
		return err
	}
	return s.db.View(fn)
}

// read runs fn on the Day under the read lock, after the day is current.
func (s *Store) read(ctx context.Context, fn func(d *queue.Day) error) error {
	if err := s.ensureDay(ctx); err != nil {
		return err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	return fn(s.day)
}

// info returns the TicketInfo of t as the Day sees it now.
func (s *Store) info(t queue.Ticket) queue.TicketInfo {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.day.TicketInfo(t)
}

func putUint(b *bbolt.Bucket, key []byte, v uint64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], v)
	return b.Put(key, buf[:])
}

// update runs fn in a write transaction that changes nothing of the Day
// (users, sessions): under the writer lock, so it is ordered with the
// Day's changes.
func (s *Store) update(ctx context.Context, fn func(w *wtx) error) error {
	return s.write(ctx, func(w *wtx) (queue.Change, error) { return queue.Change{}, fn(w) })
}
