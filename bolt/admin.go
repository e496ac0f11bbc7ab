package bolt

import (
	"context"
	"encoding/json"
	"slices"

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
	return s.write(ctx, func(w *wtx) error { return w.audit(by, action, target, detail) })
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

// checkService validates sv against the others: unique id and prefix.
func checkService(st *state, sv *queue.Service, isNew bool) error {
	sv.Normalize()
	if err := sv.Validate(); err != nil {
		return err
	}
	for _, o := range st.services {
		if isNew && o.ID == sv.ID {
			return queue.FieldErrorf("id", "Mã lĩnh vực %q đã có.", "Service id %q already exists.", sv.ID)
		}
		if o.ID != sv.ID && o.Prefix == sv.Prefix {
			return queue.FieldErrorf("prefix", "Ký hiệu %q đã được dùng cho lĩnh vực %s.",
				"Prefix %q is already used by %s.", sv.Prefix, o.Name)
		}
	}
	return nil
}

// saveService writes sv and swaps it into the state after commit.
func (w *wtx) saveService(sv queue.Service) error {
	if err := putJSON(w.tx.Bucket(bucketServices), []byte(sv.ID), sv); err != nil {
		return err
	}
	list := slices.Clone(w.st.services)
	if i := slices.IndexFunc(list, func(o queue.Service) bool { return o.ID == sv.ID }); i >= 0 {
		list[i] = sv
	} else {
		list = append(list, sv)
	}
	sortServices(list)
	w.after(func(st *state) { st.services = list })
	w.event(queue.EventServices, nil, nil)
	return nil
}

// CreateService implements queue.AdminStore. Without an order it goes last
// on the kiosk.
func (s *Store) CreateService(ctx context.Context, by queue.Actor, sv queue.Service) (queue.Service, error) {
	err := s.write(ctx, func(w *wtx) error {
		if sv.Order == 0 {
			for _, o := range w.st.services {
				sv.Order = max(sv.Order, o.Order)
			}
			sv.Order++
		}
		if err := checkService(w.st, &sv, true); err != nil {
			return err
		}
		if err := w.saveService(sv); err != nil {
			return err
		}
		return w.audit(by, "service.create", sv.ID, sv)
	})
	return sv, err
}

// UpdateService implements queue.AdminStore.
func (s *Store) UpdateService(ctx context.Context, by queue.Actor, id string, p queue.ServicePatch) (queue.Service, error) {
	var out queue.Service
	err := s.write(ctx, func(w *wtx) error {
		old := w.st.service(id)
		if old == nil {
			return queue.Errorf(queue.ENOTFOUND, "Không có lĩnh vực %q.", "No service %q.", id)
		}
		out = p.Apply(*old)
		if err := checkService(w.st, &out, false); err != nil {
			return err
		}
		if err := old.CheckRenumber(&out, w.st.issued[id]); err != nil {
			return err
		}
		if err := w.saveService(out); err != nil {
			return err
		}
		return w.audit(by, "service.update", id, p)
	})
	return out, err
}

// DeactivateService implements queue.AdminStore.
func (s *Store) DeactivateService(ctx context.Context, by queue.Actor, id string) (queue.Service, error) {
	off := false
	var out queue.Service
	err := s.write(ctx, func(w *wtx) error {
		old := w.st.service(id)
		if old == nil {
			return queue.Errorf(queue.ENOTFOUND, "Không có lĩnh vực %q.", "No service %q.", id)
		}
		out = (&queue.ServicePatch{Active: &off}).Apply(*old)
		if err := w.saveService(out); err != nil {
			return err
		}
		return w.audit(by, "service.deactivate", id, nil)
	})
	return out, err
}

// checkCounter validates c against the services and the other counters.
func checkCounter(st *state, c *queue.Counter, isNew bool) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	for _, id := range c.Services {
		if st.service(id) == nil {
			return queue.FieldErrorf("services", "Không có lĩnh vực %q.", "No service %q.", id)
		}
	}
	for _, o := range st.counters {
		if isNew && o.ID == c.ID {
			return queue.FieldErrorf("id", "Mã quầy %q đã có.", "Counter id %q already exists.", c.ID)
		}
		if o.ID != c.ID && o.Number == c.Number {
			return queue.FieldErrorf("number", "Số quầy %d đã được dùng.", "Counter number %d is already used.", c.Number)
		}
	}
	return nil
}

