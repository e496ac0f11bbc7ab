// Package bolt is the bbolt-backed store of xephang. The file is the truth:
// every change is one bbolt transaction, and a ticket is on disk before the
// kiosk hears of it. Beside it the store keeps the committed state of the
// day in memory (waiting lines, counters, services, settings), updated only
// after a commit, so that reads and the pick rule never scan the file.
package bolt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bbolt "go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"

	"xephang/queue"
)

// Buckets. Ticket keys are big-endian ids from NextSequence.
var (
	bucketMeta     = []byte("meta")     // schema_version
	bucketServices = []byte("services") // id → JSON queue.Service
	bucketCounters = []byte("counters") // id → JSON counterRecord
	bucketUsers    = []byte("users")    // id → JSON userRecord
	bucketSettings = []byte("settings") // "center" → JSON queue.Settings
	bucketTickets  = []byte("tickets")  // id → ticket record (codec.go)
	bucketDays     = []byte("days")     // "YYYY-MM-DD/service" → tickets issued; "YYYY-MM-DD" → first ticket id
	bucketTokens   = []byte("tokens")   // schema 1 only: token → ticket id; a token now starts with its id
	bucketEvents   = []byte("events")   // "seq" → last published event seq; "recent" → last calls
	bucketActive   = []byte("active")   // ticket id → nothing: tickets not yet done or expired
	bucketStats    = []byte("stats")    // service id → recent service times
	bucketSessions = []byte("sessions") // sha256(session id) → JSON queue.AuthSession
	bucketAudit    = []byte("audit")    // seq → JSON queue.AuditEntry

	keySchema   = []byte("schema_version")
	keySettings = []byte("center")
	keySeq      = []byte("seq")
	keyRecent   = []byte("recent")
	keyDay      = []byte("day") // the day the state is of: set when a day ends
)

// migrations is append-only: each runs once, in its own transaction, and
// the schema version is its count. Never edit or reorder one.
var migrations = []func(tx *bbolt.Tx) error{
	// 1: the buckets of the first layout.
	func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bucketServices, bucketCounters, bucketUsers, bucketSettings,
			bucketTickets, bucketDays, bucketTokens, bucketEvents, bucketActive, bucketStats,
			bucketSessions, bucketAudit} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 2: tokens are found through the ticket id they start with; the
	// token index goes.
	func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bucketTokens); err != nil && !errors.Is(err, bberrors.ErrBucketNotFound) {
			return err
		}
		return nil
	},
}

// SchemaVersion is the layout version this binary writes.
var SchemaVersion = len(migrations)

// Options configure Open.
type Options struct {
	// Now is the clock; tests move it. Defaults to time.Now.
	Now func() time.Time
	// Zone overrides the zone stored in the settings, when set.
	Zone string
	// AlwaysOpen makes the kiosk issue at all hours (--schedule always),
	// whatever the stored schedule says.
	AlwaysOpen bool
	// Timeout is how long Open waits for the file lock. Default 1 s.
	Timeout time.Duration
	// NoSync turns off fsync until Close, which syncs once: for benchmarks
	// that measure without durability and for filling a file in bulk
	// (demo-data); never in the service.
	NoSync bool
}

// Store is the bbolt store. Its methods are safe for concurrent use.
type Store struct {
	db   *bbolt.DB
	now  func() time.Time
	opts Options

	// mu serializes writers around a bbolt Update and the memory update
	// and publish that follow its commit, so state and events follow
	// commit order.
	mu sync.Mutex
	// rw guards day for readers; writers hold it only to apply a commit.
	rw  sync.RWMutex
	day *queue.Day

	subsMu sync.Mutex
	subs   []func([]queue.Event)

	issues  chan *issueReq
	written writerCounters
	quit    chan struct{}
	writerW sync.WaitGroup
	closeMu sync.Once
}

var _ queue.Store = (*Store)(nil)

// Open opens or creates the database at path, migrates it, seeds the
// defaults on first run and loads the day's state. A file held by another
// process fails after the timeout with a clear message; a file written by a
// newer binary is refused.
func Open(path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: opts.Timeout, FreelistType: bbolt.FreelistMapType})
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("database %s is in use by another process (is xephang already running?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.NoSync = opts.NoSync
	s := &Store{db: db, now: opts.Now, opts: opts, issues: make(chan *issueReq, 1024), quit: make(chan struct{})}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.seed(); err != nil {
		db.Close()
		return nil, fmt.Errorf("seed defaults: %w", err)
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("load state: %w", err)
	}
	s.writerW.Add(1)
	go s.issueWriter()
	return s, nil
}

