package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
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
		AdminPassword: getenv("XEPHANG_ADMIN_PASSWORD")}, stdout); err != nil {
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
	officers, password, err := demoUsers(ctx, store)
	if err != nil {
		return err
	}
	sim := &demoSim{ctx: ctx, store: store, clock: clock, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed+1)),
		sched: &settings.Schedule, loc: loc, officers: officers}
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
func demoUsers(ctx context.Context, store *bolt.Store) ([]string, string, error) {
	var ids []string
	var password string
	var hash []byte
	for _, o := range demoOfficers {
		if u, err := store.UserByUsername(ctx, o.username); err == nil {
			ids = append(ids, u.ID)
			continue
		}
		if hash == nil {
			password = randomPassword()
			var err error
			if hash, err = bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost); err != nil {
				return nil, "", err
			}
		}
		u, err := store.CreateUser(ctx, queue.Actor{Username: "demo-data"}, queue.User{
			Username: o.username, DisplayName: o.name, Role: queue.RoleOfficer, Active: true, PasswordHash: hash,
		})
		if err != nil {
			return nil, "", err
		}
		ids = append(ids, u.ID)
	}
	return ids, password, nil
}

// demoSim plays the days of the center against the store.
type demoSim struct {
	ctx      context.Context
	store    *bolt.Store
	clock    *simClock
	rng      *rand.Rand
	sched    *queue.Schedule
	loc      *time.Location
	officers []string
	services []queue.Service
	counters []queue.Counter
	issued   int
}

// arrival is a citizen who will take a ticket.
type arrival struct {
	at       time.Time
	service  string
	priority string
}

// desk is a counter during the simulation.
type desk struct {
	c       queue.Counter
	officer string
	busy    bool
	until   time.Time
	outcome string // done, noshow or transfer
	token   string
	to      string // the transfer's service
}

