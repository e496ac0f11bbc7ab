package web

import (
	"time"

	"xephang/queue"
)

// Ticket is the JSON of a ticket in the API; its field names are the
// contract of DESIGN.md. Times are RFC 3339 in the center's zone.
type Ticket struct {
	Token        string          `json:"token"`
	Number       string          `json:"number"`
	ServiceID    string          `json:"service_id"`
	ServiceName  string          `json:"service_name"`
	Status       queue.Status    `json:"status"`
	Priority     bool            `json:"priority"`
	PriorityKind string          `json:"priority_kind,omitempty"`
	Session      string          `json:"session"`
	Extended     bool            `json:"extended"`
	IssuedAt     string          `json:"issued_at"`
	Ahead        int             `json:"ahead"`
	ETAMinutes   int             `json:"eta_minutes"`
	CountersOpen int             `json:"counters_open"`     // open counters serving its service now
	Counter      int             `json:"counter,omitempty"` // the counter number, once called
	CounterName  string          `json:"counter_name,omitempty"`
	CalledAt     string          `json:"called_at,omitempty"`
	DoneAt       string          `json:"done_at,omitempty"`
	Recalls      int             `json:"recalls"`
	Feedback     *queue.Feedback `json:"feedback,omitempty"`
	PDFURL       string          `json:"pdf_url"`
	TrackURL     string          `json:"track_url"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// NewTicket renders ti; baseURL prefixes the tracking link that the QR
// code carries.
func NewTicket(ti queue.TicketInfo, baseURL string) Ticket {
	t := Ticket{
		Token: ti.Token, Number: ti.Number, ServiceID: ti.ServiceID, ServiceName: ti.ServiceName,
		Status: ti.Status, Priority: ti.Priority, PriorityKind: ti.PriorityKind,
		Session: ti.Session, Extended: ti.Extended, IssuedAt: rfc3339(ti.IssuedAt),
		Ahead: ti.Ahead, ETAMinutes: ti.ETAMinutes, CountersOpen: ti.CountersOpen,
		Counter: ti.CounterNumber, CounterName: ti.CounterName,
		CalledAt: rfc3339(ti.CalledAt), DoneAt: rfc3339(ti.DoneAt),
		Recalls: ti.Recalls, Feedback: ti.Feedback,
		PDFURL:   "/api/v1/tickets/" + ti.Token + "/pdf",
		TrackURL: baseURL + "/t/" + ti.Token,
	}
	if t.Feedback != nil {
		f := *t.Feedback
		if f.Reasons == nil {
			f.Reasons = []string{}
		}
		t.Feedback = &f
	}
	return t
}

// Counter is the JSON of a counter.
type Counter struct {
	ID       string   `json:"id"`
	Number   int      `json:"number"`
	Name     string   `json:"name"`
	Services []string `json:"services"`
	Open     bool     `json:"open"`
}

// NewCounter renders c.
func NewCounter(c queue.Counter) Counter {
	s := c.Services
	if s == nil {
		s = []string{}
	}
	return Counter{ID: c.ID, Number: c.Number, Name: c.Name, Services: s, Open: c.Open}
}

// FeedbackRequest is the body of both rating endpoints, the phone's and
// the counter tablet's.
type FeedbackRequest struct {
	Rating  int      `json:"rating"`
	Reasons []string `json:"reasons"`
	Comment string   `json:"comment"`
}

// Feedback returns the rating the request carries, not yet validated.
func (r FeedbackRequest) Feedback() queue.Feedback {
	return queue.Feedback{Rating: r.Rating, Reasons: r.Reasons, Comment: r.Comment}
}
