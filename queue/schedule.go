package queue

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Session is a named part of the working day, such as "Sáng" or the
// extended hour "Giờ thứ 9". Days are ISO weekdays, 1 Monday to 7 Sunday;
// Start and End are local "HH:MM"; From and To, when set, bound the dates
// (YYYY-MM-DD, both included) on which the session runs.
type Session struct {
	Name     string `json:"name"`
	Days     []int  `json:"days"`
	Start    string `json:"start"`
	End      string `json:"end"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Extended bool   `json:"extended"`
}

// Schedule is when the center is open and the kiosk issues tickets.
type Schedule struct {
	Sessions []Session `json:"sessions"`
	Holidays []string  `json:"holidays"`
	// StopMinutes is how long before the end of an opening the kiosk
	// stops issuing, so that the last citizen can still be served.
	StopMinutes int `json:"stop_minutes"`
	// AlwaysOpen makes the kiosk issue at all hours, for demos.
	AlwaysOpen bool `json:"always_open"`
}

// Names of the default sessions.
const (
	SessionMorning   = "Sáng"
	SessionAfternoon = "Chiều"
	SessionExtended  = "Giờ thứ 9"
	// SessionOutside names tickets issued outside every session, which
	// only happens when the schedule is always open.
	SessionOutside = "Ngoài giờ"
)

// Campaign dates of the "Giờ thứ 9" model at Luận Thành.
const (
	CampaignFrom = "2026-02-23"
	CampaignTo   = "2026-03-23"
)

// DefaultSchedule is the Luận Thành schedule: mornings and afternoons on
// weekdays, and the extended hour 16:30–17:30 during the campaign.
func DefaultSchedule() Schedule {
	week := []int{1, 2, 3, 4, 5}
	return Schedule{
		Sessions: []Session{
			{Name: SessionMorning, Days: week, Start: "07:30", End: "11:30"},
			{Name: SessionAfternoon, Days: week, Start: "13:30", End: "16:30"},
			{Name: SessionExtended, Days: week, Start: "16:30", End: "17:30", From: CampaignFrom, To: CampaignTo, Extended: true},
		},
		Holidays:    []string{},
		StopMinutes: 10,
	}
}

const dateLayout = "2006-01-02"

// DateOf returns the local calendar day of t in loc, as YYYY-MM-DD.
func DateOf(t time.Time, loc *time.Location) string { return t.In(loc).Format(dateLayout) }

// clock parses "HH:MM" into minutes after midnight.
func clock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}

// runsOn reports whether session s runs on the local date of day.
func (s *Session) runsOn(day time.Time) bool {
	if !slices.Contains(s.Days, isoWeekday(day)) {
		return false
	}
	d := day.Format(dateLayout)
	return (s.From == "" || d >= s.From) && (s.To == "" || d <= s.To)
}

// span is a session or an opening placed on a date, in absolute time.
type span struct {
	start, end time.Time
	session    *Session
}

// sessionsOn returns the sessions running on the date of day (local
// midnight in its zone), sorted by start.
func (sc *Schedule) sessionsOn(day time.Time) []span {
	if slices.Contains(sc.Holidays, day.Format(dateLayout)) {
		return nil
	}
	var out []span
	for i := range sc.Sessions {
		s := &sc.Sessions[i]
		a, ok1 := clock(s.Start)
		b, ok2 := clock(s.End)
		if !ok1 || !ok2 || b <= a || !s.runsOn(day) {
			continue
		}
		out = append(out, span{
			start:   time.Date(day.Year(), day.Month(), day.Day(), a/60, a%60, 0, 0, day.Location()),
			end:     time.Date(day.Year(), day.Month(), day.Day(), b/60, b%60, 0, 0, day.Location()),
			session: s,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	return out
}

// openingsOn merges the sessions of a day that touch or overlap into
// openings: the center stays open straight through 16:30 on a campaign day.
func (sc *Schedule) openingsOn(day time.Time) []span {
	var out []span
	for _, s := range sc.sessionsOn(day) {
		if n := len(out); n > 0 && !s.start.After(out[n-1].end) {
			if s.end.After(out[n-1].end) {
				out[n-1].end = s.end
			}
			continue
		}
		out = append(out, span{start: s.start, end: s.end})
	}
	return out
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// SessionAt returns the session running at t (in loc), or nil. A session
// includes its start and excludes its end, so 16:30 belongs to "Giờ thứ 9".
func (sc *Schedule) SessionAt(t time.Time, loc *time.Location) *Session {
	t = t.In(loc)
	for _, s := range sc.sessionsOn(midnight(t)) {
		if !t.Before(s.start) && t.Before(s.end) {
			return s.session
		}
	}
	return nil
}

// CanIssue reports whether the kiosk may issue a ticket at t: inside an
// opening and more than StopMinutes before its end (or always, when
// AlwaysOpen). It also returns the session a ticket issued now belongs to.
func (sc *Schedule) CanIssue(t time.Time, loc *time.Location) (session *Session, ok bool) {
	t = t.In(loc)
	session = sc.SessionAt(t, loc)
	if sc.AlwaysOpen {
		return session, true
	}
	stop := time.Duration(sc.StopMinutes) * time.Minute
	for _, o := range sc.openingsOn(midnight(t)) {
		if !t.Before(o.start) && t.Before(o.end.Add(-stop)) {
			return session, true
		}
	}
	return nil, false
}

// IssuingUntil returns when the kiosk stops issuing in the opening that
// holds t, or the zero time when t is not in one.
func (sc *Schedule) IssuingUntil(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	for _, o := range sc.openingsOn(midnight(t)) {
		if !t.Before(o.start) && t.Before(o.end) {
			return o.end.Add(-time.Duration(sc.StopMinutes) * time.Minute)
		}
	}
	return time.Time{}
}

// OpenUntil returns the end of the opening that holds t, or the zero time.
func (sc *Schedule) OpenUntil(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	for _, o := range sc.openingsOn(midnight(t)) {
		if !t.Before(o.start) && t.Before(o.end) {
			return o.end
		}
	}
	return time.Time{}
}

// NextOpening returns the start of the first opening after t, looking up to
// a year ahead; the zero time when there is none.
func (sc *Schedule) NextOpening(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	day := midnight(t)
	for i := 0; i <= 366; i++ {
		d := day.AddDate(0, 0, i)
		for _, o := range sc.openingsOn(d) {
			if o.start.After(t) {
				return o.start
			}
		}
	}
	return time.Time{}
}

// SessionsOn returns the sessions that run on the local date of t, in
// order, for pages that show today's hours.
func (sc *Schedule) SessionsOn(t time.Time, loc *time.Location) []Session {
	var out []Session
	for _, s := range sc.sessionsOn(midnight(t.In(loc))) {
		out = append(out, *s.session)
	}
	return out
}

// ClosedError is the error of a ticket asked for outside the hours: it
// says, in both languages, when the kiosk opens next.
func (sc *Schedule) ClosedError(t time.Time, loc *time.Location) *Error {
	next := sc.NextOpening(t, loc)
	if next.IsZero() {
		return Errorf(ECLOSED, "Ngoài giờ cấp số. Chưa có lịch làm việc tiếp theo.",
			"Tickets are not issued now. No opening is scheduled.")
	}
	return Errorf(ECLOSED, "Ngoài giờ cấp số. Trung tâm mở cửa lại lúc %s.",
		"Tickets are not issued now. The center opens again at %s.",
		next.Format("15:04 02/01/2006"))
}

// Normalize trims names and sorts the holidays.
func (sc *Schedule) Normalize() {
	for i := range sc.Sessions {
		s := &sc.Sessions[i]
		s.Name = strings.TrimSpace(s.Name)
		s.Start, s.End = strings.TrimSpace(s.Start), strings.TrimSpace(s.End)
		s.From, s.To = strings.TrimSpace(s.From), strings.TrimSpace(s.To)
		slices.Sort(s.Days)
	}
	if sc.Holidays == nil {
		sc.Holidays = []string{}
	}
	for i, h := range sc.Holidays {
		sc.Holidays[i] = strings.TrimSpace(h)
	}
	slices.Sort(sc.Holidays)
	sc.Holidays = slices.Compact(sc.Holidays)
}

// Validate checks every session and holiday, and that no two sessions
// overlap on a day when both run. Sessions that only touch (one ends at
// 16:30, the next starts at 16:30) are fine: they form one opening.
func (sc *Schedule) Validate() error {
	if len(sc.Sessions) > 20 {
		return FieldErrorf("sessions", "Tối đa 20 buổi làm việc.", "At most 20 sessions.")
	}
	for i := range sc.Sessions {
		if err := sc.Sessions[i].validate(i); err != nil {
			return err
		}
	}
	for i := range sc.Sessions {
		for j := i + 1; j < len(sc.Sessions); j++ {
			a, b := &sc.Sessions[i], &sc.Sessions[j]
			if a.overlaps(b) {
				return FieldErrorf(fmt.Sprintf("sessions[%d]", j),
					"Buổi %q trùng giờ với buổi %q vào cùng ngày.",
					"Session %q overlaps session %q on the same day.", b.Name, a.Name)
			}
		}
	}
	if len(sc.Holidays) > 400 {
		return FieldErrorf("holidays", "Tối đa 400 ngày nghỉ.", "At most 400 holidays.")
	}
	for _, h := range sc.Holidays {
		if _, err := time.Parse(dateLayout, h); err != nil {
			return FieldErrorf("holidays", "Ngày nghỉ %q không hợp lệ (định dạng YYYY-MM-DD).",
				"Holiday %q is not a valid date (YYYY-MM-DD).", h)
		}
	}
	if sc.StopMinutes < 0 || sc.StopMinutes > 120 {
		return FieldErrorf("stop_minutes", "Số phút ngừng cấp số trước giờ kết thúc phải từ 0 đến 120.",
			"Minutes before the end when issuing stops must be between 0 and 120.")
	}
	return nil
}

func (s *Session) validate(i int) error {
	f := func(name string) string { return fmt.Sprintf("sessions[%d].%s", i, name) }
	if s.Name == "" || utf8.RuneCountInString(s.Name) > 40 {
		return FieldErrorf(f("name"), "Tên buổi không được để trống và tối đa 40 ký tự.",
			"Session name must be 1 to 40 characters.")
	}
	if len(s.Days) == 0 {
		return FieldErrorf(f("days"), "Buổi %q phải có ít nhất một ngày trong tuần.",
			"Session %q needs at least one weekday.", s.Name)
	}
	for k, d := range s.Days {
		if d < 1 || d > 7 || (k > 0 && s.Days[k-1] == d) {
			return FieldErrorf(f("days"), "Ngày trong tuần của buổi %q phải từ 1 (thứ Hai) đến 7 (Chủ nhật), không lặp.",
				"Weekdays of session %q must be 1 (Monday) to 7 (Sunday), without repeats.", s.Name)
		}
	}
	a, ok := clock(s.Start)
	if !ok {
		return FieldErrorf(f("start"), "Giờ bắt đầu của buổi %q không hợp lệ (định dạng HH:MM).",
			"Start of session %q is not a valid time (HH:MM).", s.Name)
	}
	b, ok := clock(s.End)
	if !ok {
		return FieldErrorf(f("end"), "Giờ kết thúc của buổi %q không hợp lệ (định dạng HH:MM).",
			"End of session %q is not a valid time (HH:MM).", s.Name)
	}
	if b <= a {
		return FieldErrorf(f("end"), "Buổi %q kết thúc (%s) trước hoặc đúng lúc bắt đầu (%s).",
			"Session %q ends (%s) before or when it starts (%s).", s.Name, s.End, s.Start)
	}
	for _, d := range []struct{ name, v string }{{"from", s.From}, {"to", s.To}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(dateLayout, d.v); err != nil {
			return FieldErrorf(f(d.name), "Ngày %q của buổi %q không hợp lệ (định dạng YYYY-MM-DD).",
				"Date %q of session %q is not valid (YYYY-MM-DD).", d.v, s.Name)
		}
	}
	if s.From != "" && s.To != "" && s.To < s.From {
		return FieldErrorf(f("to"), "Buổi %q có ngày kết thúc trước ngày bắt đầu.",
			"Session %q ends before its date range starts.", s.Name)
	}
	return nil
}

// overlaps reports whether a and b run at the same moment on some date.
func (a *Session) overlaps(b *Session) bool {
	as, _ := clock(a.Start)
	ae, _ := clock(a.End)
	bs, _ := clock(b.Start)
	be, _ := clock(b.End)
	if !(as < be && bs < ae) {
		return false
	}
	shared := false
	for _, d := range a.Days {
		if slices.Contains(b.Days, d) {
			shared = true
		}
	}
	if !shared {
		return false
	}
	// Date ranges: empty bounds are open.
	lo := max(a.From, b.From)
	hi := a.To
	if hi == "" || (b.To != "" && b.To < hi) {
		hi = b.To
	}
	return hi == "" || lo <= hi
}
