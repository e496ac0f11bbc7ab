package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"xephang/queue"
)

const (
	d1 = "2026-03-02" // Monday of the campaign
	d2 = "2026-03-03" // "today" of the hand-built set
	sA = "tu-phap-ho-tich"
	sB = "chung-thuc"
	sG = queue.ServiceOnline
	u1 = "u1"
	u2 = "u2"
	u3 = "u3"
)

// handBuilt is ten tickets over two days whose every figure is worked out
// in the tests below (minutes of waiting and of service in brackets):
//
//	1  d1 Sáng       A  done  [2, 4]  quầy 1 u1  ★4
//	2  d1 Sáng       A  done  [4, 6]  quầy 1 u1  ★3  (a no-show called back)
//	3  d1 Sáng       B  done  [6, 8]  quầy 2 u2  ★1  thời gian chờ, "Chờ lâu"
//	4  d1 Chiều      B  no-show [10]  quầy 2 u2      (expired at the day's end)
//	5  d1 Giờ thứ 9  G  done  [1, 10] quầy 3 u3  ★4
//	6  d1 Giờ thứ 9  A→B done [3, 5] quầy 2 u2  ★2  thái độ (transferred)
//	7  d1 Giờ thứ 9  G  left waiting: expired, never called
//	8  d2 Sáng       A  done  [8, 2]  quầy 1 u1
//	9  d2 Sáng       G  waiting today: in progress
//	10 d2 Giờ thứ 9  B  done  [0, 3]  quầy 2 u1  ★3
func handBuilt() *fakeSource {
	ext := queue.SessionExtended
	list := []tk{
		{day: d1, session: "Sáng", issuedFor: sA, service: sA, status: queue.StatusDone, wait: 2, svc: 4, counter: "quay-1", officer: u1, rating: 4},
		{day: d1, session: "Sáng", issuedFor: sA, service: sA, status: queue.StatusDone, wait: 4, svc: 6, counter: "quay-1", officer: u1, rating: 3, calledBack: true},
		{day: d1, session: "Sáng", issuedFor: sB, service: sB, status: queue.StatusDone, wait: 6, svc: 8, counter: "quay-2", officer: u2, rating: 1,
			reasons: []string{queue.ReasonWait}, comment: "Chờ lâu"},
		{day: d1, session: "Chiều", issuedFor: sB, service: sB, status: queue.StatusExpired, wait: 10, svc: -1, counter: "quay-2", officer: u2, noShow: true},
		{day: d1, session: ext, ext: true, issuedFor: sG, service: sG, status: queue.StatusDone, wait: 1, svc: 10, counter: "quay-3", officer: u3, rating: 4},
		{day: d1, session: ext, ext: true, issuedFor: sA, service: sB, status: queue.StatusDone, wait: 3, svc: 5, counter: "quay-2", officer: u2, transfers: 1,
			rating: 2, reasons: []string{queue.ReasonAttitude}},
		{day: d1, session: ext, ext: true, issuedFor: sG, service: sG, status: queue.StatusWaiting, wait: -1, svc: -1},
		{day: d2, session: "Sáng", issuedFor: sA, service: sA, status: queue.StatusDone, wait: 8, svc: 2, counter: "quay-1", officer: u1},
		{day: d2, session: "Sáng", issuedFor: sG, service: sG, status: queue.StatusWaiting, wait: -1, svc: -1},
		{day: d2, session: ext, ext: true, issuedFor: sB, service: sB, status: queue.StatusDone, wait: 0, svc: 3, counter: "quay-2", officer: u1, rating: 3},
	}
	return &fakeSource{
		now:      time.Date(2026, 3, 3, 18, 0, 0, 0, zone),
		settings: queue.DefaultSettings(),
		services: queue.DefaultServices(),
		counters: queue.DefaultCounters(),
		users: []queue.User{
			{ID: u1, Username: "an", DisplayName: "Nguyễn Văn An"},
			{ID: u2, Username: "binh", DisplayName: "Trần Thị Bình"},
			{ID: u3, Username: "cuong", DisplayName: "Lê Văn Cường"},
		},
		tickets: build(list),
	}
}

