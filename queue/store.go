package queue

import (
	"context"
	"io"
	"time"
)

// Store is everything the handlers need from storage. bolt.Store
// implements it; every state change is one transaction, and events are
// published only after it commits.
type Store interface {
	TicketStore
	CounterStore
	UserStore
	AdminStore

	// Subscribe registers fn to receive the events of every committed
	// change, in Seq order. fn runs on the writer's goroutine: it must not
	// block.
	Subscribe(fn func([]Event))
	// Clock returns the store's current time in the center's zone.
	Clock() time.Time
	// Location is the center's zone.
	Location() *time.Location
	// Sweep ends the day when midnight has passed: tickets left in the
	// queue expire. The service calls it on a ticker.
	Sweep(ctx context.Context) error
}

// WriterStats is what a store's ticket writer has done since the store
// opened: the figures of its group commit, for /metrics and `make bench`.
// A store that has them implements WriterStats() WriterStats.
type WriterStats struct {
	Commits  uint64 // transactions of issue requests
	Requests uint64 // issue requests they carried, refused ones too
	// Busy is the time the writer spent in them, from taking a batch up
	// to answering it: the transaction, its commit with the fsyncs, and
	// the memory update after it.
	Busy time.Duration
	// Write and Pages are the disk side of every transaction, not only the
	// writer's: the time spent writing pages and syncing the file, and the
	// pages written.
	Write time.Duration
	Pages uint64
}

// TicketStore is the public side: the kiosk, the board and the phone.
type TicketStore interface {
	Settings(ctx context.Context) (Settings, error)
	// Services returns every service, active or not, in kiosk order.
	Services(ctx context.Context) ([]Service, error)
	// ServiceStatuses returns the active services in kiosk order with
	// their queue and whether the kiosk issues for them now.
	ServiceStatuses(ctx context.Context) ([]ServiceStatus, error)
	Info(ctx context.Context) (Info, error)
	// Issue takes a ticket. It returns once the ticket is on disk.
	Issue(ctx context.Context, req IssueRequest) (TicketInfo, error)
	TicketByToken(ctx context.Context, token string) (TicketInfo, error)
	// RateTicket stores the phone rating of a done ticket.
	RateTicket(ctx context.Context, token string, f Feedback) (TicketInfo, error)
	// Board returns the board and the Seq of the last event it reflects.
	Board(ctx context.Context) (Board, uint64, error)
}

// CounterStore is the officers' side.
type CounterStore interface {
	Counters(ctx context.Context) ([]Counter, error)
	// CounterDetail finds a counter by id, or by its number written as
	// text, with its current ticket, waiting list and today's counts.
	CounterDetail(ctx context.Context, id string) (CounterDetail, error)
	OpenCounter(ctx context.Context, id, officer string) (Counter, error)
	CloseCounter(ctx context.Context, id, officer string) (Counter, error)
	// Act applies action a at counter id for officer. arg is the number
	// for ActionCall and the service id for ActionTransfer.
	Act(ctx context.Context, id string, a Action, arg, officer string) (TicketInfo, error)
	// RateAtCounter stores the tablet's rating of the counter's last done
	// ticket, within CounterRatingWindow of done. A number, when given,
	// must be that ticket's: the one the tablet showed.
	RateAtCounter(ctx context.Context, id, number string, f Feedback) (TicketInfo, error)
}

// UserStore keeps users and their sign-in sessions.
type UserStore interface {
	Users(ctx context.Context) ([]User, error)
	User(ctx context.Context, id string) (User, error)
	UserByUsername(ctx context.Context, username string) (User, error)
	CreateSession(ctx context.Context, s AuthSession) error
	Session(ctx context.Context, idHash string) (AuthSession, error)
	DeleteSession(ctx context.Context, idHash string) error
}

// AdminStore holds the admin changes. Each one is validated, recorded in
// the audit trail with its actor, and saved in one transaction, or not at
// all.
type AdminStore interface {
	CreateService(ctx context.Context, by Actor, s Service) (Service, error)
	UpdateService(ctx context.Context, by Actor, id string, p ServicePatch) (Service, error)
	// DeactivateService hides a service from the kiosk; its waiting
	// tickets can still be served.
	DeactivateService(ctx context.Context, by Actor, id string) (Service, error)

	CreateCounter(ctx context.Context, by Actor, c Counter) (Counter, error)
	UpdateCounter(ctx context.Context, by Actor, id string, p CounterPatch) (Counter, error)
	DeleteCounter(ctx context.Context, by Actor, id string) error

	// CreateUser and UpdateUser take a bcrypt hash, never a password.
	CreateUser(ctx context.Context, by Actor, u User) (User, error)
	// UpdateUser ends the user's sessions when the password changes or
	// the user is deactivated.
	UpdateUser(ctx context.Context, by Actor, id string, p UserPatch, hash []byte) (User, error)

	UpdateSettings(ctx context.Context, by Actor, p SettingsPatch) (Settings, error)
	Audit(ctx context.Context, limit int) ([]AuditEntry, error)
	// RecordAudit records an admin action that changes nothing else, such
	// as downloading a backup (a copy of every password hash), so the
	// trail says who took one.
	RecordAudit(ctx context.Context, by Actor, action, target string, detail any) error

	// Backup writes a consistent copy of the database to w while the
	// service runs.
	Backup(ctx context.Context, w io.Writer) (int64, error)
	// ForEachTicket calls fn for every ticket issued on the local days
	// from to to (YYYY-MM-DD, both included), in issue order.
	ForEachTicket(ctx context.Context, from, to string, fn func(*Ticket) error) error
}

