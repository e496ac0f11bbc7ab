package bolt

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"io"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// Settings implements queue.TicketStore.
func (s *Store) Settings(ctx context.Context) (queue.Settings, error) {
	var out queue.Settings
	err := s.read(ctx, func(st *state) error {
		out = st.settings.Clone()
		if s.opts.AlwaysOpen {
			out.AlwaysOpen = true
		}
		out.Zone = st.loc.String()
		return nil
	})
	return out, err
}

// Services implements queue.TicketStore.
func (s *Store) Services(ctx context.Context) ([]queue.Service, error) {
	var out []queue.Service
	err := s.read(ctx, func(st *state) error {
		out = append(out, st.services...)
		return nil
	})
	return out, err
}

// ServiceStatuses implements queue.TicketStore.
func (s *Store) ServiceStatuses(ctx context.Context) ([]queue.ServiceStatus, error) {
	out := []queue.ServiceStatus{}
	err := s.read(ctx, func(st *state) error {
		now := s.now().In(st.loc)
		_, issuing := s.schedule(st).CanIssue(now, st.loc)
		for _, sv := range st.services {
			if !sv.Active {
				continue
			}
			waiting := 0
			if l := st.lines[sv.ID]; l != nil {
				waiting = l.Len()
			}
			ss := queue.ServiceStatus{ID: sv.ID, Name: sv.Name, Prefix: sv.Prefix, Open: issuing, Waiting: waiting}
			ss.ETAMinutes, ss.CountersOpen = st.wait(sv.ID, waiting)
			switch {
			case !issuing:
				ss.Reason = queue.ECLOSED
			case sv.DailyCap > 0 && st.issued[sv.ID] >= sv.DailyCap:
				ss.Open, ss.Reason = false, queue.ECAPREACHED
			}
			out = append(out, ss)
		}
		return nil
	})
	return out, err
}

// Info implements queue.TicketStore.
func (s *Store) Info(ctx context.Context) (queue.Info, error) {
	var out queue.Info
	err := s.read(ctx, func(st *state) error {
		now := s.now().In(st.loc)
		sc := s.schedule(st)
		sess, issuing := sc.CanIssue(now, st.loc)
		if sess == nil {
			sess = sc.SessionAt(now, st.loc)
		}
		out = queue.Info{
			Center: st.settings.CenterName, Address: st.settings.Address, Now: now.Truncate(time.Second),
			Session: queue.InfoOf(sess), Issuing: issuing, Today: sc.SessionsOn(now, st.loc),
			Zone:  st.loc.String(),
			Phone: st.settings.Phone, Notice: st.settings.Notice, PortalURL: st.settings.PortalURL,
			OnlineGuide: st.settings.OnlineGuide, MapURL: st.settings.MapURL,
			Schedule:    st.settings.Clone().Sessions, // its own Days: the state is shared
			Holiday:     slices.Contains(st.settings.Holidays, queue.Day(now, st.loc)),
			StopMinutes: st.settings.StopMinutes,
		}
		if out.Schedule == nil {
			out.Schedule = []queue.Session{}
		}
		if out.Today == nil {
			out.Today = []queue.Session{}
		}
		if issuing && !sc.AlwaysOpen {
			u := sc.IssuingUntil(now, st.loc)
			out.IssuingUntil = &u
		}
		if u := sc.OpenUntil(now, st.loc); !u.IsZero() {
			out.OpenUntil = &u
		}
		if next := sc.NextOpening(now, st.loc); !next.IsZero() {
			out.NextOpening = &next
		}
		return nil
	})
	return out, err
}

func errNoTicket() error {
	return queue.Errorf(queue.ENOTFOUND, "Không tìm thấy phiếu. Vui lòng kiểm tra lại mã QR trên phiếu.",
		"Ticket not found. Please check the QR code on the ticket.")
}

