package queue

import (
	"slices"
	"time"
)

// The admin's changes of the day's configuration: each is checked against
// the rest of the day (unique ids, prefixes and numbers; what is in use)
// and returns its change, like every other command.

// checkService validates sv against the other services: unique id and
// prefix.
func (d *Day) checkService(sv *Service, isNew bool) error {
	sv.Normalize()
	if err := sv.Validate(); err != nil {
		return err
	}
	for _, o := range d.services {
		if isNew && o.ID == sv.ID {
			return FieldErrorf("id", "Mã lĩnh vực %q đã có.", "Service id %q already exists.", sv.ID)
		}
		if o.ID != sv.ID && o.Prefix == sv.Prefix {
			return FieldErrorf("prefix", "Ký hiệu %q đã được dùng cho lĩnh vực %s.",
				"Prefix %q is already used by %s.", sv.Prefix, o.Name)
		}
	}
	return nil
}

func (d *Day) serviceChange(now time.Time, sv Service) Change {
	ch := Change{Services: []Service{sv}}
	d.event(&ch, EventServices, now.In(d.loc), nil, nil)
	return ch
}

// CreateService adds sv. Without an order it goes last on the kiosk.
func (d *Day) CreateService(now time.Time, sv Service) (Service, Change, error) {
	if sv.Order == 0 {
		for _, o := range d.services {
			sv.Order = max(sv.Order, o.Order)
		}
		sv.Order++
	}
	if err := d.checkService(&sv, true); err != nil {
		return sv, Change{}, err
	}
	return sv, d.serviceChange(now, sv), nil
}

// UpdateService changes service id by p. Its numbering may change only in
// ways that never issue a number twice today.
func (d *Day) UpdateService(now time.Time, id string, p ServicePatch) (Service, Change, error) {
	old := d.Service(id)
	if old == nil {
		return Service{}, Change{}, errNoService(id)
	}
	sv := p.Apply(*old)
	if err := d.checkService(&sv, false); err != nil {
		return sv, Change{}, err
	}
	if err := old.CheckRenumber(&sv, d.issued[id]); err != nil {
		return sv, Change{}, err
	}
	return sv, d.serviceChange(now, sv), nil
}

// DeactivateService hides service id from the kiosk; its waiting tickets
// can still be served.
func (d *Day) DeactivateService(now time.Time, id string) (Service, Change, error) {
	old := d.Service(id)
	if old == nil {
		return Service{}, Change{}, errNoService(id)
	}
	sv := *old
	sv.Active = false
	return sv, d.serviceChange(now, sv), nil
}

// checkCounter validates c against the services and the other counters.
func (d *Day) checkCounter(c *Counter, isNew bool) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	for _, id := range c.Services {
		if d.Service(id) == nil {
			return FieldErrorf("services", "Không có lĩnh vực %q.", "No service %q.", id)
		}
	}
	for _, o := range d.counters {
		if isNew && o.ID == c.ID {
			return FieldErrorf("id", "Mã quầy %q đã có.", "Counter id %q already exists.", c.ID)
		}
		if o.ID != c.ID && o.Number == c.Number {
			return FieldErrorf("number", "Số quầy %d đã được dùng.", "Counter number %d is already used.", c.Number)
		}
	}
	return nil
}

func (d *Day) counterChange(now time.Time, c Counter) Change {
	ch := Change{Counters: []Counter{c}}
	d.event(&ch, EventCounter, now.In(d.loc), nil, &c)
	return ch
}

// CreateCounter adds counter c, closed and idle.
func (d *Day) CreateCounter(now time.Time, c Counter) (Counter, Change, error) {
	c = Counter{ID: c.ID, Number: c.Number, Name: c.Name, Services: slices.Clone(c.Services)}
	if err := d.checkCounter(&c, true); err != nil {
		return c, Change{}, err
	}
	return c, d.counterChange(now, c), nil
}

// UpdateCounter changes counter ref by p; its working state stays.
func (d *Day) UpdateCounter(now time.Time, ref string, p CounterPatch) (Counter, Change, error) {
	old, err := d.counterOf(ref)
	if err != nil {
		return old, Change{}, err
	}
	c := p.Apply(old)
	if err := d.checkCounter(&c, false); err != nil {
		return c, Change{}, err
	}
	return c, d.counterChange(now, c), nil
}

// DeleteCounter removes counter ref. A counter with a citizen at it stays.
func (d *Day) DeleteCounter(now time.Time, ref string) (Counter, Change, error) {
	c, err := d.counterOf(ref)
	if err != nil {
		return c, Change{}, err
	}
	if c.Current != 0 {
		return c, Change{}, Errorf(ECONFLICT, "Quầy %d đang phục vụ một số; không thể xóa lúc này.",
			"Counter %d is serving a ticket; it cannot be deleted now.", c.Number)
	}
	ch := Change{DeletedCounters: []string{c.ID}}
	d.event(&ch, EventCounter, now.In(d.loc), nil, nil)
	return c, ch, nil
}

// CheckCounterIDs returns an error naming field when an id of ids is not a
// counter: the counters an officer may work.
func (d *Day) CheckCounterIDs(field string, ids []string) error {
	for _, id := range ids {
		if c := d.Counter(id); c == nil || c.ID != id {
			return FieldErrorf(field, "Không có quầy %q.", "No counter %q.", id)
		}
	}
	return nil
}

// UpdateSettings changes the settings by p. The result is validated whole,
// its zone included.
func (d *Day) UpdateSettings(now time.Time, p SettingsPatch) (Settings, Change, error) {
	out := p.Apply(d.settings)
	out.Normalize()
	if err := out.Validate(); err != nil {
		return out, Change{}, err
	}
	if _, err := d.zone(out.Zone); err != nil {
		return out, Change{}, err
	}
	saved := out.Clone()
	ch := Change{Settings: &saved}
	d.event(&ch, EventSettings, now.In(d.loc), nil, nil)
	return out, ch, nil
}
