package bolt

import (
	"context"
	"encoding/json"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

// audit records one admin change in the same transaction as the change.
func (w *wtx) audit(by queue.Actor, action, target string, detail any) error {
	b := w.tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	return putJSON(b, itob(seq), queue.AuditEntry{
		Seq: seq, At: w.now, UserID: by.UserID, Username: by.Username,
		Action: action, Target: target, Detail: string(d),
	})
}

// RecordAudit implements queue.AdminStore.
func (s *Store) RecordAudit(ctx context.Context, by queue.Actor, action, target string, detail any) error {
	return s.write(ctx, func(w *wtx) (queue.Change, error) {
		return queue.Change{}, w.audit(by, action, target, detail)
	})
}

// Audit implements queue.AdminStore: the newest entries first.
func (s *Store) Audit(ctx context.Context, limit int) ([]queue.AuditEntry, error) {
	out := []queue.AuditEntry{}
	loc := s.Location()
	err := s.view(ctx, func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e queue.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			e.At = e.At.In(loc)
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// admin runs an admin change: fn asks the Day for it, and the audit trail
// records it in the same transaction.
func (s *Store) admin(ctx context.Context, by queue.Actor, action, target string, detail any,
	fn func(w *wtx) (queue.Change, string, error)) error {
	return s.write(ctx, func(w *wtx) (queue.Change, error) {
		ch, id, err := fn(w)
		if err != nil {
			return ch, err
		}
		if target == "" {
			target = id
		}
		return ch, w.audit(by, action, target, detail)
	})
}

// CreateService implements queue.AdminStore.
func (s *Store) CreateService(ctx context.Context, by queue.Actor, sv queue.Service) (queue.Service, error) {
	var out queue.Service
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		var (
			ch  queue.Change
			err error
		)
		if out, ch, err = w.d.CreateService(w.now, sv); err != nil {
			return ch, err
		}
		return ch, w.audit(by, "service.create", out.ID, out)
	})
	return out, err
}

// UpdateService implements queue.AdminStore.
func (s *Store) UpdateService(ctx context.Context, by queue.Actor, id string, p queue.ServicePatch) (queue.Service, error) {
	var out queue.Service
	err := s.admin(ctx, by, "service.update", id, p, func(w *wtx) (queue.Change, string, error) {
		sv, ch, err := w.d.UpdateService(w.now, id, p)
		out = sv
		return ch, id, err
	})
	return out, err
}

// DeactivateService implements queue.AdminStore.
func (s *Store) DeactivateService(ctx context.Context, by queue.Actor, id string) (queue.Service, error) {
	var out queue.Service
	err := s.admin(ctx, by, "service.deactivate", id, nil, func(w *wtx) (queue.Change, string, error) {
		sv, ch, err := w.d.DeactivateService(w.now, id)
		out = sv
		return ch, id, err
	})
	return out, err
}

// CreateCounter implements queue.AdminStore. A new counter starts closed.
func (s *Store) CreateCounter(ctx context.Context, by queue.Actor, c queue.Counter) (queue.Counter, error) {
	var out queue.Counter
	err := s.write(ctx, func(w *wtx) (queue.Change, error) {
		var (
			ch  queue.Change
			err error
		)
		if out, ch, err = w.d.CreateCounter(w.now, c); err != nil {
			return ch, err
		}
		return ch, w.audit(by, "counter.create", out.ID, out)
	})
	return out, err
}

// UpdateCounter implements queue.AdminStore.
func (s *Store) UpdateCounter(ctx context.Context, by queue.Actor, id string, p queue.CounterPatch) (queue.Counter, error) {
	var out queue.Counter
	err := s.admin(ctx, by, "counter.update", "", p, func(w *wtx) (queue.Change, string, error) {
		c, ch, err := w.d.UpdateCounter(w.now, id, p)
		out = c
		return ch, c.ID, err
	})
	return out, err
}

// DeleteCounter implements queue.AdminStore.
func (s *Store) DeleteCounter(ctx context.Context, by queue.Actor, id string) error {
	return s.admin(ctx, by, "counter.delete", "", nil, func(w *wtx) (queue.Change, string, error) {
		c, ch, err := w.d.DeleteCounter(w.now, id)
		return ch, c.ID, err
	})
}

// UpdateSettings implements queue.AdminStore.
func (s *Store) UpdateSettings(ctx context.Context, by queue.Actor, p queue.SettingsPatch) (queue.Settings, error) {
	var out queue.Settings
	err := s.admin(ctx, by, "settings.update", "center", p, func(w *wtx) (queue.Change, string, error) {
		st, ch, err := w.d.UpdateSettings(w.now, p)
		out = st
		return ch, "center", err
	})
	return out, err
}