// ticketByToken loads the ticket of a token in tx.
func ticketByToken(tx *bbolt.Tx, token string, loc *time.Location) (queue.Ticket, error) {
	var t queue.Ticket
	key, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(key) != 24 {
		return t, errNoTicket()
	}
	// The token starts with the ticket's id; the stored ticket must carry
	// the whole token, compared in constant time, or there is no ticket.
	v := tx.Bucket(bucketTickets).Get(key[:8])
	if v == nil {
		return t, errNoTicket()
	}
	if err := decodeTicket(v, loc, &t); err != nil {
		return t, err
	}
	if subtle.ConstantTimeCompare([]byte(t.Token), []byte(token)) != 1 {
		return queue.Ticket{}, errNoTicket()
	}
	return t, nil
}

// TicketByToken implements queue.TicketStore.
func (s *Store) TicketByToken(ctx context.Context, token string) (queue.TicketInfo, error) {
	var t queue.Ticket
	loc := s.Location()
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		var err error
		t, err = ticketByToken(tx, token, loc)
		return err
	})
	if err != nil {
		return queue.TicketInfo{}, err
	}
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.st.info(t), nil
}

// Board implements queue.TicketStore.
func (s *Store) Board(ctx context.Context) (queue.Board, uint64, error) {
	var (
		b   queue.Board
		seq uint64
	)
	err := s.read(ctx, func(st *state) error {
		now := s.now().In(st.loc)
		seq = st.seq
		b = queue.Board{
			Center: st.settings.CenterName, Now: now.Truncate(time.Second), Notice: st.settings.Notice,
			Session:  queue.InfoOf(s.schedule(st).SessionAt(now, st.loc)),
			Counters: make([]queue.BoardCounter, 0, len(st.counters)),
			Recent:   append([]queue.Call{}, st.recent...),
			Queues:   []queue.BoardQueue{},
		}
		names := map[string]string{}
		for _, sv := range st.services {
			names[sv.ID] = sv.Name
		}
		for _, c := range st.counters {
			bc := queue.BoardCounter{ID: c.ID, Number: c.Number, Name: c.Name, Status: queue.CounterClosed, Services: []string{}}
			for _, id := range c.Services {
				if n, ok := names[id]; ok {
					bc.Services = append(bc.Services, n)
				}
			}
			if c.Open {
				bc.Status = queue.CounterOpen
			}
			if e := st.active[c.Current]; c.Current != 0 && e != nil {
				bc.Current, bc.Status = e.w.Number, string(e.status)
				bc.ServiceID, bc.ServiceName = e.w.ServiceID, names[e.w.ServiceID]
			}
			b.Counters = append(b.Counters, bc)
		}
		for _, sv := range st.services {
			l := st.lines[sv.ID]
			if !sv.Active && (l == nil || l.Len() == 0) {
				continue
			}
			q := queue.BoardQueue{ServiceID: sv.ID, Name: sv.Name, Prefix: sv.Prefix, Waiting: []string{}}
			if l != nil {
				for _, w := range l.Order(queue.BoardQueueLen) {
					q.Waiting = append(q.Waiting, w.Number)
				}
				q.Count = l.Len()
			}
			q.ETAMinutes, q.CountersOpen = st.wait(sv.ID, q.Count)
			b.Queues = append(b.Queues, q)
		}
		return nil
	})
	return b, seq, err
}

// RateTicket implements queue.TicketStore.
func (s *Store) RateTicket(ctx context.Context, token string, f queue.Feedback) (queue.TicketInfo, error) {
	return s.rate(ctx, f, queue.FeedbackPhone, func(w *wtx) (queue.Ticket, error) {
		t, err := ticketByToken(w.tx, token, w.st.loc)
		if err != nil {
			return t, err
		}
		if t.Status == queue.StatusDone && w.now.Sub(t.DoneAt) > queue.PhoneRatingWindow {
			return t, queue.Errorf(queue.ECONFLICT, "Đã quá 24 giờ kể từ khi hoàn thành, không thể đánh giá nữa.",
				"More than 24 hours have passed since the service; it can no longer be rated.")
		}
		return t, nil
	})
}

