package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/queue"
)

// Fill (demo-data) fills a fresh database with realistic days of the center, so a
// newcomer sees a full report at once. It drives the real store (kiosk
// issues, counter calls, no-shows, transfers, ratings) with a simulated
// clock, so the data obeys every rule of the service.
//
// Which days: weekdays (holidays of the schedule skipped) from the first
// day of the "Giờ thứ 9" campaign of the stored schedule (23/02/2026), so
// the admin page's default range shows them; when that would reach today,
// the days end yesterday instead. --from picks another first day.

// simClock is the demo's clock; the store reads it from its own
// goroutine, hence the lock.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Run is the demo-data command: it parses its flags and fills the
// database they name. admin creates the first admin account in a store
// that has none (the service's own rule, given by main).
func Run(ctx context.Context, args []string, admin AdminFunc, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xephang demo-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 21, "number of working days to fill (1–400)")
	data := fs.String("data", "data/demo.db", "database file to fill; it must hold no ticket yet")
	seed := fs.Uint64("seed", 1, "seed of the random data (the same seed gives the same days)")
	from := fs.String("from", "", "first day, YYYY-MM-DD (default: the first day of the campaign)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *days < 1 || *days > 400 {
		fmt.Fprintln(stderr, "xephang demo-data: --days must be between 1 and 400, with no other argument")
		return 2
	}
	if err := Fill(ctx, Config{Days: *days, Data: *data, Seed: *seed, From: *from, Admin: admin}, stdout); err != nil {
		fmt.Fprintln(stderr, "xephang demo-data:", err)
		return 1
	}
	return 0
}

// AdminFunc creates the first admin account in store when it has none,
// saying on stdout what it did.
type AdminFunc func(ctx context.Context, store *bolt.Store, stdout io.Writer) error

// Config is what Fill fills.
type Config struct {
	Days int
	Data string
	Seed uint64
	From string
	// Admin creates the first admin; nil creates none.
	Admin AdminFunc
	// Scale multiplies the number of citizens (0 means 1): tests run
	// smaller days.
	Scale float64
	// BcryptCost hashes the officers' password (0 is bcrypt's default).
	BcryptCost int
}

// errHasTickets refuses a database in use.
var errHasTickets = errors.New("has tickets")

// Fill plays cfg.Days working days of the model through the store of a
// fresh database at cfg.Data, on a simulated clock.
func Fill(ctx context.Context, cfg Config, stdout io.Writer) error {
	clock := &simClock{t: time.Now()}
	store, err := bolt.Open(cfg.Data, bolt.Options{Now: clock.Now, NoSync: true})
	if err != nil {
		return err
	}
	defer store.Close() // a NoSync store syncs on Close
	err = store.ForEachTicket(ctx, "0000-00-00", "9999-99-99", func(*queue.Ticket) error { return errHasTickets })
	if errors.Is(err, errHasTickets) {
		return fmt.Errorf("%s already holds tickets: demo data only goes into a fresh database (try --data data/demo.db after removing it)", cfg.Data)
	}
	if err != nil {
		return err
	}
	settings, err := store.Settings(ctx)
	if err != nil {
		return err
	}
	loc := store.Location()
	dayList, err := demoDays(&settings.Schedule, cfg, time.Now().In(loc))
	if err != nil {
		return err
	}
	clock.Set(dayList[0].Add(7 * time.Hour))
	if cfg.Admin != nil {
		if err := cfg.Admin(ctx, store, stdout); err != nil {
			return err
		}
	}
	ids, password, err := demoUsers(ctx, store, cfg.BcryptCost)
	if err != nil {
		return err
	}
	sim := &sim{ctx: ctx, store: store, clock: clock, m: newModel(cfg.Seed, cfg.Seed+1),
		sched: &settings.Schedule, loc: loc, officers: ids, scale: cfg.Scale}
	if sim.scale == 0 {
		sim.scale = 1
	}
	if sim.services, err = store.Services(ctx); err != nil {
		return err
	}
	if sim.counters, err = store.Counters(ctx); err != nil {
		return err
	}
	for i, d := range dayList {
		if err := sim.day(d, i); err != nil {
			return fmt.Errorf("day %s: %w", d.Format(time.DateOnly), err)
		}
	}
	// End the last day: what is left in the queue expires, as at midnight.
	clock.Set(dayList[len(dayList)-1].AddDate(0, 0, 1).Add(5 * time.Minute))
	if err := store.Sweep(ctx); err != nil {
		return err
	}
	first, last := dayList[0], dayList[len(dayList)-1]
	fmt.Fprintf(stdout, "Đã tạo dữ liệu mẫu / demo data written: %d ngày làm việc (%s–%s), %d phiếu, vào / into %s\n",
		len(dayList), first.Format("02/01/2006"), last.Format("02/01/2006"), sim.issued, cfg.Data)
	if password != "" {
		fmt.Fprintf(stdout, "Cán bộ / officers: %s, mật khẩu / password: %s\n", officerNames(), password)
	}
	fmt.Fprintf(stdout, "Chạy máy chủ / start the server:  go run . --data %s\n", cfg.Data)
	fmt.Fprintf(stdout, "rồi mở / then open http://localhost:8080/admin → Báo cáo (%s–%s)\n",
		first.Format("02/01/2006"), last.Format("02/01/2006"))
	return nil
}