func computeHandBuilt(t *testing.T) *Report {
	t.Helper()
	rep, err := Compute(context.Background(), handBuilt(), d1, d2)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// dur is the expected Durations, in minutes; n = 0 means none.
type dur struct {
	n                      int
	mean, median, p90, max float64
}

func checkDur(t *testing.T, what string, got Durations, want dur) {
	t.Helper()
	if got.Count != want.n {
		t.Errorf("%s: count=%d, want %d", what, got.Count, want.n)
		return
	}
	if want.n == 0 {
		if got.Mean != nil || got.Median != nil || got.P90 != nil || got.Max != nil {
			t.Errorf("%s: statistics of nothing should be nil: %+v", what, got)
		}
		return
	}
	for _, c := range []struct {
		name string
		got  *float64
		want float64
	}{{"mean", got.Mean, want.mean}, {"median", got.Median, want.median}, {"p90", got.P90, want.p90}, {"max", got.Max, want.max}} {
		if c.got == nil || math.Abs(*c.got-c.want) > 1e-9 {
			t.Errorf("%s %s=%v, want %v", what, c.name, deref(c.got), c.want)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func checkShare(t *testing.T, what string, got *float64, num, den int) {
	t.Helper()
	if den == 0 {
		if got != nil {
			t.Errorf("%s=%v, want nil", what, *got)
		}
		return
	}
	want := float64(num) / float64(den)
	if got == nil || math.Abs(*got-want) > 1e-12 {
		t.Errorf("%s=%v, want %d/%d", what, deref(got), num, den)
	}
}

// counts is the expected counts of a Figures.
type counts struct {
	issued, served, noShow, transferred, transferredIn, expired, inProgress int
}

func checkCounts(t *testing.T, what string, f Figures, want counts) {
	t.Helper()
	got := counts{f.Issued, f.Served, f.NoShow, f.Transferred, f.TransferredIn, f.Expired, f.InProgress}
	if got != want {
		t.Errorf("%s counts=%+v, want %+v", what, got, want)
	}
}

func checkRatings(t *testing.T, what string, f Figures, want [5]int) {
	t.Helper()
	if f.Ratings != Ratings(want) {
		t.Errorf("%s ratings=%v, want %v", what, f.Ratings, want)
	}
	rated := want[1] + want[2] + want[3] + want[4]
	if f.Rated != rated {
		t.Errorf("%s rated=%d, want %d", what, f.Rated, rated)
	}
	checkShare(t, what+" response rate", f.ResponseRate, rated, f.Served)
	checkShare(t, what+" satisfied", f.Satisfied, want[3]+want[4], rated)
}

func TestSummary(t *testing.T) {
	rep := computeHandBuilt(t)
	s := rep.Summary
	tests := []struct {
		name   string
		f      Figures
		counts counts
		wait   dur
		svc    dur
		rates  [5]int
	}{
		{
			// waits 0 1 2 3 4 6 8 10: mean 34/8; median (3+4)/2; p90 at
			// h = 0.9·7 = 6.3: 8 + 0.3·(10−8). Services 2 3 4 5 6 8 10:
			// mean 38/7; median 5; p90 at h = 5.4: 8 + 0.4·2.
			name: "total", f: s.Total, counts: counts{10, 7, 1, 1, 0, 1, 1},
			wait: dur{8, 34.0 / 8, 3.5, 8.6, 10}, svc: dur{7, 38.0 / 7, 5, 8.8, 10}, rates: [5]int{0, 1, 1, 2, 2},
		},
		{
			// tickets 1–4, 8, 9. Waits 2 4 6 8 10: p90 at h = 3.6:
			// 8 + 0.6·2. Services 2 4 6 8: median (4+6)/2; p90 at
			// h = 2.7: 6 + 0.7·2.
			name: "regular", f: s.Regular, counts: counts{6, 4, 1, 0, 0, 0, 1},
			wait: dur{5, 6, 6, 9.2, 10}, svc: dur{4, 5, 5, 7.4, 8}, rates: [5]int{0, 1, 0, 1, 1},
		},
		{
			// tickets 5, 6, 7, 10. Waits 0 1 3: p90 at h = 1.8:
			// 1 + 0.8·2. Services 3 5 10: p90 at h = 1.8: 5 + 0.8·5.
			name: "extended", f: s.Extended, counts: counts{4, 3, 0, 1, 0, 1, 0},
			wait: dur{3, 4.0 / 3, 1, 2.6, 3}, svc: dur{3, 6, 5, 9, 10}, rates: [5]int{0, 0, 1, 1, 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkCounts(t, tc.name, tc.f, tc.counts)
			checkDur(t, tc.name+" wait", tc.f.Wait, tc.wait)
			checkDur(t, tc.name+" service", tc.f.Service, tc.svc)
			checkRatings(t, tc.name, tc.f, tc.rates)
		})
	}
	if rep.Days != 2 || rep.ExtendedDays != 2 {
		t.Errorf("days=%d extended days=%d, want 2 and 2", rep.Days, rep.ExtendedDays)
	}
}

func TestOnlineOnItsOwn(t *testing.T) {
	rep := computeHandBuilt(t)
	// Online guidance: tickets 5 (served, extended), 7 (expired,
	// extended), 9 (in progress).
	checkCounts(t, "online", rep.Online.Total, counts{3, 1, 0, 0, 0, 1, 1})
	checkCounts(t, "online extended", rep.Online.Extended, counts{2, 1, 0, 0, 0, 1, 0})
	checkDur(t, "online wait", rep.Online.Total.Wait, dur{1, 1, 1, 1, 1})
	checkDur(t, "online service", rep.Online.Total.Service, dur{1, 10, 10, 10, 10})
	checkRatings(t, "online", rep.Online.Total, [5]int{0, 0, 0, 0, 1})
	// Procedures: every other ticket.
	checkCounts(t, "procedures", rep.Procedures.Total, counts{7, 6, 1, 1, 0, 0, 0})
	checkCounts(t, "procedures extended", rep.Procedures.Extended, counts{2, 2, 0, 1, 0, 0, 0})
	if rep.Online.Key != queue.ServiceOnline || rep.Online.Name != "Hướng dẫn nộp hồ sơ trực tuyến" {
		t.Errorf("online row %q %q", rep.Online.Key, rep.Online.Name)
	}
	// The service breakdown holds it too, with the same figures.
	for _, r := range rep.ByService {
		if r.Key == queue.ServiceOnline && r.Total.Issued != rep.Online.Total.Issued {
			t.Errorf("by service online issued=%d, want %d", r.Total.Issued, rep.Online.Total.Issued)
		}
	}
}

func rowKeys(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Key
	}
	return out
}

func findRow(t *testing.T, rows []Row, key string) Row {
	t.Helper()
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no row %q in %v", key, rowKeys(rows))
	return Row{}
}

func TestBreakdowns(t *testing.T) {
	rep := computeHandBuilt(t)
	order := []struct {
		name string
		rows []Row
		keys []string
	}{
		{"by day", rep.ByDay, []string{d1, d2}},
		{"by session", rep.BySession, []string{"Sáng", "Chiều", queue.SessionExtended}},
		{"by service", rep.ByService, []string{sA, sB, sG}},
		{"by counter", rep.ByCounter, []string{"quay-1", "quay-2", "quay-3", ""}},
		// Lê < Nguyễn < Trần, the never-called last.
		{"by officer", rep.ByOfficer, []string{u3, u1, u2, ""}},
	}
	for _, o := range order {
		if got := rowKeys(o.rows); !slices.Equal(got, o.keys) {
			t.Errorf("%s keys=%q, want %q", o.name, got, o.keys)
		}
		// Every breakdown is a partition: its rows add up to the summary.
		var issued, served, noShow, expired, inProgress, waits, rated int
		for _, r := range o.rows {
			issued += r.Total.Issued
			served += r.Total.Served
			noShow += r.Total.NoShow
			expired += r.Total.Expired
			inProgress += r.Total.InProgress
			waits += r.Total.Wait.Count
			rated += r.Total.Rated
			if r.Total.Issued != r.Regular.Issued+r.Extended.Issued || r.Total.Served != r.Regular.Served+r.Extended.Served {
				t.Errorf("%s %s: total is not regular + extended", o.name, r.Key)
			}
		}
		s := rep.Summary.Total
		if got, want := fmt.Sprint(issued, served, noShow, expired, inProgress, waits, rated),
			fmt.Sprint(s.Issued, s.Served, s.NoShow, s.Expired, s.InProgress, s.Wait.Count, s.Rated); got != want {
			t.Errorf("%s sums %s, want %s", o.name, got, want)
		}
	}

	tests := []struct {
		name   string
		row    Row
		f      func(r Row) Figures
		counts counts
		wait   dur
		svc    dur
	}{
		{name: "day 1", row: findRow(t, rep.ByDay, d1), f: total, counts: counts{7, 5, 1, 1, 0, 1, 0},
			wait: dur{6, 26.0 / 6, 3.5, 8, 10}, svc: dur{5, 33.0 / 5, 6, 9.2, 10}},
		{name: "day 1 extended", row: findRow(t, rep.ByDay, d1), f: extended, counts: counts{3, 2, 0, 1, 0, 1, 0},
			wait: dur{2, 2, 2, 2.8, 3}, svc: dur{2, 7.5, 7.5, 9.5, 10}},
		{name: "day 2", row: findRow(t, rep.ByDay, d2), f: total, counts: counts{3, 2, 0, 0, 0, 0, 1},
			wait: dur{2, 4, 4, 7.2, 8}, svc: dur{2, 2.5, 2.5, 2.9, 3}},
		{name: "session Sáng", row: findRow(t, rep.BySession, "Sáng"), f: total, counts: counts{5, 4, 0, 0, 0, 0, 1},
			wait: dur{4, 5, 5, 7.4, 8}, svc: dur{4, 5, 5, 7.4, 8}},
		{name: "session Chiều", row: findRow(t, rep.BySession, "Chiều"), f: total, counts: counts{1, 0, 1, 0, 0, 0, 0},
			wait: dur{1, 10, 10, 10, 10}, svc: dur{}},
		{name: "session Giờ thứ 9", row: findRow(t, rep.BySession, queue.SessionExtended), f: total, counts: counts{4, 3, 0, 1, 0, 1, 0},
			wait: dur{3, 4.0 / 3, 1, 2.6, 3}, svc: dur{3, 6, 5, 9, 10}},
		{name: "session Giờ thứ 9 is all extended", row: findRow(t, rep.BySession, queue.SessionExtended), f: extended, counts: counts{4, 3, 0, 1, 0, 1, 0},
			wait: dur{3, 4.0 / 3, 1, 2.6, 3}, svc: dur{3, 6, 5, 9, 10}},
		// Service A: issued 1, 2, 6, 8 (6 transferred away); outcomes 1, 2, 8.
		{name: "service A", row: findRow(t, rep.ByService, sA), f: total, counts: counts{4, 3, 0, 1, 0, 0, 0},
			wait: dur{3, 14.0 / 3, 4, 7.2, 8}, svc: dur{3, 4, 4, 5.6, 6}},
		{name: "service A extended", row: findRow(t, rep.ByService, sA), f: extended, counts: counts{1, 0, 0, 1, 0, 0, 0},
			wait: dur{}, svc: dur{}},
		// Service B: issued 3, 4, 10; outcomes 3, 4, 6 (transferred in), 10.
		{name: "service B", row: findRow(t, rep.ByService, sB), f: total, counts: counts{3, 3, 1, 0, 1, 0, 0},
			wait: dur{4, 19.0 / 4, 4.5, 8.8, 10}, svc: dur{3, 16.0 / 3, 5, 7.4, 8}},
		{name: "service B extended", row: findRow(t, rep.ByService, sB), f: extended, counts: counts{1, 2, 0, 0, 1, 0, 0},
			wait: dur{2, 1.5, 1.5, 2.7, 3}, svc: dur{2, 4, 4, 4.8, 5}},
		{name: "counter 2", row: findRow(t, rep.ByCounter, "quay-2"), f: total, counts: counts{4, 3, 1, 1, 0, 0, 0},
			wait: dur{4, 19.0 / 4, 4.5, 8.8, 10}, svc: dur{3, 16.0 / 3, 5, 7.4, 8}},
		{name: "never called", row: findRow(t, rep.ByCounter, ""), f: total, counts: counts{2, 0, 0, 0, 0, 1, 1},
			wait: dur{}, svc: dur{}},
		{name: "officer u1", row: findRow(t, rep.ByOfficer, u1), f: total, counts: counts{4, 4, 0, 0, 0, 0, 0},
			wait: dur{4, 14.0 / 4, 3, 6.8, 8}, svc: dur{4, 15.0 / 4, 3.5, 5.4, 6}},
		{name: "officer u1 extended", row: findRow(t, rep.ByOfficer, u1), f: extended, counts: counts{1, 1, 0, 0, 0, 0, 0},
			wait: dur{1, 0, 0, 0, 0}, svc: dur{1, 3, 3, 3, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f(tc.row)
			checkCounts(t, tc.name, f, tc.counts)
			checkDur(t, tc.name+" wait", f.Wait, tc.wait)
			checkDur(t, tc.name+" service", f.Service, tc.svc)
		})
	}

	names := []struct{ got, want string }{
		{findRow(t, rep.ByDay, d1).Name, "Thứ Hai, 02/03/2026"},
		{findRow(t, rep.ByService, sB).Name, "Chứng thực"},
		{findRow(t, rep.ByCounter, "quay-3").Name, "Quầy 3"},
		{findRow(t, rep.ByCounter, "").Name, NotCalled},
		{findRow(t, rep.ByOfficer, u2).Name, "Trần Thị Bình"},
	}
	for _, n := range names {
		if n.got != n.want {
			t.Errorf("name %q, want %q", n.got, n.want)
		}
	}
	if !findRow(t, rep.BySession, queue.SessionExtended).ExtendedSession || findRow(t, rep.BySession, "Sáng").ExtendedSession {
		t.Error("only the Giờ thứ 9 row should be marked as the extended session")
	}
}

func total(r Row) Figures    { return r.Total }
func extended(r Row) Figures { return r.Extended }

func TestSatisfaction(t *testing.T) {
	rep := computeHandBuilt(t)
	sat := rep.Satisfaction
	wantLevels := []Level{
		{4, "Rất hài lòng", 2, 1, 1},
		{3, "Hài lòng", 2, 1, 1},
		{2, "Bình thường", 1, 0, 1},
		{1, "Không hài lòng", 1, 1, 0},
	}
	if !slices.Equal(sat.Levels, wantLevels) {
		t.Errorf("levels=%+v, want %+v", sat.Levels, wantLevels)
	}
	reasons := map[string][3]int{}
	for _, r := range sat.Reasons {
		reasons[r.Code] = [3]int{r.Total, r.Regular, r.Extended}
	}
	if got, want := reasons[queue.ReasonWait], [3]int{1, 1, 0}; got != want {
		t.Errorf("reason wait=%v, want %v", got, want)
	}
	if got, want := reasons[queue.ReasonAttitude], [3]int{1, 0, 1}; got != want {
		t.Errorf("reason attitude=%v, want %v", got, want)
	}
	if len(sat.Reasons) != len(queue.Reasons) {
		t.Errorf("%d reasons, want every known one (%d)", len(sat.Reasons), len(queue.Reasons))
	}
	if len(sat.Comments) != 1 || sat.Comments[0].Text != "Chờ lâu" || sat.Comments[0].Service != "Chứng thực" || sat.Comments[0].Rating != 1 {
		t.Errorf("comments=%+v", sat.Comments)
	}
}

func TestExtendedChart(t *testing.T) {
	rep := computeHandBuilt(t)
	want := []DayBar{{d1, 3, 2}, {d2, 1, 1}}
	if !slices.Equal(rep.ExtendedByDay, want) {
		t.Errorf("extended by day=%+v, want %+v", rep.ExtendedByDay, want)
	}
	// A day outside the campaign without extended tickets has no bar.
	src := handBuilt()
	src.tickets = build([]tk{{day: "2026-04-06", session: "Sáng", issuedFor: sA, service: sA, status: queue.StatusDone, wait: 1, svc: 1}})
	src.now = time.Date(2026, 4, 7, 9, 0, 0, 0, zone)
	rep, err := Compute(context.Background(), src, "2026-04-01", "2026-04-30")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.ExtendedByDay) != 0 || rep.ExtendedDays != 0 {
		t.Errorf("after the campaign: bars %+v, extended days %d", rep.ExtendedByDay, rep.ExtendedDays)
	}
}

func TestEmptyRange(t *testing.T) {
	rep, err := Compute(context.Background(), handBuilt(), "2025-01-01", "2025-01-31")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Total.Issued != 0 || len(rep.ByDay) != 0 || rep.Summary.Total.Wait.Mean != nil || rep.Summary.Total.Satisfied != nil {
		t.Errorf("empty range: %+v", rep.Summary.Total)
	}
	if got := SummaryText(rep); got != "Trong thời gian từ ngày 01/01/2025 đến ngày 31/01/2025, Trung tâm chưa cấp số thứ tự nào." {
		t.Errorf("summary of nothing: %q", got)
	}
}

func TestRangeFilters(t *testing.T) {
	rep, err := Compute(context.Background(), handBuilt(), d2, d2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Total.Issued != 3 || rep.Summary.Extended.Issued != 1 {
		t.Errorf("one day: issued %d (extended %d), want 3 (1)", rep.Summary.Total.Issued, rep.Summary.Extended.Issued)
	}
}

// TestPercentiles checks the walk against sorting, on sets of every small
// size and some with ties.
func TestPercentiles(t *testing.T) {
	for n := 1; n <= 40; n++ {
		vals := make([]int32, n)
		for i := range vals {
			vals[i] = int32((i*37 + n*11) % 23 * 60) // whole minutes, with ties
		}
		b := newBuilder("2099-01-01", nil)
		for i, v := range vals {
			b.add(&queue.Ticket{Day: "2026-03-02", ServiceID: sA, IssuedFor: sA, Status: queue.StatusNoShow,
				IssuedAt: time.Unix(int64(i)*10000, 0), FirstCalledAt: time.Unix(int64(i)*10000+int64(v), 0)})
		}
		b.quantiles()
		got := b.dims[dimSummary].groups[0].parts[partTotal].wait.durations()
		sorted := slices.Clone(vals)
		slices.Sort(sorted)
		pct := func(p float64) float64 {
			h := p * float64(n-1)
			lo := int(math.Floor(h + 1e-9))
			hi := min(lo+1, n-1)
			return (float64(sorted[lo]) + (h-float64(lo))*float64(sorted[hi]-sorted[lo])) / 60
		}
		if math.Abs(*got.Median-pct(0.5)) > 1e-9 || math.Abs(*got.P90-pct(0.9)) > 1e-9 || *got.Max != float64(sorted[n-1])/60 {
			t.Errorf("n=%d: median %v p90 %v max %v, want %v %v %v", n, *got.Median, *got.P90, *got.Max,
				pct(0.5), pct(0.9), float64(sorted[n-1])/60)
		}
	}
}
