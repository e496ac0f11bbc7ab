package queue

import (
	"sort"
	"time"
)

// MaxPriorityStreak is how many priority tickets a counter calls in a row
// while normal tickets wait; the next call then takes a normal one, so no
// one starves.
const MaxPriorityStreak = 3

// Waiting is what the pick rule needs to know of a waiting ticket.
type Waiting struct {
	ID        uint64
	Number    string
	ServiceID string
	Priority  bool
	IssuedAt  time.Time
}

// before orders two waiting tickets of the same class: earliest issued
// first, then issue sequence.
func (w *Waiting) before(o *Waiting) bool {
	if !w.IssuedAt.Equal(o.IssuedAt) {
		return w.IssuedAt.Before(o.IssuedAt)
	}
	return w.ID < o.ID
}

// Line is the waiting list of one service, kept as two lists sorted by
// issue: priority tickets and normal ones. The pick order of the service is
// their interleaving under MaxPriorityStreak.
type Line struct {
	Priority []Waiting
	Normal   []Waiting
}

func (l *Line) list(priority bool) *[]Waiting {
	if priority {
		return &l.Priority
	}
	return &l.Normal
}

// Len is the number of tickets waiting in l.
func (l *Line) Len() int { return len(l.Priority) + len(l.Normal) }

// Add puts w in its place. A new ticket goes last, at no cost; a transferred
// one goes back to the place its issue time gives it.
func (l *Line) Add(w Waiting) {
	p := l.list(w.Priority)
	i := sort.Search(len(*p), func(i int) bool { return w.before(&(*p)[i]) })
	*p = append(*p, Waiting{})
	copy((*p)[i+1:], (*p)[i:])
	(*p)[i] = w
}

// index returns the position of w in its list, or -1.
func (l *Line) index(w Waiting) int {
	p := *l.list(w.Priority)
	i := sort.Search(len(p), func(i int) bool { return !p[i].before(&w) })
	if i < len(p) && p[i].ID == w.ID {
		return i
	}
	return -1
}

// Remove takes w out of l; it reports whether w was there.
func (l *Line) Remove(w Waiting) bool {
	i := l.index(w)
	if i < 0 {
		return false
	}
	p := l.list(w.Priority)
	if i == 0 {
		*p = (*p)[1:] // the usual case, a call from the head: no copy
	} else {
		*p = append((*p)[:i:i], (*p)[i+1:]...)
	}
	return true
}

// Ahead returns how many tickets of l will be called before w, by the pick
// rule applied to this service alone: priority tickets first, but after
// every MaxPriorityStreak of them one normal ticket. It is -1 when w is not
// in l.
func (l *Line) Ahead(w Waiting) int {
	i := l.index(w)
	if i < 0 {
		return -1
	}
	if w.Priority {
		return i + min(i/MaxPriorityStreak, len(l.Normal))
	}
	return i + min(len(l.Priority), MaxPriorityStreak*(i+1))
}

// Order returns the first n tickets of l in pick order (all when n < 0).
func (l *Line) Order(n int) []Waiting {
	if n < 0 || n > l.Len() {
		n = l.Len()
	}
	out := make([]Waiting, 0, n)
	p, q, streak := 0, 0, 0
	for len(out) < n {
		takePriority := p < len(l.Priority) && (streak < MaxPriorityStreak || q >= len(l.Normal))
		if takePriority {
			out = append(out, l.Priority[p])
			p++
			streak++
		} else {
			out = append(out, l.Normal[q])
			q++
			streak = 0
		}
	}
	return out
}

// Pick chooses the ticket counter c calls next from the lines of the
// services it serves: priority first unless c has just called
// MaxPriorityStreak of them while normal tickets wait, then the earliest
// issued, ties to the service c prefers. ok is false when nothing waits.
func Pick(c *Counter, lines map[string]*Line) (w Waiting, ok bool) {
	var bestP, bestN *Waiting
	var rankP, rankN int
	for rank, id := range c.Services {
		l := lines[id]
		if l == nil {
			continue
		}
		if len(l.Priority) > 0 && better(&l.Priority[0], rank, bestP, rankP) {
			bestP, rankP = &l.Priority[0], rank
		}
		if len(l.Normal) > 0 && better(&l.Normal[0], rank, bestN, rankN) {
			bestN, rankN = &l.Normal[0], rank
		}
	}
	switch {
	case bestP != nil && (bestN == nil || c.Streak < MaxPriorityStreak):
		return *bestP, true
	case bestN != nil:
		return *bestN, true
	}
	return Waiting{}, false
}

// better reports whether w, of the service at rank in the counter's
// preference, should be called before best.
func better(w *Waiting, rank int, best *Waiting, bestRank int) bool {
	if best == nil {
		return true
	}
	if !w.IssuedAt.Equal(best.IssuedAt) {
		return w.IssuedAt.Before(best.IssuedAt)
	}
	if rank != bestRank {
		return rank < bestRank
	}
	return w.ID < best.ID
}

// CounterOrder returns the first n tickets counter c would call, in order,
// if nothing else happened: the waiting list the console shows.
func CounterOrder(c *Counter, lines map[string]*Line, n int) []Waiting {
	// Work on shallow copies of the heads so the real lines stay intact.
	cp := make(map[string]*Line, len(c.Services))
	for _, id := range c.Services {
		if l := lines[id]; l != nil {
			cp[id] = &Line{Priority: l.Priority, Normal: l.Normal}
		}
	}
	sim := *c
	var out []Waiting
	for n < 0 || len(out) < n {
		w, ok := Pick(&sim, cp)
		if !ok {
			break
		}
		out = append(out, w)
		l := cp[w.ServiceID]
		if w.Priority {
			l.Priority = l.Priority[1:]
			sim.Streak++
		} else {
			l.Normal = l.Normal[1:]
			sim.Streak = 0
		}
	}
	return out
}

// ETAMinutes estimates the wait of a ticket with ahead people before it:
// ahead × the recent mean service time ÷ the open counters serving it, in
// whole minutes rounded up. With no counter open it counts one.
func ETAMinutes(ahead int, mean time.Duration, openCounters int) int {
	if ahead <= 0 {
		return 0
	}
	if mean <= 0 {
		mean = DefaultServiceTime
	}
	openCounters = max(openCounters, 1)
	total := time.Duration(ahead) * mean / time.Duration(openCounters)
	return int((total + time.Minute - 1) / time.Minute)
}

// DefaultServiceTime is the assumed service time of a service with no
// finished tickets yet.
const DefaultServiceTime = 5 * time.Minute

// RecentServiceTimes is how many finished tickets the mean service time of
// a service looks back over.
const RecentServiceTimes = 20

// MeanServiceTime is the mean of recent service times, DefaultServiceTime
// when there are none.
func MeanServiceTime(recent []time.Duration) time.Duration {
	if len(recent) == 0 {
		return DefaultServiceTime
	}
	var sum time.Duration
	for _, d := range recent {
		sum += d
	}
	return sum / time.Duration(len(recent))
}
