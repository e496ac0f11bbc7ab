package queue

import "time"

// Event types: one per kind of committed change. The board turns every
// event into one message; calls and recalls also drive the voice.
const (
	EventIssue    = "issue"
	EventCall     = "call" // next, call by number, no-show brought back
	EventRecall   = "recall"
	EventStart    = "start"
	EventDone     = "done"
	EventNoShow   = "noshow"
	EventTransfer = "transfer"
	EventExpire   = "expire"   // the day ended; leftovers expired
	EventCounter  = "counter"  // a counter opened, closed or changed
	EventSettings = "settings" // center name, notice or schedule changed
	EventServices = "services" // a service was added, changed or removed
	EventFeedback = "feedback"
)

// Event is a change the store has committed. Seq grows by one per event and
// survives restarts, so clients can order and de-duplicate what they get.
type Event struct {
	Seq     uint64
	Type    string
	At      time.Time
	Ticket  *Ticket  // the ticket changed, if any
	Counter *Counter // the counter involved, if any
}

// IsCall reports whether e calls a citizen to a counter, which the board
// announces aloud.
func (e *Event) IsCall() bool {
	return (e.Type == EventCall || e.Type == EventRecall) && e.Ticket != nil && e.Counter != nil
}

// Call is one announcement on the board.
type Call struct {
	Number        string    `json:"number"`
	CounterNumber int       `json:"counter_number"`
	CounterName   string    `json:"counter_name"`
	ServiceID     string    `json:"service_id"`
	Recall        bool      `json:"recall"`
	At            time.Time `json:"at"`
}

// CallOf returns the announcement of a call event.
func CallOf(e *Event) Call {
	return Call{
		Number:        e.Ticket.Number,
		CounterNumber: e.Counter.Number,
		CounterName:   e.Counter.Name,
		ServiceID:     e.Ticket.ServiceID,
		Recall:        e.Type == EventRecall,
		At:            e.At,
	}
}

// SessionInfo describes a session at a moment: the one running, or the
// next.
type SessionInfo struct {
	Name     string `json:"name"`
	Extended bool   `json:"extended"`
	Start    string `json:"start"`
	End      string `json:"end"`
}

// InfoOf returns the SessionInfo of s, nil for nil.
func InfoOf(s *Session) *SessionInfo {
	if s == nil {
		return nil
	}
	return &SessionInfo{Name: s.Name, Extended: s.Extended, Start: s.Start, End: s.End}
}

// Board is the whole state the lobby TV shows. Every board message
// carries it, so a client that missed one loses nothing.
type Board struct {
	Center   string         `json:"center"`
	Now      time.Time      `json:"now"`
	Session  *SessionInfo   `json:"session"`
	Notice   string         `json:"notice"`
	Counters []BoardCounter `json:"counters"`
	Recent   []Call         `json:"recent"` // the last calls, newest first
	Queues   []BoardQueue   `json:"queues"`
}

// BoardCounter is one row of the board: a counter and whom it serves now.
type BoardCounter struct {
	ID          string   `json:"id"`
	Number      int      `json:"number"`
	Name        string   `json:"name"`
	Current     string   `json:"current"` // the ticket number called or served, "" for none
	Status      string   `json:"status"`  // closed, open, called or serving
	ServiceID   string   `json:"service_id,omitempty"`
	ServiceName string   `json:"service_name,omitempty"`
	Services    []string `json:"services"` // names of the services it serves
}

// Counter statuses on the board.
const (
	CounterClosed  = "closed"
	CounterOpen    = "open"
	CounterCalled  = "called"
	CounterServing = "serving"
)

// BoardQueue is the waiting list of one service, in pick order. Waiting
// holds at most BoardQueueLen numbers; Count is the whole length.
type BoardQueue struct {
	ServiceID  string   `json:"service_id"`
	Name       string   `json:"name"`
	Prefix     string   `json:"prefix"`
	Waiting    []string `json:"waiting"`
	Count      int      `json:"count"`
	ETAMinutes int      `json:"eta_minutes"` // for a ticket taken now
	// CountersOpen is how many open counters serve the service now.
	CountersOpen int `json:"counters_open"`
}

// BoardQueueLen bounds the numbers listed per service on the board.
const BoardQueueLen = 30

// BoardRecent is how many past calls the board keeps.
const BoardRecent = 10
