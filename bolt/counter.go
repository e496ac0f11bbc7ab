package bolt

import (
	"context"

	"xephang/queue"
)

// Counters implements queue.CounterStore.
func (s *Store) Counters(ctx context.Context) ([]queue.Counter, error) {
	var out []queue.Counter
	err := s.read(ctx, func(d *queue.Day) error {
		out = d.Counters()
		return nil
	})
	return out, err
}

// OpenCounter implements queue.CounterStore.
func (s *Store) OpenCounter(ctx context.Context, id, officer string) (queue.Counter, error) {
	return s.setOpen(ctx, id, officer, true)
}

// CloseCounter implements queue.CounterStore.
func (s *Store) CloseCounter(ctx context.Context, id, officer string) (queue.Counter, error) {
	return s.setOpen(ctx, id, officer, false)
}

func (s *Store) setOpen(ctx context.Context, id, officer string, open bool) (queue.Counter, error) {
	var out queue.Counter
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		c, ch, err := w.d.SetOpen(w.now, id, officer, open)
		out = c
		return ch, err
	})
	return out, err
}

// Act implements queue.CounterStore. The Day picks inside the write
// transaction, and writers are serialized, so two counters pressing next at
// the same moment never get the same ticket.
func (s *Store) Act(ctx context.Context, id string, a queue.Action, arg, officer string) (queue.TicketInfo, error) {
	var out queue.Ticket
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		t, ch, err := w.d.Act(w.now, id, a, arg, officer)
		out = t
		return ch, err
	})
	if err != nil {
		return queue.TicketInfo{}, err
	}
	return s.info(out), nil
}

// CounterDetail implements queue.CounterStore.
func (s *Store) CounterDetail(ctx context.Context, id string) (queue.CounterDetail, error) {
	var out queue.CounterDetail
	err := s.read(ctx, func(d *queue.Day) error {
		var err error
		out, err = d.CounterDetail(s.now(), id)
		return err
	})
	return out, err
}

// RateAtCounter implements queue.CounterStore.
func (s *Store) RateAtCounter(ctx context.Context, id, number string, f queue.Feedback) (queue.TicketInfo, error) {
	var out queue.Ticket
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		t, ch, err := w.d.RateAtCounter(w.now, id, number, f)
		out = t
		return ch, err
	})
	if err != nil {
		return queue.TicketInfo{}, err
	}
	return s.info(out), nil
}