// arrivals draws the day's citizens: per session a number that depends on
// the session and the weekday, at times weighted towards the first hours
// of the morning; the extended hour is busier on Mondays.
func (s *demoSim) arrivals(day time.Time) []arrival {
	var out []arrival
	sessions := s.sched.SessionsOn(day.Add(12*time.Hour), s.loc)
	stop := time.Duration(s.sched.StopMinutes) * time.Minute
	monday := day.Weekday() == time.Monday
	for i, sess := range sessions {
		start, end := clockOn(day, sess.Start), clockOn(day, sess.End)
		// The kiosk stops before the end of an opening: sessions that
		// touch the next one run to its end.
		if i+1 >= len(sessions) || sessions[i+1].Start != sess.End {
			end = end.Add(-stop)
		}
		minutes := end.Sub(start).Minutes()
		if minutes <= 0 {
			continue
		}
		rate := 0.27 // tickets a minute in the afternoon
		switch {
		case sess.Extended:
			rate = 0.32
			if monday {
				rate *= 1.8
			}
		case start.Hour() < 12:
			rate = 0.36
		}
		switch day.Weekday() {
		case time.Monday:
			rate *= 1.15
		case time.Friday:
			rate *= 0.9
		}
		n := int(math.Round(rate * minutes * (0.85 + 0.3*s.rng.Float64())))
		for range n {
			f := s.rng.Float64()
			if start.Hour() < 12 && !sess.Extended {
				// A triangle peaking a third into the morning.
				if u := s.rng.Float64(); u < 1.0/3 {
					f = math.Sqrt(u / 3)
				} else {
					f = 1 - math.Sqrt((1-u)*2/3)
				}
			}
			a := arrival{at: start.Add(time.Duration(f * float64(end.Sub(start)))), service: s.pickService(sess.Extended)}
			if s.rng.IntN(100) < 8 {
				a.priority = queue.PriorityKinds[s.rng.IntN(len(queue.PriorityKinds))]
			}
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func clockOn(day time.Time, hhmm string) time.Time {
	t, _ := time.Parse("15:04", hhmm)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location())
}

// pickService draws a service; in the extended hour, online guidance and
// results are asked for more (people after work).
func (s *demoSim) pickService(extended bool) string {
	total := 0
	weight := func(id string) int {
		w := demoWeights[id]
		if extended && (id == queue.ServiceOnline || id == "tra-ket-qua") {
			w *= 2
		}
		return w
	}
	for _, sv := range s.services {
		if sv.Active {
			total += max(weight(sv.ID), 1)
		}
	}
	n := s.rng.IntN(total)
	for _, sv := range s.services {
		if !sv.Active {
			continue
		}
		if n -= max(weight(sv.ID), 1); n < 0 {
			return sv.ID
		}
	}
	return s.services[0].ID
}

// day plays one working day: citizens arrive and take tickets, each free
// counter calls the next ticket while its services have some waiting, and
// what it called ends served (and often rated), as a no-show or transferred.
func (s *demoSim) day(day time.Time, index int) error {
	arrivals := s.arrivals(day)
	desks := make([]*desk, len(s.counters))
	for i, c := range s.counters {
		desks[i] = &desk{c: c}
	}
	// Counters call until a quarter past the end of the day's last
	// session, and not over lunch once the morning queue is done.
	sessions := s.sched.SessionsOn(day.Add(12*time.Hour), s.loc)
	if len(sessions) == 0 {
		return nil
	}
	lastEnd := clockOn(day, sessions[len(sessions)-1].End).Add(15 * time.Minute)
	lunch, afternoon := clockOn(day, "11:50"), clockOn(day, "13:30")
	waiting := map[string]int{}
	next := 0
	for {
		// The next event: an arrival or a counter finishing.
		var at time.Time
		var finishing *desk
		if next < len(arrivals) {
			at = arrivals[next].at
		}
		for _, d := range desks {
			if d.busy && (at.IsZero() || d.until.Before(at)) {
				at, finishing = d.until, d
			}
		}
		if at.IsZero() {
			return nil
		}
		s.clock.Set(at)
		if finishing != nil {
			if err := s.finish(finishing, waiting); err != nil {
				return err
			}
		} else {
			a := arrivals[next]
			next++
			_, err := s.store.Issue(s.ctx, queue.IssueRequest{ServiceID: a.service, Priority: a.priority != "", PriorityKind: a.priority})
			switch {
			case err == nil:
				waiting[a.service]++
				s.issued++
			case queue.ErrorCode(err) != queue.ECLOSED && queue.ErrorCode(err) != queue.ECAPREACHED:
				return err
			}
		}
		if at.After(lastEnd) || (!at.Before(lunch) && at.Before(afternoon)) {
			continue
		}
		// Officers: the morning shift and the afternoon one rotate.
		shift := index
		if at.Hour() >= 12 {
			shift++
		}
		for i, d := range desks {
			if d.busy {
				continue
			}
			d.officer = s.officers[(i+shift)%len(s.officers)]
			if err := s.call(d, waiting); err != nil {
				return err
			}
		}
	}
}

// call has a free desk call its next ticket, when one of its services has
// some waiting, and decides how it ends.
func (s *demoSim) call(d *desk, waiting map[string]int) error {
	has := false
	for _, id := range d.c.Services {
		has = has || waiting[id] > 0
	}
	if !has {
		return nil
	}
	t, err := s.store.Act(s.ctx, d.c.ID, queue.ActionNext, "", d.officer)
	if queue.ErrorCode(err) == queue.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	waiting[t.ServiceID]--
	now := s.clock.Now()
	d.busy, d.token = true, t.Token
	switch r := s.rng.IntN(100); {
	case r < 4:
		d.outcome, d.until = "noshow", now.Add(time.Duration(90+s.rng.IntN(120))*time.Second)
	case r < 7 && t.Transfers == 0:
		d.outcome, d.until = "transfer", now.Add(time.Duration(60+s.rng.IntN(180))*time.Second)
		for d.to == "" || d.to == t.ServiceID {
			d.to = s.pickService(false)
		}
	default:
		if _, err := s.store.Act(s.ctx, d.c.ID, queue.ActionStart, "", d.officer); err != nil {
			return err
		}
		// Service times: log-normal around five minutes, 1.5 to 30.
		mins := math.Exp(math.Log(5) + 0.5*s.rng.NormFloat64())
		mins = min(max(mins, 1.5), 30)
		d.outcome, d.until = "done", now.Add(time.Duration(mins*60)*time.Second)
	}
	return nil
}

// finish ends the ticket at a desk, and has the citizen rate it.
func (s *demoSim) finish(d *desk, waiting map[string]int) error {
	d.busy = false
	switch d.outcome {
	case "noshow":
		_, err := s.store.Act(s.ctx, d.c.ID, queue.ActionNoShow, "", d.officer)
		return err
	case "transfer":
		to := d.to
		d.to = ""
		if _, err := s.store.Act(s.ctx, d.c.ID, queue.ActionTransfer, to, d.officer); err != nil {
			return err
		}
		waiting[to]++
		return nil
	}
	t, err := s.store.Act(s.ctx, d.c.ID, queue.ActionDone, "", d.officer)
	if err != nil {
		return err
	}
	if s.rng.IntN(100) >= 70 {
		return nil
	}
	f := queue.Feedback{Rating: 4}
	switch r := s.rng.IntN(100); {
	case r < 56:
	case r < 88:
		f.Rating = 3
	case r < 96:
		f.Rating = 2
	default:
		f.Rating = 1
	}
	if t.Extended && f.Rating < 4 && s.rng.IntN(4) == 0 {
		f.Rating++ // the extended hour pleases: no queue after work
	}
	if f.Rating <= 2 {
		f.Reasons = []string{queue.Reasons[s.rng.IntN(len(queue.Reasons))].Code}
		if s.rng.IntN(2) == 0 {
			f.Comment = demoComments[s.rng.IntN(len(demoComments))]
		}
	}
	if s.rng.IntN(4) == 0 {
		_, err = s.store.RateTicket(s.ctx, t.Token, f)
	} else {
		_, err = s.store.RateAtCounter(s.ctx, d.c.ID, f)
	}
	return err
}
