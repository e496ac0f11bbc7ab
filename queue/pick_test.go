package queue

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// lines builds waiting lines from specs "A1" (normal) or "A1*" (priority),
// issued one minute apart in the order given; the prefix letter names the
// service.
func lines(specs ...string) map[string]*Line {
	out := map[string]*Line{}
	for i, s := range specs {
		prio := s[len(s)-1] == '*'
		if prio {
			s = s[:len(s)-1]
		}
		svc := s[:1]
		if out[svc] == nil {
			out[svc] = &Line{}
		}
		out[svc].Add(Waiting{ID: uint64(i + 1), Number: s, ServiceID: svc, Priority: prio, IssuedAt: t0.Add(time.Duration(i) * time.Minute)})
	}
	return out
}

func numbers(ws []Waiting) string {
	s := ""
	for _, w := range ws {
		s += w.Number + " "
	}
	return s
}

func TestPick(t *testing.T) {
	tests := []struct {
		name     string
		services []string
		streak   int
		waiting  []string
		want     string
	}{
		{"Nothing", []string{"A"}, 0, nil, ""},
		{"OtherServiceOnly", []string{"A"}, 0, []string{"B1"}, ""},
		{"EarliestFirst", []string{"A", "B"}, 0, []string{"B1", "A1", "B2"}, "B1"},
		{"PriorityFirst", []string{"A"}, 0, []string{"A1", "A2", "A3*"}, "A3"},
		{"PriorityAcrossServices", []string{"A", "B"}, 0, []string{"A1", "B1*"}, "B1"},
		{"StreakOfThreeGivesNormal", []string{"A"}, 3, []string{"A1", "A2*"}, "A1"},
		{"StreakOfThreeNoNormal", []string{"A"}, 3, []string{"A1*"}, "A1"},
		{"StreakOfTwo", []string{"A"}, 2, []string{"A1", "A2*"}, "A2"},
		{"StreakCountsOnlyServedServices", []string{"A"}, 3, []string{"B1", "A1*"}, "A1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Counter{Services: tt.services, Streak: tt.streak}
			w, ok := Pick(c, lines(tt.waiting...))
			if got := map[bool]string{true: w.Number}[ok]; got != tt.want {
				t.Fatalf("Pick=%q, want %q", got, tt.want)
			}
		})
	}
}

// TestPickTieGoesToPreferredService: tickets issued at the same instant go
// to the counter's preferred service.
func TestPickTieGoesToPreferredService(t *testing.T) {
	l := map[string]*Line{"A": {}, "C": {}}
	l["A"].Add(Waiting{ID: 1, Number: "A001", ServiceID: "A", IssuedAt: t0})
	l["C"].Add(Waiting{ID: 2, Number: "C001", ServiceID: "C", IssuedAt: t0})
	for _, tt := range []struct {
		pref []string
		want string
	}{{[]string{"C", "A"}, "C001"}, {[]string{"A", "C"}, "A001"}} {
		w, _ := Pick(&Counter{Services: tt.pref}, l)
		if w.Number != tt.want {
			t.Errorf("preference %v: Pick=%s, want %s", tt.pref, w.Number, tt.want)
		}
	}
}

// TestPriorityLimit: a counter facing many priority tickets calls at most
// three in a row while normal tickets wait.
func TestPriorityLimit(t *testing.T) {
	l := lines("A1", "A2", "A3*", "A4*", "A5*", "A6*", "A7*", "A8*", "A9*")
	c := &Counter{Services: []string{"A"}}
	got := numbers(CounterOrder(c, l, -1))
	if want := "A3 A4 A5 A1 A6 A7 A8 A2 A9 "; got != want {
		t.Fatalf("order=%q, want %q", got, want)
	}
	// Order of one line is the same rule, so the board shows what the
	// counter will do.
	if got2 := numbers(l["A"].Order(-1)); got2 != got {
		t.Fatalf("line order=%q, counter order=%q", got2, got)
	}
}

// TestAheadMatchesOrder: for every ticket, Ahead is its index in the pick
// order, for many mixes of priority and normal tickets.
func TestAheadMatchesOrder(t *testing.T) {
	for mask := 0; mask < 1<<9; mask++ {
		var specs []string
		for i := 0; i < 9; i++ {
			s := fmt.Sprintf("A%d", i+1)
			if mask&(1<<i) != 0 {
				s += "*"
			}
			specs = append(specs, s)
		}
		l := lines(specs...)["A"]
		for i, w := range l.Order(-1) {
			if got := l.Ahead(w); got != i {
				t.Fatalf("mask %b: Ahead(%s)=%d, want %d (order %s)", mask, w.Number, got, i, numbers(l.Order(-1)))
			}
		}
	}
}

func TestLineAddRemoveKeepsIssueOrder(t *testing.T) {
	l := &Line{}
	for i := 5; i >= 1; i-- { // added in reverse, as transfers might
		l.Add(Waiting{ID: uint64(i), Number: fmt.Sprint("A", i), ServiceID: "A", IssuedAt: t0.Add(time.Duration(i) * time.Minute)})
	}
	if got, want := numbers(l.Order(-1)), "A1 A2 A3 A4 A5 "; got != want {
		t.Fatalf("order=%q, want %q", got, want)
	}
	if !l.Remove(Waiting{ID: 3, ServiceID: "A", IssuedAt: t0.Add(3 * time.Minute)}) {
		t.Fatal("Remove(A3) found nothing")
	}
	if l.Remove(Waiting{ID: 3, ServiceID: "A", IssuedAt: t0.Add(3 * time.Minute)}) {
		t.Fatal("Remove(A3) twice")
	}
	if got, want := numbers(l.Order(-1)), "A1 A2 A4 A5 "; got != want {
		t.Fatalf("order=%q, want %q", got, want)
	}
	if got := l.Ahead(Waiting{ID: 9, IssuedAt: t0}); got != -1 {
		t.Fatalf("Ahead(absent)=%d, want -1", got)
	}
}

func TestETAMinutes(t *testing.T) {
	tests := []struct {
		ahead int
		mean  time.Duration
		open  int
		want  int
	}{
		{0, 5 * time.Minute, 1, 0},
		{1, 5 * time.Minute, 1, 5},
		{3, 5 * time.Minute, 1, 15},
		{3, 5 * time.Minute, 2, 8},  // 7.5 rounds up
		{4, 5 * time.Minute, 0, 20}, // no counter open counts one
		{2, 0, 1, 10},               // no history: the default 5 minutes
		{1, 90 * time.Second, 1, 2},
	}
	for _, tt := range tests {
		if got := ETAMinutes(tt.ahead, tt.mean, tt.open); got != tt.want {
			t.Errorf("ETAMinutes(%d, %v, %d)=%d, want %d", tt.ahead, tt.mean, tt.open, got, tt.want)
		}
	}
	if got := MeanServiceTime(nil); got != DefaultServiceTime {
		t.Errorf("MeanServiceTime(nil)=%v", got)
	}
	if got := MeanServiceTime([]time.Duration{2 * time.Minute, 4 * time.Minute}); got != 3*time.Minute {
		t.Errorf("MeanServiceTime=%v, want 3m", got)
	}
}
