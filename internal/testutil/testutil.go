// Package testutil holds the store-only test helpers: a clock the test
// moves, the center's zone and times in it, a store on a temp file checked
// with tx.Check when the test ends, and one Eventually. It imports neither
// the server nor a browser, so the store's tests link only the store; the
// real app over HTTP, Chromium and the real binary are in internal/e2e.
package testutil

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/bolt"
	"xephang/queue"
)

// Clock is a clock the test moves by hand. It never moves by itself.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Zone is the center's zone.
var Zone = mustZone(queue.DefaultZone)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// At returns a local time in the center's zone.
func At(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, Zone)
}

// CampaignMorning is a Monday of the "Giờ thứ 9" campaign at 09:00, inside
// the morning session: the default time of a test app.
var CampaignMorning = At(2026, 3, 2, 9, 0)

// OpenStore opens a store on a new file in t's temp dir, closed and checked
// for consistency (tx.Check) when the test ends.
func OpenStore(t testing.TB, clock *Clock, opts bolt.Options) *bolt.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "xephang.db")
	if clock != nil {
		opts.Now = clock.Now
	}
	s, err := bolt.Open(path, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { CloseAndCheck(t, s) })
	return s
}

// CloseAndCheck closes s and checks its file with tx.Check.
func CloseAndCheck(t testing.TB, s *bolt.Store) {
	t.Helper()
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Errorf("close store: %v", err)
		return
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Errorf("reopen for check: %v", err)
		return
	}
	defer db.Close()
	if err := db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("tx.Check: %v", err)
	}
}

// EventuallyTimeout is how long Eventually waits: a test timeout for a
// goroutine, a socket or a page to catch up, generous so that a loaded
// machine never fails a test that is right; it asserts nothing about speed.
const EventuallyTimeout = 20 * time.Second

// Eventually polls cond every few milliseconds until it holds, and fails
// the test, naming what, if it still does not after EventuallyTimeout. It
// waits for something another goroutine or process does; time that the
// test controls moves with the Clock instead.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(EventuallyTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", EventuallyTimeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
