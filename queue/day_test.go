package queue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The rules of the day, tested on a Day alone: no file, no store. A
// dayRig plays the store's part: it hands out ids and applies each change
// as a commit would.

// march is a local time of the center on a day of March 2026 (2 March is
// a Monday of the "Giờ thứ 9" campaign).
func march(day, hour, min int) time.Time { return time.Date(2026, 3, day, hour, min, 0, 0, hcm) }

type dayRig struct {
	t   *testing.T
	d   *Day
	now time.Time
	id  uint64
}

func newRig(t *testing.T, now time.Time, edit ...func(*DayState)) *dayRig {
	t.Helper()
	st := DayState{Settings: DefaultSettings(), Services: DefaultServices(), Counters: DefaultCounters()}
	for _, e := range edit {
		e(&st)
	}
	d, err := NewDay(st, DayConfig{}, now)
	if err != nil {
		t.Fatal(err)
	}
	return &dayRig{t: t, d: d, now: now}
}

func (r *dayRig) newID() (uint64, string, error) {
	r.id++
	return r.id, fmt.Sprintf("tok%d", r.id), nil
}

// commit applies ch as a store does after its commit, and checks that the
// events follow the Day's seq.
func (r *dayRig) commit(ch Change) {
	r.t.Helper()
	for i, e := range ch.Events {
		if want := r.d.Seq() + uint64(i) + 1; e.Seq != want {
			r.t.Fatalf("event %d seq=%d, want %d", i, e.Seq, want)
		}
	}
	r.d.Apply(ch)
}

func (r *dayRig) issueErr(service string, priority bool) (Ticket, error) {
	r.t.Helper()
	ch, res, err := r.d.Issue(r.now, []IssueRequest{{ServiceID: service, Priority: priority}}, r.newID)
	if err != nil {
		r.t.Fatal(err)
	}
	r.commit(ch)
	return res[0].Ticket, res[0].Err
}

func (r *dayRig) issue(service string, priority bool) Ticket {
	r.t.Helper()
	t, err := r.issueErr(service, priority)
	if err != nil {
		r.t.Fatalf("issue %s: %v", service, err)
	}
	return t
}

func (r *dayRig) actErr(counter string, a Action, arg string) (Ticket, error) {
	r.t.Helper()
	t, ch, err := r.d.Act(r.now, counter, a, arg, "u1")
	if err != nil {
		if !ch.Empty() {
			r.t.Fatalf("%s refused with a change: %+v", a, ch)
		}
		return t, err
	}
	r.commit(ch)
	return t, nil
}

func (r *dayRig) act(counter string, a Action, arg string) Ticket {
	r.t.Helper()
	t, err := r.actErr(counter, a, arg)
	if err != nil {
		r.t.Fatalf("%s %s %s: %v", counter, a, arg, err)
	}
	return t
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func TestDayIssueNumbersPerService(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	var got []string
	for _, s := range []string{"tu-phap-ho-tich", "tu-phap-ho-tich", "dat-dai", "tu-phap-ho-tich"} {
		got = append(got, r.issue(s, false).Number)
	}
	if want := "A001 A002 C001 A003"; strings.Join(got, " ") != want {
		t.Fatalf("numbers=%v, want %s", got, want)
	}
	if n := r.d.Issued("tu-phap-ho-tich"); n != 3 {
		t.Fatalf("issued=%d, want 3", n)
	}
}

func TestDayIssueSession(t *testing.T) {
	tests := []struct {
		name     string
		now      time.Time
		session  string
		extended bool
		code     string
	}{
		{"Morning", march(2, 9, 0), "Sáng", false, ""},
		{"Afternoon", march(2, 14, 0), "Chiều", false, ""},
		{"ExtendedHour", march(2, 16, 45), "Giờ thứ 9", true, ""},
		// Sessions that touch form one opening: no stop at 16:20.
		{"ThroughTheJoin", march(2, 16, 25), "Chiều", false, ""},
		{"StopsBeforeTheEnd", march(2, 17, 21), "", false, ECLOSED},
		{"Lunch", march(2, 12, 0), "", false, ECLOSED},
		{"Saturday", march(7, 9, 0), "", false, ECLOSED},
		// After the campaign, the afternoon stops at 16:20.
		{"AfterCampaign", time.Date(2026, 4, 6, 16, 25, 0, 0, hcm), "", false, ECLOSED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tt.now)
			tk, err := r.issueErr("dat-dai", false)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if r.id != 0 {
					t.Fatalf("a refused ticket took an id")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tk.Session != tt.session || tk.Extended != tt.extended {
				t.Fatalf("session=%q extended=%v, want %q %v", tk.Session, tk.Extended, tt.session, tt.extended)
			}
		})
	}
}

