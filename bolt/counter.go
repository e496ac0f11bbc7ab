package bolt

import (
	"context"
	"sort"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

func errNoCounter(id string) error {
	return queue.Errorf(queue.ENOTFOUND, "Không có quầy %q.", "No counter %q.", id)
}

// Counters implements queue.CounterStore.
func (s *Store) Counters(ctx context.Context) ([]queue.Counter, error) {
	var out []queue.Counter
	err := s.read(ctx, func(st *state) error {
		out = append(out, st.counters...)
		return nil
	})
	return out, err
}

// OpenCounter implements queue.CounterStore.
func (s *Store) OpenCounter(ctx context.Context, id, officer string) (queue.Counter, error) {
	return s.setOpen(ctx, id, officer, true)
}

// CloseCounter implements queue.CounterStore. A counter with a ticket
// called or in service cannot close: that citizen would be lost.
func (s *Store) CloseCounter(ctx context.Context, id, officer string) (queue.Counter, error) {
	return s.setOpen(ctx, id, officer, false)
}

func (s *Store) setOpen(ctx context.Context, id, officer string, open bool) (queue.Counter, error) {
	var out queue.Counter
	err := s.write(ctx, func(w *wtx) error {
		c := w.st.counter(id)
		if c == nil {
			return errNoCounter(id)
		}
		cp := *c
		if !open && cp.Current != 0 {
			return queue.Errorf(queue.ECONFLICT,
				"Quầy %d còn đang phục vụ một số. Hãy hoàn thành, chuyển hoặc đánh vắng mặt trước khi đóng quầy.",
				"Counter %d still has a ticket. Finish, transfer or mark it as a no-show before closing.", cp.Number)
		}
		cp.Open = open
		if open {
			cp.OfficerID = officer
		} else {
			cp.Streak = 0
		}
		if err := w.putCounter(&cp); err != nil {
			return err
		}
		w.after(func(st *state) { *st.counter(cp.ID) = cp })
		w.event(queue.EventCounter, nil, &cp)
		out = cp
		return nil
	})
	return out, err
}

// Act implements queue.CounterStore. The pick happens inside the write
// transaction, and writers are serialized, so two counters pressing next at
// the same moment never get the same ticket.
func (s *Store) Act(ctx context.Context, id string, a queue.Action, arg, officer string) (queue.TicketInfo, error) {
	var out queue.Ticket
	err := s.write(ctx, func(w *wtx) error {
		c := w.st.counter(id)
		if c == nil {
			return errNoCounter(id)
		}
		cp := *c
		var (
			t   queue.Ticket
			err error
			typ string
		)
		switch a {
		case queue.ActionNext, queue.ActionCall:
			if cp.Current != 0 {
				cur, _ := w.ticket(cp.Current)
				return queue.Errorf(queue.ECONFLICT,
					"Quầy %d đang phục vụ số %s. Hãy hoàn thành hoặc đánh vắng mặt trước khi gọi số mới.",
					"Counter %d still has ticket %s. Finish it or mark it as a no-show before calling another.",
					cp.Number, cur.Number)
			}
			if t, err = s.pickFor(w, &cp, a, arg); err != nil {
				return err
			}
			if err = t.Call(a, &cp, officer, w.now); err != nil {
				return err
			}
			cp.Current, cp.OfficerID, cp.Open = t.ID, officer, true
			if t.Priority {
				cp.Streak++
			} else {
				cp.Streak = 0
			}
			typ = queue.EventCall
		default:
			if cp.Current == 0 {
				return queue.Errorf(queue.EINVALIDTRANSITION,
					"Quầy %d chưa gọi số nào.", "Counter %d has no ticket called.", cp.Number)
			}
			if t, err = w.ticket(cp.Current); err != nil {
				return err
			}
			if typ, err = s.applyAt(w, &cp, &t, a, arg); err != nil {
				return err
			}
		}
		if err := w.putTicket(&t); err != nil {
			return err
		}
		if !t.Status.Active() {
			if err := w.tx.Bucket(bucketActive).Delete(itob(t.ID)); err != nil {
				return err
			}
		}
		if err := w.putCounter(&cp); err != nil {
			return err
		}
		var recentCalls []queue.Call
		w.event(typ, &t, &cp)
		if ev := &w.events[len(w.events)-1]; ev.IsCall() {
			recentCalls = append([]queue.Call{queue.CallOf(ev)}, w.st.recent...)
			recentCalls = recentCalls[:min(len(recentCalls), queue.BoardRecent)]
			if err := putJSON(w.tx.Bucket(bucketEvents), keyRecent, recentCalls); err != nil {
				return err
			}
		}
		var times []int64
		if a == queue.ActionDone {
			recent := append(w.st.times[t.ServiceID], t.ServiceTime())
			recent = recent[max(0, len(recent)-queue.RecentServiceTimes):]
			for _, d := range recent {
				times = append(times, d.Milliseconds())
			}
			if err := putJSON(w.tx.Bucket(bucketStats), []byte(t.ServiceID), times); err != nil {
				return err
			}
			w.after(func(st *state) {
				st.times[t.ServiceID] = append([]time.Duration(nil), recent...)
			})
		}
		w.after(func(st *state) {
			st.update(&t)
			*st.counter(cp.ID) = cp
			if recentCalls != nil {
				st.recent = recentCalls
			}
		})
		out = t
		return nil
	})
	if err != nil {
		return queue.TicketInfo{}, err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.st.info(out), nil
}

// pickFor finds the ticket a next or a call by number brings to counter c.
func (s *Store) pickFor(w *wtx, c *queue.Counter, a queue.Action, number string) (queue.Ticket, error) {
	if a == queue.ActionNext {
		wt, ok := queue.Pick(c, w.st.lines)
		if !ok {
			return queue.Ticket{}, queue.Errorf(queue.ENOTFOUND,
				"Không còn công dân nào đang chờ ở các lĩnh vực của quầy %d.",
				"Nobody is waiting for the services of counter %d.", c.Number)
		}
		return w.ticket(wt.ID)
	}
	prefix, seq, err := queue.ParseNumber(number)
	if err != nil {
		return queue.Ticket{}, err
	}
	// The active tickets of today first: waiting ones and no-shows.
	for id, e := range w.st.active {
		if p, n, err := queue.ParseNumber(e.w.Number); err == nil && p == prefix && n == seq && e.day == w.st.day {
			return w.ticket(id)
		}
	}
	// Then the rest of today, so that calling a finished number says why
	// it cannot be called.
	var found queue.Ticket
	ok := false
	cur := w.tx.Bucket(bucketTickets).Cursor()
	for k, v := cur.Last(); k != nil; k, v = cur.Prev() {
		if ticketDay(v) != w.st.day {
			break
		}
		var t queue.Ticket
		if err := decodeTicket(v, w.st.loc, &t); err != nil {
			return queue.Ticket{}, err
		}
		if p, n, err := queue.ParseNumber(t.Number); err == nil && p == prefix && n == seq {
			found, ok = t, true
			break
		}
	}
	if !ok {
		return queue.Ticket{}, queue.Errorf(queue.ENOTFOUND, "Hôm nay không có số %s.", "There is no ticket %s today.",
			queue.FormatNumber(prefix, seq, 1))
	}
	return found, found.Can(queue.ActionCall)
}

// applyAt applies an action to the current ticket t of counter c and
// returns the event type.
func (s *Store) applyAt(w *wtx, c *queue.Counter, t *queue.Ticket, a queue.Action, arg string) (string, error) {
	switch a {
	case queue.ActionRecall:
		return queue.EventRecall, t.Recall(w.now)
	case queue.ActionStart:
		return queue.EventStart, t.Start(w.now)
	case queue.ActionDone:
		if err := t.Done(w.now); err != nil {
			return "", err
		}
		c.Current, c.LastDone, c.LastDoneAt = 0, t.ID, w.now
		return queue.EventDone, nil
	case queue.ActionNoShow:
		if err := t.NoShow(w.now); err != nil {
			return "", err
		}
		c.Current = 0
		return queue.EventNoShow, nil
	case queue.ActionTransfer:
		to := w.st.service(arg)
		switch {
		case arg == "":
			return "", queue.FieldErrorf("service_id", "Chọn lĩnh vực cần chuyển đến.", "Choose the service to transfer to.")
		case to == nil || !to.Active:
			return "", queue.FieldErrorf("service_id", "Không có lĩnh vực %q để chuyển đến.", "No service %q to transfer to.", arg)
		case to.ID == t.ServiceID:
			return "", queue.FieldErrorf("service_id", "Số %s đã thuộc lĩnh vực %s; hãy chọn lĩnh vực khác.",
				"Ticket %s is already in %s; choose another service.", t.Number, to.Name)
		}
		if err := t.Transfer(to.ID, w.now); err != nil {
			return "", err
		}
		c.Current = 0
		return queue.EventTransfer, nil
	}
	return "", queue.Errorf(queue.EINVALID, "Thao tác %q không hợp lệ.", "Unknown action %q.", string(a))
}

// CounterDetail implements queue.CounterStore.
func (s *Store) CounterDetail(ctx context.Context, id string) (queue.CounterDetail, error) {
	var (
		d       queue.CounterDetail
		waiting []queue.Waiting
		noShows []uint64
		ok      bool
	)
	err := s.read(ctx, func(st *state) error {
		c := st.counter(id)
		if c == nil {
			return errNoCounter(id)
		}
		ok = true
		d.Counter = *c
		d.Counter.Services = append([]string(nil), c.Services...)
		waiting = queue.CounterOrder(c, st.lines, 20)
		for _, sid := range c.Services {
			if l := st.lines[sid]; l != nil {
				d.WaitingCount += l.Len()
			}
		}
		for tid, e := range st.active {
			if e.status == queue.StatusNoShow && (e.counterID == c.ID || c.Serves(e.w.ServiceID)) {
				noShows = append(noShows, tid)
			}
		}
		return nil
	})
	if err != nil || !ok {
		return d, err
	}
	var (
		tickets  []queue.Ticket
		lastDone *queue.Ticket
		now      = s.now()
	)
	err = s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketTickets)
		loc := s.Location()
		load := func(tid uint64) (queue.Ticket, error) {
			var t queue.Ticket
			return t, decodeTicket(b.Get(itob(tid)), loc, &t)
		}
		if d.Counter.Current != 0 {
			t, err := load(d.Counter.Current)
			if err != nil {
				return err
			}
			tickets = append(tickets, t)
		}
		for _, wt := range waiting {
			t, err := load(wt.ID)
			if err != nil {
				return err
			}
			tickets = append(tickets, t)
		}
		for _, tid := range noShows {
			t, err := load(tid)
			if err != nil {
				return err
			}
			tickets = append(tickets, t)
		}
		d.Today = counterDay(tx, d.ID, queue.Day(now, loc), loc)
		if c := d.Counter; c.LastDone != 0 && now.Sub(c.LastDoneAt) <= queue.CounterRatingWindow {
			t, err := load(c.LastDone)
			if err != nil {
				return err
			}
			lastDone = &t
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	i := 0
	if d.Counter.Current != 0 {
		ti := s.st.info(tickets[0])
		d.CurrentTicket = &ti
		i = 1
	}
	for _, t := range tickets[i : i+len(waiting)] {
		d.Waiting = append(d.Waiting, s.st.info(t))
	}
	for _, t := range tickets[i+len(waiting):] {
		d.NoShows = append(d.NoShows, s.st.info(t))
	}
	sortByNumber(d.NoShows)
	if lastDone != nil {
		ti := s.st.info(*lastDone)
		d.LastDoneTicket = &ti
	}
	return d, nil
}

// counterDay counts today's work at counter id, scanning today's tickets
// from the newest back.
func counterDay(tx *bbolt.Tx, id, day string, loc *time.Location) queue.CounterDay {
	var (
		out queue.CounterDay
		sum time.Duration
	)
	cur := tx.Bucket(bucketTickets).Cursor()
	for k, v := cur.Last(); k != nil; k, v = cur.Prev() {
		if ticketDay(v) != day {
			break
		}
		var t queue.Ticket
		if decodeTicket(v, loc, &t) != nil || t.CounterID != id {
			continue
		}
		switch t.Status {
		case queue.StatusDone:
			out.Served++
			sum += t.ServiceTime()
		case queue.StatusNoShow:
			out.NoShow++
		}
	}
	if out.Served > 0 {
		out.MeanServiceMins = (sum / time.Duration(out.Served)).Minutes()
	}
	return out
}

func sortByNumber(list []queue.TicketInfo) {
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
}
