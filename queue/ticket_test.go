package queue

import (
	"testing"
	"time"
)

// TestTransitions checks the whole status table: every action from every
// status is either the transition of DESIGN.md or invalid_transition with
// the ticket unchanged.
func TestTransitions(t *testing.T) {
	all := []Status{StatusWaiting, StatusCalled, StatusServing, StatusDone, StatusNoShow, StatusExpired}
	want := map[Action]map[Status]Status{
		ActionNext:     {StatusWaiting: StatusCalled},
		ActionCall:     {StatusWaiting: StatusCalled, StatusNoShow: StatusCalled},
		ActionRecall:   {StatusCalled: StatusCalled},
		ActionStart:    {StatusCalled: StatusServing},
		ActionDone:     {StatusCalled: StatusDone, StatusServing: StatusDone},
		ActionNoShow:   {StatusCalled: StatusNoShow},
		ActionTransfer: {StatusCalled: StatusWaiting, StatusServing: StatusWaiting},
		ActionExpire:   {StatusWaiting: StatusExpired, StatusCalled: StatusExpired, StatusServing: StatusExpired, StatusNoShow: StatusExpired},
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &Counter{ID: "quay-1", Number: 1, Name: "Quầy 1"}
	apply := func(tk *Ticket, a Action) error {
		switch a {
		case ActionNext, ActionCall:
			return tk.Call(a, c, "u1", at)
		case ActionRecall:
			return tk.Recall(at)
		case ActionStart:
			return tk.Start(at)
		case ActionDone:
			return tk.Done(at)
		case ActionNoShow:
			return tk.NoShow(at)
		case ActionTransfer:
			return tk.Transfer("dat-dai", at)
		case ActionExpire:
			return tk.Expire(at)
		}
		panic(a)
	}
	for a, to := range want {
		for _, from := range all {
			tk := Ticket{Number: "A001", ServiceID: "tu-phap-ho-tich", Status: from}
			before := tk
			err := apply(&tk, a)
			if next, ok := to[from]; ok {
				if err != nil || tk.Status != next {
					t.Errorf("%s from %s: status %s err %v, want %s", a, from, tk.Status, err, next)
				}
				continue
			}
			if ErrorCode(err) != EINVALIDTRANSITION {
				t.Errorf("%s from %s: err %v, want %s", a, from, err, EINVALIDTRANSITION)
			}
			if tk != before {
				t.Errorf("%s from %s: ticket changed on a refused transition", a, from)
			}
		}
	}
}

func TestTicketCallKeepsFirstCall(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &Counter{ID: "quay-2", Number: 2}
	tk := Ticket{Status: StatusWaiting, IssuedAt: t0}
	if err := tk.Call(ActionNext, c, "u1", t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := tk.NoShow(t0.Add(6 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := tk.Call(ActionCall, c, "u2", t0.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := tk.Done(t0.Add(30 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, want := tk.WaitTime(), 5*time.Minute; got != want {
		t.Errorf("WaitTime=%v, want %v (issue to first call)", got, want)
	}
	if got, want := tk.ServiceTime(), 10*time.Minute; got != want {
		t.Errorf("ServiceTime=%v, want %v (last call to done)", got, want)
	}
	if tk.OfficerID != "u2" || tk.CounterNumber != 2 {
		t.Errorf("officer/counter = %s/%d, want u2/2", tk.OfficerID, tk.CounterNumber)
	}
}

func TestTransferKeepsNumberAndIssueTime(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tk := Ticket{Number: "A007", ServiceID: "tu-phap-ho-tich", Status: StatusWaiting, IssuedAt: t0}
	tk.Call(ActionNext, &Counter{ID: "quay-1", Number: 1}, "u1", t0.Add(time.Minute))
	if err := tk.Transfer("dat-dai", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if tk.Number != "A007" || !tk.IssuedAt.Equal(t0) || tk.ServiceID != "dat-dai" || tk.Status != StatusWaiting {
		t.Fatalf("after transfer: %+v", tk)
	}
	if tk.CounterID != "" || tk.Transfers != 1 {
		t.Fatalf("counter %q transfers %d, want none and 1", tk.CounterID, tk.Transfers)
	}
}

func TestFeedbackNormalize(t *testing.T) {
	tests := []struct {
		name    string
		f       Feedback
		field   string
		reasons []string
	}{
		{"OK4", Feedback{Rating: 4}, "", []string{}},
		{"OK1WithReasons", Feedback{Rating: 1, Reasons: []string{"thai_do", "Thời gian chờ", "other", "khac"}}, "", []string{ReasonAttitude, ReasonWait, ReasonOther}},
		{"OK3WithComment", Feedback{Rating: 3, Comment: "  Cán bộ nhiệt tình  "}, "", []string{}},
		{"Zero", Feedback{Rating: 0}, "rating", nil},
		{"Five", Feedback{Rating: 5}, "rating", nil},
		{"Negative", Feedback{Rating: -1}, "rating", nil},
		{"ReasonsAt4", Feedback{Rating: 4, Reasons: []string{"thai_do"}}, "reasons", nil},
		{"UnknownReason", Feedback{Rating: 2, Reasons: []string{"giá"}}, "reasons", nil},
		{"LongComment", Feedback{Rating: 2, Comment: string(make([]rune, 501))}, "comment", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Normalize()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Normalize: %v", err)
				}
				if len(tt.f.Reasons) != len(tt.reasons) {
					t.Fatalf("reasons=%v, want %v", tt.f.Reasons, tt.reasons)
				}
				for i := range tt.reasons {
					if tt.f.Reasons[i] != tt.reasons[i] {
						t.Fatalf("reasons=%v, want %v", tt.f.Reasons, tt.reasons)
					}
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field {
				t.Fatalf("err=%v field=%q, want invalid on %q", err, ErrorField(err), tt.field)
			}
		})
	}
}
