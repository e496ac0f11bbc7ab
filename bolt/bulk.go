package bolt

import (
	"context"
	"encoding/base64"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// importChunk bounds the tickets written by one transaction of
// ImportTickets.
const importChunk = 5000

// ImportTickets writes finished tickets of past days straight into the
// file: for benchmarks, tests and tools that need a history of a hundred
// thousand tickets in a second, not the kiosk's path (Issue), which it
// leaves untouched. Each ticket gets its id, its token and its
// number from the day's sequence of the service it was issued for, as Issue
// would give them; the caller's slice is updated in place. Tickets must be
// in issue order, of days before today and after every stored ticket, and
// done or expired: the day's state in memory and the events are not
// touched, so a running board never hears of them.
func (s *Store) ImportTickets(ctx context.Context, tickets []queue.Ticket) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.rolloverLocked(); err != nil {
		return err
	}
	s.rw.RLock()
	today := s.day.Date()
	services := map[string]queue.Service{}
	for _, sv := range s.day.Services() {
		services[sv.ID] = sv
	}
	s.rw.RUnlock()
	// Check everything first, so a bad ticket leaves nothing behind.
	last := ""
	for i := range tickets {
		t := &tickets[i]
		if t.IssuedFor == "" {
			t.IssuedFor = t.ServiceID
		}
		switch {
		case t.Day == "" || t.Day >= today:
			return fmt.Errorf("import ticket %d: day %q is not before today (%s)", i, t.Day, today)
		case t.Day < last:
			return fmt.Errorf("import ticket %d: day %s comes after %s: tickets must be in issue order", i, t.Day, last)
		case t.Status != queue.StatusDone && t.Status != queue.StatusExpired:
			return fmt.Errorf("import ticket %d: status %q is not final (done or expired)", i, t.Status)
		}
		if _, ok := services[t.IssuedFor]; !ok {
			return fmt.Errorf("import ticket %d: no service %q", i, t.IssuedFor)
		}
		last = t.Day
	}
	for start := 0; start < len(tickets); start += importChunk {
		if err := ctxErr(ctx); err != nil {
			return err
		}
		chunk := tickets[start:min(start+importChunk, len(tickets))]
		err := s.db.Update(func(tx *bbolt.Tx) error {
			return importChunkTx(tx, chunk, today, services)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func importChunkTx(tx *bbolt.Tx, chunk []queue.Ticket, today string, services map[string]queue.Service) error {
	tickets, days := tx.Bucket(bucketTickets), tx.Bucket(bucketDays)
	last := ""
	if k, v := tickets.Cursor().Last(); k != nil {
		last = ticketDay(v)
	}
	for i := range chunk {
		t := &chunk[i]
		if t.Day < last {
			return fmt.Errorf("import: day %s comes before a stored ticket of %s", t.Day, last)
		}
		last = t.Day
		sv := services[t.IssuedFor]
		key := []byte(t.Day + "/" + sv.ID)
		n := btoi(days.Get(key)) + 1
		if err := putUint(days, key, n); err != nil {
			return err
		}
		id, err := tickets.NextSequence()
		if err != nil {
			return err
		}
		t.ID, t.Number = id, sv.Number(int(n))
		t.Token = base64.RawURLEncoding.EncodeToString(tokenKey(id))
		if days.Get([]byte(t.Day)) == nil {
			if err := putUint(days, []byte(t.Day), id); err != nil {
				return err
			}
		}
		if err := tickets.Put(itob(id), encodeTicket(nil, t)); err != nil {
			return err
		}
	}
	return nil
}