func TestDayIssueAlwaysOpen(t *testing.T) {
	d, err := NewDay(DayState{Settings: DefaultSettings(), Services: DefaultServices(), Counters: DefaultCounters()},
		DayConfig{AlwaysOpen: true}, march(7, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	ch, res, _ := d.Issue(march(7, 3, 0), []IssueRequest{{ServiceID: "dat-dai"}}, func() (uint64, string, error) { return 1, "t", nil })
	if res[0].Err != nil || res[0].Ticket.Session != SessionOutside || len(ch.Tickets) != 1 {
		t.Fatalf("always open at 03:00 Saturday: %+v", res[0])
	}
}

func TestDayIssueCapAndRefusals(t *testing.T) {
	r := newRig(t, march(2, 9, 0), func(st *DayState) {
		for i := range st.Services {
			if st.Services[i].ID == "chung-thuc" {
				st.Services[i].DailyCap = 2
			}
			if st.Services[i].ID == "xay-dung" {
				st.Services[i].Active = false
			}
		}
	})
	// One batch: the cap counts the batch's own tickets, and refused
	// requests take no number and no id.
	reqs := []IssueRequest{{ServiceID: "chung-thuc"}, {ServiceID: "nope"}, {ServiceID: "chung-thuc"},
		{ServiceID: "chung-thuc"}, {ServiceID: "xay-dung"}, {ServiceID: "dat-dai", PriorityKind: PriorityElderly}}
	ch, res, err := r.d.Issue(r.now, reqs, r.newID)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, res[1].Err, ENOTFOUND)
	wantCode(t, res[3].Err, ECAPREACHED)
	wantCode(t, res[4].Err, ENOTFOUND)
	if res[0].Ticket.Number != "B001" || res[2].Ticket.Number != "B002" || res[5].Ticket.Number != "C001" {
		t.Fatalf("numbers %s %s %s", res[0].Ticket.Number, res[2].Ticket.Number, res[5].Ticket.Number)
	}
	if res[5].Ticket.PriorityKind != "" {
		t.Fatalf("a kind without priority was kept: %q", res[5].Ticket.PriorityKind)
	}
	if r.id != 3 || len(ch.Tickets) != 3 || len(ch.Events) != 3 || ch.FirstOfDay != 1 {
		t.Fatalf("ids=%d tickets=%d events=%d first=%d, want 3 3 3 1", r.id, len(ch.Tickets), len(ch.Events), ch.FirstOfDay)
	}
	if ch.Issued["chung-thuc"] != 2 || ch.Issued["dat-dai"] != 1 {
		t.Fatalf("issued=%v", ch.Issued)
	}
	if r.d.Issued("chung-thuc") != 0 {
		t.Fatal("Issue changed the Day before Apply")
	}
	r.commit(ch)
	if _, err := r.issueErr("chung-thuc", false); ErrorCode(err) != ECAPREACHED {
		t.Fatalf("after the cap: %v", err)
	}
	for _, ss := range r.d.ServiceStatuses(r.now) {
		if ss.ID == "chung-thuc" && (ss.Open || ss.Reason != ECAPREACHED) {
			t.Fatalf("status of a full service: %+v", ss)
		}
	}
}

func TestDayIssueStorageErrorFailsBatch(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	boom := errors.New("disk")
	n := 0
	ch, res, err := r.d.Issue(r.now, []IssueRequest{{ServiceID: "dat-dai"}, {ServiceID: "dat-dai"}},
		func() (uint64, string, error) {
			if n++; n == 2 {
				return 0, "", boom
			}
			return uint64(n), "t", nil
		})
	if !errors.Is(err, boom) || res != nil || !ch.Empty() {
		t.Fatalf("err=%v res=%v change=%+v", err, res, ch)
	}
}

func TestDayNextPriorityStreak(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	for _, p := range []bool{false, false, true, true, true, true, true} {
		r.issue("dat-dai", p)
		r.now = r.now.Add(time.Minute)
	}
	// Counter 2 serves dat-dai: three priority, then a normal one while
	// normal ones wait, then priority again.
	var got []string
	for range 7 {
		tk := r.act("quay-2", ActionNext, "")
		got = append(got, tk.Number)
		r.act("quay-2", ActionDone, "")
	}
	if want := "C003 C004 C005 C001 C006 C007 C002"; strings.Join(got, " ") != want {
		t.Fatalf("order=%v, want %s", got, want)
	}
}

func TestDayAheadIsPickOrder(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	var tickets []Ticket
	for _, p := range []bool{false, true, true, true, true, false} {
		tickets = append(tickets, r.issue("dat-dai", p))
		r.now = r.now.Add(time.Minute)
	}
	b := r.d.Board(r.now)
	var order []string
	for _, q := range b.Queues {
		if q.ServiceID == "dat-dai" {
			order = q.Waiting
		}
	}
	for _, tk := range tickets {
		ahead := r.d.TicketInfo(tk).Ahead
		if order[ahead] != tk.Number {
			t.Fatalf("%s: ahead=%d but the board shows it at %d (%v)", tk.Number, ahead, indexOf(order, tk.Number), order)
		}
	}
	var called []string
	for range tickets {
		called = append(called, r.act("quay-2", ActionNext, "").Number)
		r.act("quay-2", ActionDone, "")
	}
	if strings.Join(called, " ") != strings.Join(order, " ") {
		t.Fatalf("called %v, board said %v", called, order)
	}
}

// snapshot is everything the Day shows, as JSON, to compare before and
// after.
func snapshot(r *dayRig) string {
	r.t.Helper()
	det, _ := r.d.CounterDetail(r.now, "quay-2")
	b, err := json.Marshal([]any{r.d.Board(r.now), r.d.Seq(), r.d.Info(r.now), r.d.ServiceStatuses(r.now), det, r.d.Settings()})
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestDayNextTieGoesToPreferredService(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	// Same issue time: counter 3 prefers bao-tro-xa-hoi (F) over
	// chung-thuc (B).
	r.issue("chung-thuc", false)
	r.issue("bao-tro-xa-hoi", false)
	if got := r.act("quay-3", ActionNext, "").Number; got != "F001" {
		t.Fatalf("next=%s, want F001", got)
	}
	// Earlier issue wins over preference.
	r2 := newRig(t, march(2, 9, 0))
	r2.issue("chung-thuc", false)
	r2.now = r2.now.Add(time.Second)
	r2.issue("bao-tro-xa-hoi", false)
	if got := r2.act("quay-3", ActionNext, "").Number; got != "B001" {
		t.Fatalf("next=%s, want B001", got)
	}
}

func TestDayNextRefusals(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	_, err := r.actErr("quay-2", ActionNext, "")
	wantCode(t, err, ENOTFOUND)
	_, err = r.actErr("quay-9", ActionNext, "")
	wantCode(t, err, ENOTFOUND)
	r.issue("dat-dai", false)
	r.issue("dat-dai", false)
	r.act("2", ActionNext, "") // by number
	_, err = r.actErr("quay-2", ActionNext, "")
	wantCode(t, err, ECONFLICT)
	_, err = r.actErr("quay-1", ActionDone, "")
	wantCode(t, err, EINVALIDTRANSITION)
	_, err = r.actErr("quay-2", Action("dance"), "")
	wantCode(t, err, EINVALID)
}

func TestDayTransitions(t *testing.T) {
	// Each action from the state of the counter's ticket; the ticket's
	// status after, or the error code.
	tests := []struct {
		name   string
		setup  []Action
		action Action
		arg    string
		status Status
		code   string
	}{
		{"Recall", nil, ActionRecall, "", StatusCalled, ""},
		{"Start", nil, ActionStart, "", StatusServing, ""},
		{"DoneFromCalled", nil, ActionDone, "", StatusDone, ""},
		{"DoneFromServing", []Action{ActionStart}, ActionDone, "", StatusDone, ""},
		{"NoShow", nil, ActionNoShow, "", StatusNoShow, ""},
		{"NoShowWhileServing", []Action{ActionStart}, ActionNoShow, "", "", EINVALIDTRANSITION},
		{"RecallWhileServing", []Action{ActionStart}, ActionRecall, "", "", EINVALIDTRANSITION},
		{"StartTwice", []Action{ActionStart}, ActionStart, "", "", EINVALIDTRANSITION},
		{"Transfer", nil, ActionTransfer, "tra-ket-qua", StatusWaiting, ""},
		{"TransferWhileServing", []Action{ActionStart}, ActionTransfer, "tra-ket-qua", StatusWaiting, ""},
		{"TransferToSame", nil, ActionTransfer, "dat-dai", "", EINVALID},
		{"TransferToNothing", nil, ActionTransfer, "", "", EINVALID},
		{"TransferToUnknown", nil, ActionTransfer, "nope", "", EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, march(2, 9, 0))
			r.issue("dat-dai", false)
			r.act("quay-2", ActionNext, "")
			for _, a := range tt.setup {
				r.act("quay-2", a, "")
			}
			before := snapshot(r)
			tk, err := r.actErr("quay-2", tt.action, tt.arg)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if after := snapshot(r); after != before {
					t.Fatalf("a refused action changed the day")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tk.Status != tt.status {
				t.Fatalf("status=%s, want %s", tk.Status, tt.status)
			}
			c := r.d.Counter("quay-2")
			if busy := tt.status.AtCounter(); (c.Current != 0) != busy {
				t.Fatalf("counter current=%d with ticket %s", c.Current, tk.Status)
			}
			if tt.action == ActionRecall && tk.Recalls != 1 {
				t.Fatalf("recalls=%d", tk.Recalls)
			}
		})
	}
}

func TestDayTransferKeepsPlace(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	r.issue("dat-dai", false) // C001, 09:00
	r.now = r.now.Add(time.Minute)
	r.issue("tra-ket-qua", false) // H001, 09:01
	r.now = r.now.Add(time.Minute)
	r.act("quay-2", ActionNext, "") // C001
	r.issue("tra-ket-qua", false)   // H002, 09:02
	tk := r.act("quay-2", ActionTransfer, "tra-ket-qua")
	if tk.Number != "C001" || tk.ServiceID != "tra-ket-qua" || tk.Transfers != 1 {
		t.Fatalf("transferred %+v", tk)
	}
	// C001 was issued first: it is first in Trả kết quả.
	if a := r.d.TicketInfo(tk).Ahead; a != 0 {
		t.Fatalf("ahead=%d, want 0", a)
	}
	if got := r.act("quay-1", ActionNext, "").Number; got != "C001" {
		t.Fatalf("next=%s, want C001", got)
	}
}

func TestDayCallByNumber(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	r.issue("dat-dai", false) // C001
	r.issue("dat-dai", false) // C002
	r.issue("dat-dai", false) // C003
	// A waiting ticket, out of order, typed loosely.
	if got := r.act("quay-2", ActionCall, "c2").Number; got != "C002" {
		t.Fatalf("call c2 → %s", got)
	}
	r.act("quay-2", ActionNoShow, "")
	// A no-show of today comes back.
	tk := r.act("quay-2", ActionCall, "C002")
	if tk.Status != StatusCalled {
		t.Fatalf("no-show called back: %s", tk.Status)
	}
	r.act("quay-2", ActionDone, "")
	_, err := r.actErr("quay-2", ActionCall, "C002") // done
	wantCode(t, err, EINVALIDTRANSITION)
	_, err = r.actErr("quay-2", ActionCall, "C099")
	wantCode(t, err, ENOTFOUND)
	_, err = r.actErr("quay-2", ActionCall, "??")
	wantCode(t, err, EINVALID)
	det, err := r.d.CounterDetail(r.now, "quay-2")
	if err != nil {
		t.Fatal(err)
	}
	if det.Today.Served != 1 || det.Today.NoShow != 0 {
		t.Fatalf("a no-show served later counts once, as served: %+v", det.Today)
	}
}

func TestDayRatingWindows(t *testing.T) {
	good := Feedback{Rating: 4}
	setup := func(t *testing.T) (*dayRig, Ticket) {
		r := newRig(t, march(2, 9, 0))
		r.issue("dat-dai", false)
		r.act("quay-2", ActionNext, "")
		r.now = r.now.Add(4 * time.Minute)
		return r, r.act("quay-2", ActionDone, "")
	}
	t.Run("CounterWithinWindow", func(t *testing.T) {
		r, tk := setup(t)
		r.now = r.now.Add(CounterRatingWindow)
		got, ch, err := r.d.RateAtCounter(r.now, "quay-2", tk.Number, good)
		if err != nil || got.Feedback == nil || got.Feedback.Via != FeedbackCounter {
			t.Fatalf("err=%v feedback=%+v", err, got.Feedback)
		}
		r.commit(ch)
		_, _, err = r.d.RateAtCounter(r.now, "quay-2", "", good)
		wantCode(t, err, ECONFLICT) // once only
		_, _, err = r.d.RateTicket(r.now, got, good)
		wantCode(t, err, ECONFLICT) // whichever path
	})
	t.Run("CounterAfterWindow", func(t *testing.T) {
		r, _ := setup(t)
		r.now = r.now.Add(CounterRatingWindow + time.Second)
		_, _, err := r.d.RateAtCounter(r.now, "quay-2", "", good)
		wantCode(t, err, ECONFLICT)
		if det, _ := r.d.CounterDetail(r.now, "quay-2"); det.LastDoneTicket != nil {
			t.Fatal("the tablet still offers a ticket past its window")
		}
	})
	t.Run("CounterOtherNumber", func(t *testing.T) {
		r, _ := setup(t)
		_, _, err := r.d.RateAtCounter(r.now, "quay-2", "C009", good)
		wantCode(t, err, ECONFLICT)
	})
	t.Run("CounterNothingDone", func(t *testing.T) {
		r, _ := setup(t)
		_, _, err := r.d.RateAtCounter(r.now, "quay-1", "", good)
		wantCode(t, err, ECONFLICT)
	})
	t.Run("PhoneWithin24h", func(t *testing.T) {
		r, tk := setup(t)
		got, _, err := r.d.RateTicket(r.now.Add(PhoneRatingWindow), tk, good)
		if err != nil || got.Feedback.Via != FeedbackPhone {
			t.Fatalf("err=%v", err)
		}
	})
	t.Run("PhoneAfter24h", func(t *testing.T) {
		r, tk := setup(t)
		_, _, err := r.d.RateTicket(r.now.Add(PhoneRatingWindow+time.Second), tk, good)
		wantCode(t, err, ECONFLICT)
	})
	t.Run("PhoneNotDone", func(t *testing.T) {
		r, _ := setup(t)
		tk := r.issue("dat-dai", false)
		_, _, err := r.d.RateTicket(r.now, tk, good)
		wantCode(t, err, ECONFLICT)
	})
	t.Run("BadFeedback", func(t *testing.T) {
		r, tk := setup(t)
		_, _, err := r.d.RateTicket(r.now, tk, Feedback{Rating: 7})
		wantCode(t, err, EINVALID)
	})
}

func TestDayEnd(t *testing.T) {
	r := newRig(t, march(2, 16, 50))
	r.issue("dat-dai", false)           // C001 waits
	r.issue("dat-dai", false)           // C002 will be called
	r.act("quay-2", ActionCall, "C002") // at the counter
	if _, ok := r.d.EndDay(march(2, 23, 59)); ok {
		t.Fatal("the day ended before midnight")
	}
	if r.d.Stale(march(2, 23, 59)) || !r.d.Stale(march(3, 0, 0)) {
		t.Fatal("Stale around midnight")
	}
	ch, ok := r.d.EndDay(march(3, 0, 1))
	if !ok || ch.NewDate != "2026-03-03" || len(ch.Tickets) != 2 {
		t.Fatalf("end of day: ok=%v date=%q tickets=%d", ok, ch.NewDate, len(ch.Tickets))
	}
	for _, tk := range ch.Tickets {
		if tk.Status != StatusExpired {
			t.Fatalf("%s is %s, want expired", tk.Number, tk.Status)
		}
	}
	r.commit(ch)
	for _, c := range r.d.Counters() {
		if c.Open || c.Current != 0 {
			t.Fatalf("counter %s open=%v current=%d after the day", c.ID, c.Open, c.Current)
		}
	}
	r.now = march(3, 8, 0)
	if got := r.issue("dat-dai", false).Number; got != "C001" {
		t.Fatalf("first number of the next day=%s, want C001", got)
	}
	for _, q := range r.d.Board(r.now).Queues {
		if q.ServiceID == "dat-dai" && q.Count != 1 {
			t.Fatalf("yesterday's tickets still wait: %+v", q)
		}
	}
}

func TestDayCommandsDoNotChangeTheDay(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	r.issue("dat-dai", false)
	before := snapshot(r)
	r.d.Issue(r.now, []IssueRequest{{ServiceID: "dat-dai"}}, r.newID)
	r.d.Act(r.now, "quay-2", ActionNext, "", "u1")
	r.d.SetOpen(r.now, "quay-1", "u1", true)
	r.d.UpdateSettings(r.now, SettingsPatch{Notice: new(string)})
	r.d.EndDay(march(3, 1, 0))
	if after := snapshot(r); after != before {
		t.Fatalf("commands changed the Day without Apply:\n%s\n%s", before, after)
	}
}

func TestDayCounterDetail(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	for range 3 {
		r.issue("dat-dai", false)
	}
	r.act("quay-2", ActionNext, "") // C001
	r.now = r.now.Add(6 * time.Minute)
	r.act("quay-2", ActionDone, "")
	r.act("quay-2", ActionNext, "") // C002
	r.act("quay-2", ActionNoShow, "")
	r.act("quay-2", ActionNext, "") // C003
	det, err := r.d.CounterDetail(r.now, "quay-2")
	if err != nil {
		t.Fatal(err)
	}
	if det.CurrentTicket == nil || det.CurrentTicket.Number != "C003" {
		t.Fatalf("current=%+v", det.CurrentTicket)
	}
	if len(det.NoShows) != 1 || det.NoShows[0].Number != "C002" {
		t.Fatalf("no-shows=%+v", det.NoShows)
	}
	if det.Today.Served != 1 || det.Today.NoShow != 1 || det.Today.MeanServiceMins != 6 {
		t.Fatalf("today=%+v", det.Today)
	}
	if det.LastDoneTicket == nil || det.LastDoneTicket.Number != "C001" {
		t.Fatalf("last done=%+v", det.LastDoneTicket)
	}
}

func TestDayETAFromRecentServiceTimes(t *testing.T) {
	r := newRig(t, march(2, 9, 0))
	for range 3 {
		r.issue("dat-dai", false)
	}
	r.d.Apply(mustOpen(t, r, "quay-2"))
	r.act("quay-2", ActionNext, "")
	r.now = r.now.Add(10 * time.Minute)
	r.act("quay-2", ActionDone, "")
	// Two waiting, one open counter, mean 10 minutes: a ticket taken now
	// waits 20.
	for _, ss := range r.d.ServiceStatuses(r.now) {
		if ss.ID == "dat-dai" && (ss.Waiting != 2 || ss.ETAMinutes != 20 || ss.CountersOpen != 1) {
			t.Fatalf("status=%+v", ss)
		}
	}
}

func mustOpen(t *testing.T, r *dayRig, id string) Change {
	t.Helper()
	_, ch, err := r.d.SetOpen(r.now, id, "u1", true)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}
