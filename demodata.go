package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/queue"
)

// demo-data fills a fresh database with realistic days of the center, so a
// newcomer sees a full report at once. It drives the real store (kiosk
// issues, counter calls, no-shows, transfers, ratings) with a simulated
// clock, so the data obeys every rule of the service.
//
// Which days: weekdays (holidays of the schedule skipped) from the first
// day of the "Giờ thứ 9" campaign of the stored schedule (23/02/2026), so
// the admin page's default range shows them; when that would reach today,
// the days end yesterday instead. --from picks another first day.

// demoOfficers are the officers the demo creates, with their display
// names.
var demoOfficers = []struct{ username, name string }{
	{"canbo1", "Nguyễn Thị Lan"},
	{"canbo2", "Trần Văn Hùng"},
	{"canbo3", "Lê Thị Mai"},
	{"canbo4", "Phạm Văn Đức"},
}

// demoComments are what unhappy citizens write.
var demoComments = []string{
	"Chờ hơi lâu vào buổi sáng, nên bố trí thêm quầy giờ cao điểm.",
	"Cán bộ hướng dẫn chưa rõ, phải hỏi lại nhiều lần.",
	"Hồ sơ phải bổ sung nhiều lần, mong được hướng dẫn một lần cho đủ.",
	"Thái độ cán bộ chưa niềm nở.",
	"Máy lấy số khó dùng với người lớn tuổi.",
}

// demoWeights are the shares of each default service, in kiosk order.
var demoWeights = map[string]int{
	"tu-phap-ho-tich": 22, "chung-thuc": 24, "dat-dai": 12, "ho-kinh-doanh": 6,
	"xay-dung": 5, "bao-tro-xa-hoi": 8, queue.ServiceOnline: 12, "tra-ket-qua": 11,
}

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

func runDemoData(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
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
	if err := demoData(ctx, demoConfig{Days: *days, Data: *data, Seed: *seed, From: *from,
		AdminPassword: getenv("XEPHANG_ADMIN_PASSWORD"), bcryptCost: bcrypt.DefaultCost}, stdout); err != nil {
		fmt.Fprintln(stderr, "xephang demo-data:", err)
		return 1
	}
	return 0
}

type demoConfig struct {
	Days          int
	Data          string
	Seed          uint64
	From          string
	AdminPassword string
	// scale multiplies the number of citizens (0 means 1): tests run
	// smaller days.
	scale float64
	// bcryptCost hashes the officers' password (0 is bcrypt's default).
	bcryptCost int
}

// errHasTickets refuses a database in use.
var errHasTickets = errors.New("has tickets")

func demoData(ctx context.Context, cfg demoConfig, stdout io.Writer) error {
	clock := &simClock{t: time.Now()}
	store, err := bolt.Open(cfg.Data, bolt.Options{Now: clock.Now, NoSync: true})
	if err != nil {
		return err
	}
	defer store.Close()
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
	if err := ensureAdmin(ctx, store, cfg.AdminPassword, stdout); err != nil {
		return err
	}
	officers, password, err := demoUsers(ctx, store, cfg.bcryptCost)
	if err != nil {
		return err
	}
	sim := &demoSim{ctx: ctx, store: store, clock: clock, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed+1)),
		sched: &settings.Schedule, loc: loc, officers: officers, scale: cfg.scale}
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
	if err := store.DB().Sync(); err != nil {
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
	for i, o := range demoOfficers {
		if i > 0 {
			s += ", "
		}
		s += o.username
	}
	return s
}

// demoDays returns the local midnights of the days to fill.
func demoDays(sc *queue.Schedule, cfg demoConfig, now time.Time) ([]time.Time, error) {
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
	for _, o := range demoOfficers {
		if u, err := store.UserByUsername(ctx, o.username); err == nil {
			ids = append(ids, u.ID)
			continue
		}
		if hash == nil {
			password = randomPassword()
			var err error
			if hash, err = bcrypt.GenerateFromPassword([]byte(password), max(cost, bcrypt.MinCost)); err != nil {
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
