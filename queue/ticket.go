package queue

import (
	"fmt"
	"time"
)

// Status is where a ticket stands in its day.
type Status string

// The statuses of DESIGN.md.
const (
	StatusWaiting Status = "waiting"
	StatusCalled  Status = "called"
	StatusServing Status = "serving"
	StatusDone    Status = "done"
	StatusNoShow  Status = "no_show"
	StatusExpired Status = "expired"
)

// Active reports whether a ticket in this status still belongs to the
// day's queue: it can still be called, served or brought back.
func (s Status) Active() bool {
	return s == StatusWaiting || s == StatusCalled || s == StatusServing || s == StatusNoShow
}

// AtCounter reports whether a ticket in this status occupies a counter.
func (s Status) AtCounter() bool { return s == StatusCalled || s == StatusServing }

// Priority kinds a citizen may choose at the kiosk. Any of them makes the
// ticket a priority ticket. PriorityKinds lists them in the kiosk's order
// and PriorityWords has their words (words.go).
const (
	PriorityElderly  = "elderly"  // người cao tuổi
	PriorityDisabled = "disabled" // người khuyết tật
	PriorityPregnant = "pregnant" // phụ nữ mang thai
	PriorityMerit    = "merit"    // người có công
)

// Ticket is one citizen's place in the queue. Its Token is the only public
// handle; ID is the store's sequence and orders tickets by issue.
type Ticket struct {
	ID           uint64
	Token        string
	Number       string
	Day          string // local day of issue, YYYY-MM-DD
	ServiceID    string // the service it waits in now; a transfer changes it
	IssuedFor    string // the service it was issued for
	Priority     bool
	PriorityKind string
	Session      string
	Extended     bool // issued in an extended session ("Giờ thứ 9")
	Status       Status

	IssuedAt      time.Time
	FirstCalledAt time.Time
	CalledAt      time.Time // the latest call
	StartedAt     time.Time
	DoneAt        time.Time
	NoShowAt      time.Time
	TransferredAt time.Time
	ExpiredAt     time.Time

	CounterID     string // the counter of the latest call
	CounterNumber int
	OfficerID     string // the officer of the latest call
	Recalls       int
	Transfers     int

	Feedback *Feedback
}

// Action is something an officer (or the day's end) does to a ticket.
type Action string

// The actions of the status table.
const (
	ActionNext     Action = "next"
	ActionCall     Action = "call" // call by number
	ActionRecall   Action = "recall"
	ActionStart    Action = "start"
	ActionDone     Action = "done"
	ActionNoShow   Action = "noshow"
	ActionTransfer Action = "transfer"
	ActionExpire   Action = "expire"
)

// allowed is the status table of DESIGN.md: for each action, the statuses
// it may start from. Anything else is EINVALIDTRANSITION.
var allowed = map[Action][]Status{
	ActionNext:     {StatusWaiting},
	ActionCall:     {StatusWaiting, StatusNoShow},
	ActionRecall:   {StatusCalled},
	ActionStart:    {StatusCalled},
	ActionDone:     {StatusCalled, StatusServing},
	ActionNoShow:   {StatusCalled},
	ActionTransfer: {StatusCalled, StatusServing},
	ActionExpire:   {StatusWaiting, StatusCalled, StatusServing, StatusNoShow},
}

// Can returns nil when action a is allowed on t, and an EINVALIDTRANSITION
// error that names both otherwise.
func (t *Ticket) Can(a Action) error {
	for _, s := range allowed[a] {
		if t.Status == s {
			return nil
		}
	}
	n := StatusWords[t.Status]
	return &Error{
		Code:    EINVALIDTRANSITION,
		Message: fmt.Sprintf("Không thể thực hiện %q với số %s: số này %s.", string(a), t.Number, n.VI),
		English: fmt.Sprintf("Cannot %q ticket %s: it is %s.", string(a), t.Number, n.EN),
	}
}

// Call moves t to called at counter c by officer. It serves next, call by
// number and the return of a no-show.
func (t *Ticket) Call(a Action, c *Counter, officer string, at time.Time) error {
	if err := t.Can(a); err != nil {
		return err
	}
	t.Status = StatusCalled
	t.CalledAt = at
	if t.FirstCalledAt.IsZero() {
		t.FirstCalledAt = at
	}
	t.StartedAt = time.Time{}
	t.CounterID, t.CounterNumber, t.OfficerID = c.ID, c.Number, officer
	return nil
}

// Recall calls t again at the same counter.
func (t *Ticket) Recall(at time.Time) error {
	if err := t.Can(ActionRecall); err != nil {
		return err
	}
	t.Recalls++
	t.CalledAt = at
	return nil
}

// Start marks that the citizen came and service began.
func (t *Ticket) Start(at time.Time) error {
	if err := t.Can(ActionStart); err != nil {
		return err
	}
	t.Status, t.StartedAt = StatusServing, at
	return nil
}

// Done finishes t.
func (t *Ticket) Done(at time.Time) error {
	if err := t.Can(ActionDone); err != nil {
		return err
	}
	t.Status, t.DoneAt = StatusDone, at
	return nil
}

// NoShow marks that the citizen did not come to the counter.
func (t *Ticket) NoShow(at time.Time) error {
	if err := t.Can(ActionNoShow); err != nil {
		return err
	}
	t.Status, t.NoShowAt = StatusNoShow, at
	return nil
}

// Transfer sends t back to the waiting list of service to. It keeps its
// number and its issue time, and so its place.
func (t *Ticket) Transfer(to string, at time.Time) error {
	if err := t.Can(ActionTransfer); err != nil {
		return err
	}
	t.Status, t.ServiceID, t.TransferredAt = StatusWaiting, to, at
	t.Transfers++
	t.CounterID, t.CounterNumber, t.OfficerID = "", 0, ""
	t.StartedAt = time.Time{}
	return nil
}

// Expire closes a ticket left over at the end of its day.
func (t *Ticket) Expire(at time.Time) error {
	if err := t.Can(ActionExpire); err != nil {
		return err
	}
	t.Status, t.ExpiredAt = StatusExpired, at
	return nil
}

// WaitTime is the time from issue to the first call, 0 if never called.
func (t *Ticket) WaitTime() time.Duration {
	if t.FirstCalledAt.IsZero() {
		return 0
	}
	return t.FirstCalledAt.Sub(t.IssuedAt)
}

// ServiceTime is the time from the latest call to done, 0 if not done.
func (t *Ticket) ServiceTime() time.Duration {
	if t.Status != StatusDone || t.CalledAt.IsZero() {
		return 0
	}
	return t.DoneAt.Sub(t.CalledAt)
}