// Close stops the ticket writer and closes the file. Safe to call twice.
func (s *Store) Close() error {
	var err error
	s.closeMu.Do(func() {
		close(s.quit)
		s.writerW.Wait()
		if s.db.NoSync {
			// What NoSync left in the page cache (demo-data, a bench's
			// history) is on the disk when Close returns.
			err = s.db.Sync()
		}
		if cerr := s.db.Close(); err == nil {
			err = cerr
		}
	})
	return err
}

// Path is the file of the database.
func (s *Store) Path() string { return s.db.Path() }

func (s *Store) migrate() error {
	var version int
	err := s.db.View(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			if v := b.Get(keySchema); v != nil {
				return json.Unmarshal(v, &version)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > SchemaVersion {
		return fmt.Errorf("database %s has schema version %d, newer than this binary's %d: run a newer xephang or restore a backup",
			s.db.Path(), version, SchemaVersion)
	}
	for v := version; v < SchemaVersion; v++ {
		err := s.db.Update(func(tx *bbolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := migrations[v](tx); err != nil {
				return err
			}
			b, _ := json.Marshal(v + 1)
			return meta.Put(keySchema, b)
		})
		if err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	return nil
}

// seed writes the Luận Thành defaults into a new database: settings,
// services and counters. It never touches a database that has settings.
func (s *Store) seed() error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketSettings).Get(keySettings) != nil {
			return nil
		}
		st := queue.DefaultSettings()
		if s.opts.Zone != "" {
			st.Zone = s.opts.Zone
		}
		if err := putJSON(tx.Bucket(bucketSettings), keySettings, st); err != nil {
			return err
		}
		for _, sv := range queue.DefaultServices() {
			if err := putJSON(tx.Bucket(bucketServices), []byte(sv.ID), sv); err != nil {
				return err
			}
		}
		for _, c := range queue.DefaultCounters() {
			if err := putJSON(tx.Bucket(bucketCounters), []byte(c.ID), toCounterRecord(c)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Subscribe implements queue.Store.
func (s *Store) Subscribe(fn func([]queue.Event)) {
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	s.subs = append(s.subs, fn)
}

func (s *Store) publish(events []queue.Event) {
	if len(events) == 0 {
		return
	}
	s.subsMu.Lock()
	subs := s.subs
	s.subsMu.Unlock()
	for _, fn := range subs {
		fn(events)
	}
}

// Clock implements queue.Store.
func (s *Store) Clock() time.Time {
	return s.now().In(s.Location())
}

// Location implements queue.Store.
func (s *Store) Location() *time.Location {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.day.Location()
}

func putJSON(b *bbolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// counterRecord is a counter as stored, with its working state.
type counterRecord struct {
	ID         string    `json:"id"`
	Number     int       `json:"number"`
	Name       string    `json:"name"`
	Services   []string  `json:"services"`
	Open       bool      `json:"open"`
	Current    uint64    `json:"current,omitempty"`
	OfficerID  string    `json:"officer_id,omitempty"`
	Streak     int       `json:"streak,omitempty"`
	LastDone   uint64    `json:"last_done,omitempty"`
	LastDoneAt time.Time `json:"last_done_at,omitzero"`
}

func toCounterRecord(c queue.Counter) counterRecord {
	return counterRecord{ID: c.ID, Number: c.Number, Name: c.Name, Services: c.Services, Open: c.Open,
		Current: c.Current, OfficerID: c.OfficerID, Streak: c.Streak, LastDone: c.LastDone, LastDoneAt: c.LastDoneAt}
}

func (r counterRecord) counter() queue.Counter {
	return queue.Counter{ID: r.ID, Number: r.Number, Name: r.Name, Services: r.Services, Open: r.Open,
		Current: r.Current, OfficerID: r.OfficerID, Streak: r.Streak, LastDone: r.LastDone, LastDoneAt: r.LastDoneAt}
}

// userRecord is a user as stored, with the password hash.
type userRecord struct {
	queue.User
	PasswordHash      []byte    `json:"password_hash"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
}

func (r userRecord) user() queue.User {
	u := r.User
	u.PasswordHash = r.PasswordHash
	u.PasswordChangedAt = r.PasswordChangedAt
	return u
}

// ctxErr returns the context's error, so that a request the client gave up
// on does not start a transaction.
func ctxErr(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}
