package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"xephang/queue"
)

// Source is what a report reads; queue.Store provides it.
type Source interface {
	Settings(ctx context.Context) (queue.Settings, error)
	Services(ctx context.Context) ([]queue.Service, error)
	Counters(ctx context.Context) ([]queue.Counter, error)
	Users(ctx context.Context) ([]queue.User, error)
	ForEachTicket(ctx context.Context, from, to string, fn func(*queue.Ticket) error) error
	Clock() time.Time
}

// The dimensions a ticket is counted in. Each has groups (its rows), and
// each group three cells: total, regular hours, extended session.
const (
	dimSummary = iota
	dimClass   // procedures or online guidance
	dimDay
	dimSession
	dimService
	dimCounter
	dimOfficer
	nDims
)

const (
	partTotal = iota
	partRegular
	partExtended
)

// Keys of the class dimension.
const (
	classProcedures = "procedures"
	classOnline     = "online"
)

// cell accumulates the figures of one set of tickets.
type cell struct {
	issued, served, noShow, transferred, transferredIn, expired, inProgress int
	ratings                                                                 Ratings
	wait, svc                                                               durAcc
}

type group struct {
	key   string
	ext   bool // a ticket of an extended session fell in it (sessions)
	parts [3]cell
}

type dim struct {
	index  map[string]int32
	groups []*group
}

func (d *dim) get(key string) int32 {
	if i, ok := d.index[key]; ok {
		return i
	}
	i := int32(len(d.groups))
	d.index[key] = i
	d.groups = append(d.groups, &group{key: key})
	return i
}

// rec is what the second pass needs of a ticket: its two durations and the
// group of its outcome in each dimension. Kept small (about 40 bytes), so
// 100,000 tickets hold a few megabytes.
type rec struct {
	wait, svc int32 // seconds; -1 for none
	g         [nDims]int32
	ext       bool
}

type builder struct {
	today    string
	dims     [nDims]dim
	recs     []rec
	reasons  [3]map[string]int
	comments []Comment // ring of the latest, oldest first
	names    map[string]string
	lastDay  string
	lastDayG int32
}

func newBuilder(today string, services []queue.Service) *builder {
	b := &builder{today: today, names: map[string]string{}}
	for d := range b.dims {
		b.dims[d].index = map[string]int32{}
	}
	for i := range b.reasons {
		b.reasons[i] = map[string]int{}
	}
	for _, sv := range services {
		b.names[sv.ID] = sv.Name
	}
	// Fixed rows exist even when empty.
	b.dims[dimSummary].get("")
	b.dims[dimClass].get(classProcedures)
	b.dims[dimClass].get(classOnline)
	return b
}

type outcome int

const (
	outServed outcome = iota
	outNoShow
	outExpired
	outInProgress
)

// outcomeOf classifies a ticket. A no-show left at the end of its day is
// expired by the store but is a no-show here, unless it was called back
// after it; a ticket of a past day still in the queue is expired (the day
// sweep has not run yet).
func outcomeOf(t *queue.Ticket, today string) outcome {
	switch t.Status {
	case queue.StatusDone:
		return outServed
	case queue.StatusNoShow:
		return outNoShow
	case queue.StatusExpired:
		if !t.NoShowAt.IsZero() && !t.NoShowAt.Before(t.CalledAt) {
			return outNoShow
		}
		return outExpired
	}
	if t.Day < today {
		return outExpired
	}
	return outInProgress
}

func seconds(d time.Duration) int32 {
	s := d / time.Second
	switch {
	case s < 0:
		return 0
	case s > math.MaxInt32:
		return math.MaxInt32
	}
	return int32(s)
}

func classOf(service string) string {
	if service == queue.ServiceOnline {
		return classOnline
	}
	return classProcedures
}

