package queue

import (
	"slices"
	"time"
)

// SetOpen opens or closes counter ref for officer. A counter with a ticket
// called or in service cannot close: that citizen would be lost.
func (d *Day) SetOpen(now time.Time, ref, officer string, open bool) (Counter, Change, error) {
	var ch Change
	c, err := d.counterOf(ref)
	if err != nil {
		return c, ch, err
	}
	if !open && c.Current != 0 {
		return c, ch, Errorf(ECONFLICT,
			"Quầy %d còn đang phục vụ một số. Hãy hoàn thành, chuyển hoặc đánh vắng mặt trước khi đóng quầy.",
			"Counter %d still has a ticket. Finish, transfer or mark it as a no-show before closing.", c.Number)
	}
	c.Open = open
	if open {
		c.OfficerID = officer
	} else {
		c.Streak = 0
	}
	ch.Counters = []Counter{c}
	d.event(&ch, EventCounter, now.In(d.loc), nil, &c)
	return c, ch, nil
}

// Act applies action a at counter ref for officer, at now: next, call by
// number (arg is the number), recall, start, done, no-show, transfer (arg
// is the service id). It returns the ticket as it is after the action.
func (d *Day) Act(now time.Time, ref string, a Action, arg, officer string) (Ticket, Change, error) {
	now = now.In(d.loc)
	var ch Change
	c, err := d.counterOf(ref)
	if err != nil {
		return Ticket{}, ch, err
	}
	var (
		t   Ticket
		typ string
	)
	switch a {
	case ActionNext, ActionCall:
		if c.Current != 0 {
			return Ticket{}, ch, Errorf(ECONFLICT,
				"Quầy %d đang phục vụ số %s. Hãy hoàn thành hoặc đánh vắng mặt trước khi gọi số mới.",
				"Counter %d still has ticket %s. Finish it or mark it as a no-show before calling another.",
				c.Number, d.numberOf(c.Current))
		}
		if t, err = d.pickFor(&c, a, arg); err != nil {
			return Ticket{}, ch, err
		}
		if err = t.Call(a, &c, officer, now); err != nil {
			return Ticket{}, ch, err
		}
		c.Current, c.OfficerID, c.Open = t.ID, officer, true
		if t.Priority {
			c.Streak++
		} else {
			c.Streak = 0
		}
		typ = EventCall
	case ActionRecall, ActionStart, ActionDone, ActionNoShow, ActionTransfer:
		cur := d.active[c.Current]
		if c.Current == 0 || cur == nil {
			return Ticket{}, ch, Errorf(EINVALIDTRANSITION,
				"Quầy %d chưa gọi số nào.", "Counter %d has no ticket called.", c.Number)
		}
		t = *cur
		if typ, err = d.applyAt(now, &c, &t, a, arg); err != nil {
			return Ticket{}, ch, err
		}
	default:
		return Ticket{}, ch, Errorf(EINVALID, "Thao tác %q không hợp lệ.", "Unknown action %q.", string(a))
	}
	ch.Tickets = []Ticket{t}
	ch.Counters = []Counter{c}
	if e := d.event(&ch, typ, now, &t, &c); e.IsCall() {
		recent := append([]Call{CallOf(e)}, d.recent...)
		ch.Recent = recent[:min(len(recent), BoardRecent)]
	}
	if a == ActionDone {
		recent := append(slices.Clone(d.times[t.ServiceID]), t.ServiceTime())
		ch.Times = map[string][]time.Duration{t.ServiceID: recent[max(0, len(recent)-RecentServiceTimes):]}
	}
	return t, ch, nil
}

// numberOf is the number of an active ticket, "" when it is not.
func (d *Day) numberOf(id uint64) string {
	if t := d.active[id]; t != nil {
		return t.Number
	}
	return ""
}

// pickFor finds the ticket a next or a call by number brings to counter c.
func (d *Day) pickFor(c *Counter, a Action, number string) (Ticket, error) {
	if a == ActionNext {
		w, ok := Pick(c, d.lines)
		if !ok {
			return Ticket{}, Errorf(ENOTFOUND,
				"Không còn công dân nào đang chờ ở các lĩnh vực của quầy %d.",
				"Nobody is waiting for the services of counter %d.", c.Number)
		}
		return *d.active[w.ID], nil
	}
	k, ok := keyOf(number)
	if !ok {
		_, _, err := ParseNumber(number)
		return Ticket{}, err
	}
	id, ok := d.numbers[k]
	if !ok {
		return Ticket{}, Errorf(ENOTFOUND, "Hôm nay không có số %s.", "There is no ticket %s today.",
			FormatNumber(k.prefix, k.seq, 1))
	}
	if t := d.active[id]; t != nil {
		return *t, t.Can(ActionCall)
	}
	// A number of today that is finished: say why it cannot be called.
	b := d.today[id]
	t := Ticket{ID: id, Number: b.number, Status: b.status}
	return Ticket{}, t.Can(ActionCall)
}

// applyAt applies an action to t, the current ticket of counter c, and
// returns the event type.
func (d *Day) applyAt(now time.Time, c *Counter, t *Ticket, a Action, arg string) (string, error) {
	switch a {
	case ActionRecall:
		return EventRecall, t.Recall(now)
	case ActionStart:
		return EventStart, t.Start(now)
	case ActionDone:
		if err := t.Done(now); err != nil {
			return "", err
		}
		c.Current, c.LastDone, c.LastDoneAt = 0, t.ID, now
		return EventDone, nil
	case ActionNoShow:
		if err := t.NoShow(now); err != nil {
			return "", err
		}
		c.Current = 0
		return EventNoShow, nil
	}
	// ActionTransfer
	to := d.Service(arg)
	switch {
	case arg == "":
		return "", FieldErrorf("service_id", "Chọn lĩnh vực cần chuyển đến.", "Choose the service to transfer to.")
	case to == nil || !to.Active:
		return "", FieldErrorf("service_id", "Không có lĩnh vực %q để chuyển đến.", "No service %q to transfer to.", arg)
	case to.ID == t.ServiceID:
		return "", FieldErrorf("service_id", "Số %s đã thuộc lĩnh vực %s; hãy chọn lĩnh vực khác.",
			"Ticket %s is already in %s; choose another service.", t.Number, to.Name)
	}
	if err := t.Transfer(to.ID, now); err != nil {
		return "", err
	}
	c.Current = 0
	return EventTransfer, nil
}