// IssueRequest is what the kiosk asks for.
type IssueRequest struct {
	ServiceID    string
	Priority     bool
	PriorityKind string
}

// TicketInfo is a ticket with what the store knows around it: where it
// stands in its line and the names of its service and counter.
type TicketInfo struct {
	Ticket
	Ahead      int
	ETAMinutes int
	// CountersOpen is how many open counters serve the ticket's service
	// now. With none open, ETAMinutes counts one and is only a guess.
	CountersOpen int
	ServiceName  string
	CounterName  string
}

// ServiceStatus is a service as the kiosk shows it.
type ServiceStatus struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix"`
	Open       bool   `json:"open"` // the kiosk issues for it now
	Waiting    int    `json:"waiting"`
	ETAMinutes int    `json:"eta_minutes"`
	// CountersOpen is how many open counters serve it now; with none,
	// ETAMinutes counts one and the pages say no counter is open yet.
	CountersOpen int `json:"counters_open"`
	// Reason says why a service is not open: ECLOSED or ECAPREACHED.
	Reason string `json:"reason,omitempty"`
}

// Info is the state of the center at a moment.
type Info struct {
	Center       string       `json:"center"`
	Address      string       `json:"address"`
	Now          time.Time    `json:"now"`
	Session      *SessionInfo `json:"session"`
	Issuing      bool         `json:"issuing"`                 // the kiosk issues tickets now
	IssuingUntil *time.Time   `json:"issuing_until,omitempty"` // when it stops, if issuing
	OpenUntil    *time.Time   `json:"open_until,omitempty"`    // end of the current opening
	NextOpening  *time.Time   `json:"next_opening"`
	Today        []Session    `json:"today"` // the sessions that run today
	Zone         string       `json:"zone"`

	// What the public page shows of the settings, beside the hours. They
	// are the public settings, never the admin-only ones.
	Phone       string `json:"phone"`
	Notice      string `json:"notice"`
	PortalURL   string `json:"portal_url"`
	OnlineGuide string `json:"online_guide"`
	MapURL      string `json:"map_url"`
	// Schedule is every session of the week, today's or not, so a page
	// can show the regular hours and the extended session's campaign
	// dates on any day.
	Schedule []Session `json:"schedule"`
	// Holiday is true when today is one of the schedule's holidays.
	Holiday bool `json:"holiday"`
	// StopMinutes is how long before the end of an opening the kiosk
	// stops issuing.
	StopMinutes int `json:"stop_minutes"`
}

// CounterDetail is what the console shows of one counter.
type CounterDetail struct {
	Counter
	CurrentTicket *TicketInfo  // the ticket called or served, nil for none
	Waiting       []TicketInfo // the next tickets, in the order it would call them
	WaitingCount  int
	NoShows       []TicketInfo // today's no-shows it may call back
	Today         CounterDay
	// LastDoneTicket is the ticket last finished here while the
	// counter's tablet may still rate it (CounterRatingWindow), nil
	// otherwise.
	LastDoneTicket *TicketInfo
}

// CounterDay counts a counter's work today.
type CounterDay struct {
	Served          int     `json:"served"`
	NoShow          int     `json:"no_show"`
	MeanServiceMins float64 `json:"mean_service_minutes"`
}

// ServicePatch carries the fields of a service update; nil fields are
// kept.
type ServicePatch struct {
	Name        *string `json:"name,omitempty"`
	Prefix      *string `json:"prefix,omitempty"`
	FirstNumber *int    `json:"first_number,omitempty"`
	Digits      *int    `json:"digits,omitempty"`
	DailyCap    *int    `json:"daily_cap,omitempty"`
	Active      *bool   `json:"active,omitempty"`
	Order       *int    `json:"order,omitempty"`
}

// Apply returns s with the patch applied.
func (p *ServicePatch) Apply(s Service) Service {
	if p.Name != nil {
		s.Name = *p.Name
	}
	if p.Prefix != nil {
		s.Prefix = *p.Prefix
	}
	if p.FirstNumber != nil {
		s.FirstNumber = *p.FirstNumber
	}
	if p.Digits != nil {
		s.Digits = *p.Digits
	}
	if p.DailyCap != nil {
		s.DailyCap = *p.DailyCap
	}
	if p.Active != nil {
		s.Active = *p.Active
	}
	if p.Order != nil {
		s.Order = *p.Order
	}
	return s
}

// CounterPatch carries the fields of a counter update; nil fields are kept.
type CounterPatch struct {
	Number   *int      `json:"number,omitempty"`
	Name     *string   `json:"name,omitempty"`
	Services *[]string `json:"services,omitempty"`
}

// Apply returns c with the patch applied.
func (p *CounterPatch) Apply(c Counter) Counter {
	if p.Number != nil {
		c.Number = *p.Number
	}
	if p.Name != nil {
		c.Name = *p.Name
	}
	if p.Services != nil {
		c.Services = append([]string(nil), *p.Services...)
	}
	return c
}