func (w *wtx) saveCounter(c queue.Counter) error {
	if err := w.putCounter(&c); err != nil {
		return err
	}
	list := slices.Clone(w.st.counters)
	if i := slices.IndexFunc(list, func(o queue.Counter) bool { return o.ID == c.ID }); i >= 0 {
		list[i] = c
	} else {
		list = append(list, c)
	}
	sortCounters(list)
	w.after(func(st *state) { st.counters = list })
	w.event(queue.EventCounter, nil, &c)
	return nil
}

// CreateCounter implements queue.AdminStore. A new counter starts closed.
func (s *Store) CreateCounter(ctx context.Context, by queue.Actor, c queue.Counter) (queue.Counter, error) {
	c = queue.Counter{ID: c.ID, Number: c.Number, Name: c.Name, Services: c.Services}
	err := s.write(ctx, func(w *wtx) error {
		if err := checkCounter(w.st, &c, true); err != nil {
			return err
		}
		if err := w.saveCounter(c); err != nil {
			return err
		}
		return w.audit(by, "counter.create", c.ID, c)
	})
	return c, err
}

// UpdateCounter implements queue.AdminStore.
func (s *Store) UpdateCounter(ctx context.Context, by queue.Actor, id string, p queue.CounterPatch) (queue.Counter, error) {
	var out queue.Counter
	err := s.write(ctx, func(w *wtx) error {
		old := w.st.counter(id)
		if old == nil {
			return errNoCounter(id)
		}
		out = p.Apply(*old)
		if err := checkCounter(w.st, &out, false); err != nil {
			return err
		}
		if err := w.saveCounter(out); err != nil {
			return err
		}
		return w.audit(by, "counter.update", out.ID, p)
	})
	return out, err
}

// DeleteCounter implements queue.AdminStore. A counter with a citizen at it
// stays.
func (s *Store) DeleteCounter(ctx context.Context, by queue.Actor, id string) error {
	return s.write(ctx, func(w *wtx) error {
		c := w.st.counter(id)
		if c == nil {
			return errNoCounter(id)
		}
		if c.Current != 0 {
			return queue.Errorf(queue.ECONFLICT, "Quầy %d đang phục vụ một số; không thể xóa lúc này.",
				"Counter %d is serving a ticket; it cannot be deleted now.", c.Number)
		}
		cid := c.ID
		if err := w.tx.Bucket(bucketCounters).Delete([]byte(cid)); err != nil {
			return err
		}
		list := slices.DeleteFunc(slices.Clone(w.st.counters), func(o queue.Counter) bool { return o.ID == cid })
		w.after(func(st *state) { st.counters = list })
		w.event(queue.EventCounter, nil, nil)
		return w.audit(by, "counter.delete", cid, nil)
	})
}

// UpdateSettings implements queue.AdminStore.
func (s *Store) UpdateSettings(ctx context.Context, by queue.Actor, p queue.SettingsPatch) (queue.Settings, error) {
	var out queue.Settings
	err := s.write(ctx, func(w *wtx) error {
		out = p.Apply(w.st.settings)
		out.Normalize()
		if err := out.Validate(); err != nil {
			return err
		}
		loc, err := s.zone(out.Zone)
		if err != nil {
			return err
		}
		if err := putJSON(w.tx.Bucket(bucketSettings), keySettings, out); err != nil {
			return err
		}
		saved := out
		w.after(func(st *state) {
			st.settings = saved
			st.loc = loc
		})
		w.event(queue.EventSettings, nil, nil)
		return w.audit(by, "settings.update", "center", p)
	})
	return out, err
}
