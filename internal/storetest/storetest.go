// Package storetest is the one conformance suite of queue.Store: every
// behaviour the handlers rely on, with a clock the suite moves and
// restarts included. Every store implementation runs it from its own
// tests:
//
//	storetest.Run(t, storetest.Harness{New: ..., Open: ...})
//
// The suite knows nothing of files or databases: a Harness names new,
// empty storage with a string and opens a store on it, as often as the
// suite restarts it.
package storetest

import (
	"context"
	"testing"
	"time"

	"xephang/internal/testutil"
	"xephang/queue"
)

// Store is a queue.Store the suite can close, as a process does when it
// stops.
type Store interface {
	queue.Store
	Close() error
}

// Config is how the suite wants a store opened: what the process, not the
// data, decides.
type Config struct {
	Now        func() time.Time
	AlwaysOpen bool // --schedule always
	Zone       string
}

// Harness makes and opens the stores of one implementation.
type Harness struct {
	// New returns a reference to new, empty storage: a file path, a
	// database schema. The harness removes it when t ends.
	New func(t *testing.T) string
	// Open opens the store on ref. Opening the same ref again, after the
	// last store on it was closed, is a restart.
	Open func(t *testing.T, ref string, cfg Config) (Store, error)
}

// Run runs the whole suite against h, each test on new storage.
func Run(t *testing.T, h Harness) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, h) })
	}
}

var tests = []struct {
	name string
	fn   func(t *testing.T, h Harness)
}{
	{"SeedDefaults", testSeedDefaults},
	{"IssueNumbering", testIssueNumbering},
	{"IssueExtendedSession", testIssueExtendedSession},
	{"IssueSurvivesRestart", testIssueSurvivesRestart},
	{"IssueConcurrent", testIssueConcurrent},
	{"IssueCountsSurviveRestart", testIssueCountsSurviveRestart},
	{"DailyCapUnderConcurrency", testDailyCapUnderConcurrency},
	{"IssueRefused", testIssueRefused},
	{"AlwaysOpen", testAlwaysOpen},
	{"CounterFlow", testCounterFlow},
	{"CounterOpenClose", testCounterOpenClose},
	{"TransferKeepsPlace", testTransferKeepsPlace},
	{"TwoCountersNeverSameTicket", testTwoCountersNeverSameTicket},
	{"DayEndExpires", testDayEndExpires},
	{"DayEndAcrossRestart", testDayEndAcrossRestart},
	{"Ratings", testRatings},
	{"RatingAtCounterAfterRestart", testRatingAtCounterAfterRestart},
	{"EventsAfterCommitInOrder", testEventsAfterCommitInOrder},
	{"BoardSurvivesRestart", testBoardSurvivesRestart},
	{"ForEachTicketRange", testForEachTicketRange},
	{"UnknownTokenNotFound", testUnknownTokenNotFound},
	{"AdminServices", testAdminServices},
	{"AdminCounters", testAdminCounters},
	{"AdminSettings", testAdminSettings},
	{"UsersAndSessions", testUsersAndSessions},
}

var ctx = context.Background()

// fixture is one store under test, its storage and its clock.
type fixture struct {
	t     *testing.T
	h     Harness
	ref   string
	cfg   Config
	clock *testutil.Clock
	s     Store
}

// start opens a store on new storage at now, closed when t ends.
func start(t *testing.T, h Harness, now time.Time, cfg Config) *fixture {
	t.Helper()
	f := &fixture{t: t, h: h, ref: h.New(t), cfg: cfg, clock: testutil.NewClock(now)}
	f.cfg.Now = f.clock.Now
	f.open()
	t.Cleanup(func() {
		if f.s != nil {
			if err := f.s.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
		}
	})
	return f
}

// morning starts a store at 09:00 on a Monday of the campaign.
func morning(t *testing.T, h Harness) *fixture {
	t.Helper()
	return start(t, h, testutil.CampaignMorning, Config{})
}

func (f *fixture) open() {
	f.t.Helper()
	s, err := f.h.Open(f.t, f.ref, f.cfg)
	if err != nil {
		f.t.Fatalf("open store: %v", err)
	}
	f.s = s
}

// restart closes the store and opens its storage again, as a restart of
// the process does, and returns the new store.
func (f *fixture) restart() Store {
	f.t.Helper()
	s := f.s
	f.s = nil
	if err := s.Close(); err != nil {
		f.t.Fatalf("close: %v", err)
	}
	f.open()
	return f.s
}

func issue(t *testing.T, s queue.Store, service string, priority bool) queue.TicketInfo {
	t.Helper()
	ti, err := s.Issue(ctx, queue.IssueRequest{ServiceID: service, Priority: priority})
	if err != nil {
		t.Fatalf("Issue(%s): %v", service, err)
	}
	return ti
}

func act(t *testing.T, s queue.Store, counter string, a queue.Action, arg string) queue.TicketInfo {
	t.Helper()
	ti, err := s.Act(ctx, counter, a, arg, "u1")
	if err != nil {
		t.Fatalf("Act(%s, %s): %v", counter, a, err)
	}
	return ti
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := queue.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
