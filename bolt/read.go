package bolt

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"io"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// Settings implements queue.TicketStore.
func (s *Store) Settings(ctx context.Context) (queue.Settings, error) {
	var out queue.Settings
	err := s.read(ctx, func(d *queue.Day) error {
		out = d.Settings()
		return nil
	})
	return out, err
}

// Services implements queue.TicketStore.
func (s *Store) Services(ctx context.Context) ([]queue.Service, error) {
	var out []queue.Service
	err := s.read(ctx, func(d *queue.Day) error {
		out = d.Services()
		return nil
	})
	return out, err
}

// ServiceStatuses implements queue.TicketStore.
func (s *Store) ServiceStatuses(ctx context.Context) ([]queue.ServiceStatus, error) {
	var out []queue.ServiceStatus
	err := s.read(ctx, func(d *queue.Day) error {
		out = d.ServiceStatuses(s.now())
		return nil
	})
	return out, err
}

// Info implements queue.TicketStore.
func (s *Store) Info(ctx context.Context) (queue.Info, error) {
	var out queue.Info
	err := s.read(ctx, func(d *queue.Day) error {
		out = d.Info(s.now())
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
	return s.info(t), nil
}

// Board implements queue.TicketStore.
func (s *Store) Board(ctx context.Context) (queue.Board, uint64, error) {
	var (
		b   queue.Board
		seq uint64
	)
	err := s.read(ctx, func(d *queue.Day) error {
		b, seq = d.Board(s.now()), d.Seq()
		return nil
	})
	return b, seq, err
}

// RateTicket implements queue.TicketStore.
func (s *Store) RateTicket(ctx context.Context, token string, f queue.Feedback) (queue.TicketInfo, error) {
	// Bad feedback is refused before the token is looked up, whatever
	// the token.
	if err := f.Normalize(); err != nil {
		return queue.TicketInfo{}, err
	}
	var out queue.Ticket
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		t, err := ticketByToken(w.tx, token, w.d.Location())
		if err != nil {
			return queue.Change{}, err
		}
		t, ch, err := w.d.RateTicket(w.now, t, f)
		out = t
		return ch, err
	})
	if err != nil {
		return queue.TicketInfo{}, err
	}
	return s.info(out), nil
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
