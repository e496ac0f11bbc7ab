package queue

import "time"

// IssueResult is the outcome of one request of an Issue batch: the ticket,
// or why there is none.
type IssueResult struct {
	Ticket Ticket
	Err    error
}

// NewTicketID gives a new ticket its id and token. The store provides it
// (bbolt: the tickets bucket's sequence); an error is a storage error and
// fails the whole batch.
type NewTicketID func() (id uint64, token string, err error)

// Issue issues a ticket for each request, at now, in order: the kiosk's
// rules of the session, the daily cap and the number. A request the rules
// refuse gets its error in its result and takes no number, so a refused
// request never leaves a gap. The change holds every ticket issued; err is
// a storage error from newID, and then nothing is issued.
func (d *Day) Issue(now time.Time, reqs []IssueRequest, newID NewTicketID) (Change, []IssueResult, error) {
	now = now.In(d.loc)
	res := make([]IssueResult, len(reqs))
	var ch Change
	sc := d.schedule()
	sess, open := sc.CanIssue(now, d.loc)
	if !open {
		closed := sc.ClosedError(now, d.loc)
		for i := range res {
			res[i].Err = closed
		}
		return ch, res, nil
	}
	first := len(d.today) == 0
	for i, r := range reqs {
		t, n, err := d.issueOne(now, r, sess, &ch)
		if err != nil {
			res[i].Err = err
			continue
		}
		id, token, err := newID()
		if err != nil {
			return Change{}, nil, err
		}
		t.ID, t.Token = id, token
		if first {
			ch.FirstOfDay, first = id, false
		}
		if ch.Issued == nil {
			ch.Issued = map[string]int{}
		}
		ch.Issued[t.ServiceID] = n
		ch.Tickets = append(ch.Tickets, t)
		d.event(&ch, EventIssue, now, &t, nil)
		res[i].Ticket = t
	}
	return ch, res, nil
}

// issueOne checks one request against the service and its cap and returns
// its ticket, without id and token, and its sequence number of the day.
func (d *Day) issueOne(now time.Time, r IssueRequest, sess *Session, ch *Change) (Ticket, int, error) {
	sv := d.Service(r.ServiceID)
	if sv == nil || !sv.Active {
		return Ticket{}, 0, errNoService(r.ServiceID)
	}
	n := d.issued[sv.ID] + 1
	if c, ok := ch.Issued[sv.ID]; ok {
		n = c + 1
	}
	if sv.DailyCap > 0 && n > sv.DailyCap {
		return Ticket{}, 0, Errorf(ECAPREACHED,
			"Lĩnh vực %s đã hết số trong ngày (tối đa %d số). Vui lòng quay lại vào ngày làm việc tiếp theo hoặc hỏi cán bộ hướng dẫn.",
			"Service %s has issued all of today's %d tickets. Please come back on the next working day or ask the staff.",
			sv.Name, sv.DailyCap)
	}
	kind := r.PriorityKind
	if !r.Priority {
		kind = ""
	}
	t := Ticket{
		Day: d.date, Number: sv.Number(n), ServiceID: sv.ID, IssuedFor: sv.ID,
		Priority: r.Priority, PriorityKind: kind,
		Status: StatusWaiting, IssuedAt: now,
	}
	if sess != nil {
		t.Session, t.Extended = sess.Name, sess.Extended
	} else {
		t.Session = SessionOutside
	}
	return t, n, nil
}
