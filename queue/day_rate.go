package queue

import "time"

// RateTicket rates t, a ticket the citizen holds the token of, from the
// phone: only a done ticket, within PhoneRatingWindow of done, only once.
func (d *Day) RateTicket(now time.Time, t Ticket, f Feedback) (Ticket, Change, error) {
	if err := f.Normalize(); err != nil {
		return t, Change{}, err
	}
	if t.Status == StatusDone && now.Sub(t.DoneAt) > PhoneRatingWindow {
		return t, Change{}, Errorf(ECONFLICT, "Đã quá 24 giờ kể từ khi hoàn thành, không thể đánh giá nữa.",
			"More than 24 hours have passed since the service; it can no longer be rated.")
	}
	return d.rate(now, t, f, FeedbackPhone)
}

// RateAtCounter rates the last ticket finished at counter ref from the
// counter's tablet, within CounterRatingWindow of done. The tablet names
// the number it showed (or ""), so that a rating started for one citizen
// is never stored on the next one the counter finished meanwhile.
func (d *Day) RateAtCounter(now time.Time, ref, number string, f Feedback) (Ticket, Change, error) {
	if err := f.Normalize(); err != nil {
		return Ticket{}, Change{}, err
	}
	c := d.Counter(ref)
	if c == nil {
		return Ticket{}, Change{}, errNoCounter(ref)
	}
	t, ok := d.lastDone[c.ID]
	if c.LastDone == 0 || !ok || t.ID != c.LastDone {
		return Ticket{}, Change{}, Errorf(ECONFLICT,
			"Quầy %d chưa có số nào hoàn thành để đánh giá.", "Counter %d has finished no ticket to rate.", c.Number)
	}
	if now.Sub(c.LastDoneAt) > CounterRatingWindow {
		return t, Change{}, Errorf(ECONFLICT,
			"Số %s đã hoàn thành hơn 10 phút trước, không còn đánh giá được tại quầy.",
			"Ticket %s was finished more than 10 minutes ago; it can no longer be rated at the counter.", t.Number)
	}
	if number != "" && !SameNumber(number, t.Number) {
		return t, Change{}, Errorf(ECONFLICT,
			"Quầy %d đã hoàn thành số %s sau số %s; số %s chỉ còn đánh giá được trên điện thoại.",
			"Counter %d has finished %s since %s; %s can now only be rated from the phone.",
			c.Number, t.Number, number, number)
	}
	return d.rate(now, t, f, FeedbackCounter)
}

// rate stores feedback f, normalized, on t: only a done ticket, only once,
// whichever path.
func (d *Day) rate(now time.Time, t Ticket, f Feedback, via string) (Ticket, Change, error) {
	var ch Change
	switch {
	case t.Status != StatusDone:
		return t, ch, Errorf(ECONFLICT, "Chỉ đánh giá được khi số %s đã được phục vụ xong.",
			"Ticket %s can only be rated once its service is done.", t.Number)
	case t.Feedback != nil:
		return t, ch, Errorf(ECONFLICT, "Số %s đã được đánh giá. Cảm ơn Ông/Bà!",
			"Ticket %s has already been rated. Thank you!", t.Number)
	}
	now = now.In(d.loc)
	f.At, f.Via = now, via
	t.Feedback = &f
	ch.Tickets = []Ticket{t}
	d.event(&ch, EventFeedback, now, &t, nil)
	return t, ch, nil
}