func officerNames() string {
	s := ""
	for i, o := range officers {
		if i > 0 {
			s += ", "
		}
		s += o.username
	}
	return s
}

// demoDays returns the local midnights of the days to fill.
func demoDays(sc *queue.Schedule, cfg Config, now time.Time) ([]time.Time, error) {
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	works := func(d time.Time) bool {
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday && !slices.Contains(sc.Holidays, d.Format(time.DateOnly))
	}
	start := cfg.From
	if start == "" {
		for _, s := range sc.Sessions {
			if s.Extended && s.From != "" && (start == "" || s.From < start) {
				start = s.From
			}
		}
	}
	var out []time.Time
	if start != "" {
		d, err := time.ParseInLocation(time.DateOnly, start, loc)
		if err != nil {
			return nil, fmt.Errorf("--from %q is not a date (YYYY-MM-DD)", start)
		}
		for ; len(out) < cfg.Days && d.Before(today); d = d.AddDate(0, 0, 1) {
			if works(d) {
				out = append(out, d)
			}
		}
		if len(out) == cfg.Days {
			return out, nil
		}
		if cfg.From != "" {
			return nil, fmt.Errorf("only %d working days from %s to yesterday; ask for fewer --days or an earlier --from", len(out), cfg.From)
		}
	}
	// The days that end yesterday.
	out = out[:0]
	for d := today.AddDate(0, 0, -1); len(out) < cfg.Days; d = d.AddDate(0, 0, -1) {
		if works(d) {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out, nil
}

// demoUsers creates the demo officers (with one random password, printed
// once) unless they exist, and returns their ids.
func demoUsers(ctx context.Context, store *bolt.Store, cost int) ([]string, string, error) {
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	var ids []string
	var password string
	var hash []byte
	// The demo officers work every counter: an officer with none may work
	// none.
	counters, err := store.Counters(ctx)
	if err != nil {
		return nil, "", err
	}
	var all []string
	for _, c := range counters {
		all = append(all, c.ID)
	}
	for _, o := range officers {
		if u, err := store.UserByUsername(ctx, o.username); err == nil {
			ids = append(ids, u.ID)
			continue
		}
		if hash == nil {
			password = randomPassword()
			var err error
			if hash, err = bcrypt.GenerateFromPassword([]byte(password), cost); err != nil {
				return nil, "", err
			}
		}
		u, err := store.CreateUser(ctx, queue.Actor{Username: "demo-data"}, queue.User{
			Username: o.username, DisplayName: o.name, Role: queue.RoleOfficer, Active: true, PasswordHash: hash,
			Counters: all,
		})
		if err != nil {
			return nil, "", err
		}
		ids = append(ids, u.ID)
	}
	return ids, password, nil
}

// randomPassword returns 16 characters from an alphabet without look-alikes.
func randomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