// add counts one ticket. The store reuses t between calls: nothing of it
// is kept but copied strings.
func (b *builder) add(t *queue.Ticket) error {
	part := partRegular
	if t.Extended {
		part = partExtended
	}
	issuedFor := t.IssuedFor
	if issuedFor == "" {
		issuedFor = t.ServiceID
	}
	if t.Day != b.lastDay || b.lastDay == "" {
		b.lastDay = strings.Clone(t.Day)
		b.lastDayG = b.dims[dimDay].get(b.lastDay)
	}
	var issuedG, outG [nDims]int32
	outG[dimSummary] = 0
	issuedG[dimClass] = b.dims[dimClass].get(classOf(issuedFor))
	outG[dimClass] = b.dims[dimClass].get(classOf(t.ServiceID))
	outG[dimDay] = b.lastDayG
	outG[dimSession] = b.dims[dimSession].get(t.Session)
	issuedG[dimService] = b.dims[dimService].get(issuedFor)
	outG[dimService] = b.dims[dimService].get(t.ServiceID)
	outG[dimCounter] = b.dims[dimCounter].get(t.CounterID)
	outG[dimOfficer] = b.dims[dimOfficer].get(t.OfficerID)
	for d := range nDims {
		if d != dimClass && d != dimService {
			issuedG[d] = outG[d]
		}
	}
	if t.Extended {
		b.dims[dimSession].groups[outG[dimSession]].ext = true
	}

	r := rec{wait: -1, svc: -1, g: outG, ext: t.Extended}
	if !t.FirstCalledAt.IsZero() {
		r.wait = seconds(t.WaitTime())
	}
	oc := outcomeOf(t, b.today)
	if oc == outServed && !t.CalledAt.IsZero() {
		r.svc = seconds(t.ServiceTime())
	}
	rating := 0
	if f := t.Feedback; oc == outServed && f != nil && f.Rating >= 1 && f.Rating <= 4 {
		rating = f.Rating
	}

	for d := range nDims {
		gi := b.dims[d].groups[issuedG[d]]
		gout := b.dims[d].groups[outG[d]]
		for _, p := range [2]int{partTotal, part} {
			c := &gi.parts[p]
			c.issued++
			if t.Transfers > 0 {
				c.transferred++
			}
			c = &gout.parts[p]
			if issuedG[d] != outG[d] {
				c.transferredIn++
			}
			switch oc {
			case outServed:
				c.served++
			case outNoShow:
				c.noShow++
			case outExpired:
				c.expired++
			case outInProgress:
				c.inProgress++
			}
			c.wait.add(r.wait)
			c.svc.add(r.svc)
			c.ratings[rating]++ // index 0 counts the unrated, unused
		}
	}
	b.recs = append(b.recs, r)

	if rating > 0 && rating <= queue.RatingNeutral {
		for _, code := range t.Feedback.Reasons {
			for _, p := range [2]int{partTotal, part} {
				b.reasons[p][code]++
			}
		}
		if text := strings.TrimSpace(t.Feedback.Comment); text != "" {
			c := Comment{Day: strings.Clone(t.Day), Number: strings.Clone(t.Number), Service: strings.Clone(t.ServiceID),
				Rating: rating, Reasons: slices.Clone(t.Feedback.Reasons), Text: strings.Clone(text), Extended: t.Extended}
			if len(b.comments) == MaxComments {
				b.comments = slices.Delete(b.comments, 0, 1)
			}
			b.comments = append(b.comments, c)
		}
	}
	return nil
}

// Compute builds the report of the local days from..to (YYYY-MM-DD, both
// included) from the tickets src holds.
func Compute(ctx context.Context, src Source, from, to string) (*Report, error) {
	settings, err := src.Settings(ctx)
	if err != nil {
		return nil, err
	}
	services, err := src.Services(ctx)
	if err != nil {
		return nil, err
	}
	counters, err := src.Counters(ctx)
	if err != nil {
		return nil, err
	}
	users, err := src.Users(ctx)
	if err != nil {
		return nil, err
	}
	now := src.Clock()
	b := newBuilder(queue.DateOf(now, now.Location()), services)
	if err := src.ForEachTicket(ctx, from, to, b.add); err != nil {
		return nil, fmt.Errorf("read tickets: %w", err)
	}
	b.quantiles()
	rep := &Report{
		Center: settings.CenterName, Address: settings.Address,
		From: from, To: to, GeneratedAt: now.Truncate(time.Second),
	}
	b.fill(rep, &settings, services, counters, users, now.Location())
	rep.Text = SummaryText(rep)
	return rep, nil
}