// RateAtCounter implements queue.CounterStore. The tablet names the number
// it showed, so that a rating started for one citizen is never stored on
// the next one the counter finished meanwhile.
func (s *Store) RateAtCounter(ctx context.Context, id, number string, f queue.Feedback) (queue.TicketInfo, error) {
	return s.rate(ctx, f, queue.FeedbackCounter, func(w *wtx) (queue.Ticket, error) {
		c := w.st.counter(id)
		if c == nil {
			return queue.Ticket{}, errNoCounter(id)
		}
		if c.LastDone == 0 {
			return queue.Ticket{}, queue.Errorf(queue.ECONFLICT,
				"Quầy %d chưa có số nào hoàn thành để đánh giá.", "Counter %d has finished no ticket to rate.", c.Number)
		}
		t, err := w.ticket(c.LastDone)
		if err != nil {
			return t, err
		}
		if w.now.Sub(c.LastDoneAt) > queue.CounterRatingWindow {
			return t, queue.Errorf(queue.ECONFLICT,
				"Số %s đã hoàn thành hơn 10 phút trước, không còn đánh giá được tại quầy.",
				"Ticket %s was finished more than 10 minutes ago; it can no longer be rated at the counter.", t.Number)
		}
		if number != "" && !queue.SameNumber(number, t.Number) {
			return t, queue.Errorf(queue.ECONFLICT,
				"Quầy %d đã hoàn thành số %s sau số %s; số %s chỉ còn đánh giá được trên điện thoại.",
				"Counter %d has finished %s since %s; %s can now only be rated from the phone.",
				c.Number, t.Number, number, number)
		}
		return t, nil
	})
}

// rate stores feedback on the ticket find returns: only a done ticket, only
// once, whichever path.
func (s *Store) rate(ctx context.Context, f queue.Feedback, via string, find func(w *wtx) (queue.Ticket, error)) (queue.TicketInfo, error) {
	if err := f.Normalize(); err != nil {
		return queue.TicketInfo{}, err
	}
	var out queue.Ticket
	err := s.write(ctx, func(w *wtx) error {
		t, err := find(w)
		if err != nil {
			return err
		}
		switch {
		case t.Status != queue.StatusDone:
			return queue.Errorf(queue.ECONFLICT, "Chỉ đánh giá được khi số %s đã được phục vụ xong.",
				"Ticket %s can only be rated once its service is done.", t.Number)
		case t.Feedback != nil:
			return queue.Errorf(queue.ECONFLICT, "Số %s đã được đánh giá. Cảm ơn Ông/Bà!",
				"Ticket %s has already been rated. Thank you!", t.Number)
		}
		f.At, f.Via = w.now, via
		t.Feedback = &f
		if err := w.putTicket(&t); err != nil {
			return err
		}
		w.event(queue.EventFeedback, &t, nil)
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

// ForEachTicket implements queue.AdminStore. It seeks to the first ticket
// of from through the day index, so a month's report does not read the
// year.
func (s *Store) ForEachTicket(ctx context.Context, from, to string, fn func(*queue.Ticket) error) error {
	loc := s.Location()
	return s.db.View(func(tx *bbolt.Tx) error {
		var start uint64
		dc := tx.Bucket(bucketDays).Cursor()
		for k, v := dc.Seek([]byte(from)); k != nil; k, v = dc.Next() {
			if len(k) == len("2006-01-02") {
				if string(k) > to {
					return nil
				}
				start = btoi(v)
				break
			}
		}
		if start == 0 {
			return nil
		}
		c := tx.Bucket(bucketTickets).Cursor()
		var t queue.Ticket
		for k, v := c.Seek(itob(start)); k != nil; k, v = c.Next() {
			day := ticketDay(v)
			if day > to {
				break
			}
			if day < from {
				continue
			}
			if err := decodeTicket(v, loc, &t); err != nil {
				return err
			}
			if err := fn(&t); err != nil {
				return err
			}
			if err := ctxErr(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// Backup implements queue.AdminStore: a read transaction sees one
// consistent snapshot and does not block writers.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
