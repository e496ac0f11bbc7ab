package storetest

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"xephang/internal/testutil"
	"xephang/queue"
)

func testSeedDefaults(t *testing.T, h Harness) {
	s := morning(t, h).s
	svcs, err := s.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sv := range svcs {
		got = append(got, sv.Prefix+" "+sv.Name)
	}
	want := []string{"A Tư pháp – Hộ tịch", "B Chứng thực", "C Đất đai", "D Đăng ký hộ kinh doanh", "E Xây dựng",
		"F Bảo trợ xã hội – Người có công", "G Hướng dẫn nộp hồ sơ trực tuyến", "H Trả kết quả"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("services=%v\nwant %v", got, want)
	}
	counters, _ := s.Counters(ctx)
	if len(counters) != 3 {
		t.Fatalf("counters=%d, want 3", len(counters))
	}
	st, _ := s.Settings(ctx)
	if st.CenterName != "Trung tâm Phục vụ hành chính công xã Luận Thành" || len(st.Sessions) != 3 || st.StopMinutes != 10 {
		t.Fatalf("settings=%+v", st)
	}
}

func testIssueNumbering(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	for i, want := range []string{"A001", "A002", "A003"} {
		if got := issue(t, s, "tu-phap-ho-tich", false); got.Number != want || got.Ahead != i || got.Session != queue.SessionMorning {
			t.Fatalf("ticket %d: %s ahead %d session %q, want %s ahead %d Sáng", i, got.Number, got.Ahead, got.Session, want, i)
		}
	}
	if got := issue(t, s, "dat-dai", false).Number; got != "C001" {
		t.Fatalf("first Đất đai ticket %s, want C001", got)
	}
	// The next day, numbering restarts.
	clock.Set(testutil.At(2026, 3, 3, 7, 45))
	if got := issue(t, s, "tu-phap-ho-tich", false).Number; got != "A001" {
		t.Fatalf("next day: %s, want A001", got)
	}
}

func testIssueExtendedSession(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	clock.Set(testutil.At(2026, 3, 2, 16, 45))
	ti := issue(t, s, "chung-thuc", false)
	if ti.Session != queue.SessionExtended || !ti.Extended {
		t.Fatalf("session %q extended %v, want Giờ thứ 9 extended", ti.Session, ti.Extended)
	}
}

// testIssueSurvivesRestart: numbers continue after a restart and every
// ticket is still there.
func testIssueSurvivesRestart(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	a1 := issue(t, s, "tu-phap-ho-tich", false)
	issue(t, s, "tu-phap-ho-tich", true)
	s = f.restart()
	if got := issue(t, s, "tu-phap-ho-tich", false); got.Number != "A003" || got.Ahead != 2 {
		t.Fatalf("after reopen: %s ahead %d, want A003 ahead 2", got.Number, got.Ahead)
	}
	back, err := s.TicketByToken(ctx, a1.Token)
	if err != nil || back.Number != "A001" || back.Status != queue.StatusWaiting || back.Ahead != 1 {
		t.Fatalf("A001 after reopen: %+v %v", back, err)
	}
}

// testIssueConcurrent: 64 goroutines × 50 tickets over three services;
// every number distinct and gap-free per service, every token unique.
func testIssueConcurrent(t *testing.T, h Harness) {
	s := morning(t, h).s
	services := []string{"tu-phap-ho-tich", "dat-dai", "tra-ket-qua"}
	var (
		mu     sync.Mutex
		seen   = map[string]bool{}
		tokens = map[string]bool{}
		perSvc = map[string]int{}
		wg     sync.WaitGroup
	)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				svc := services[(g+i)%len(services)]
				ti, err := s.Issue(ctx, queue.IssueRequest{ServiceID: svc})
				if err != nil {
					t.Errorf("Issue: %v", err)
					return
				}
				mu.Lock()
				if seen[ti.Number] || tokens[ti.Token] {
					t.Errorf("duplicate %s / %s", ti.Number, ti.Token)
				}
				seen[ti.Number], tokens[ti.Token] = true, true
				perSvc[svc]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	prefix := map[string]string{"tu-phap-ho-tich": "A", "dat-dai": "C", "tra-ket-qua": "H"}
	total := 0
	for svc, n := range perSvc {
		total += n
		for i := 1; i <= n; i++ {
			if num := queue.FormatNumber(prefix[svc], i, 3); !seen[num] {
				t.Fatalf("%s: gap at %s (issued %d)", svc, num, n)
			}
		}
	}
	if total != 64*50 {
		t.Fatalf("issued %d, want %d", total, 64*50)
	}
}

// testIssueCountsSurviveRestart: the day's counts are written once a
// batch; after concurrent batches over three services and a reopen, each
// service goes on from its own count.
func testIssueCountsSurviveRestart(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	services := []string{"tu-phap-ho-tich", "dat-dai", "tra-ket-qua"}
	var wg sync.WaitGroup
	for g := 0; g < 30; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if _, err := s.Issue(ctx, queue.IssueRequest{ServiceID: services[(g+i)%3]}); err != nil {
					t.Errorf("Issue: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	s = f.restart()
	for svc, want := range map[string]string{"tu-phap-ho-tich": "A201", "dat-dai": "C201", "tra-ket-qua": "H201"} {
		if got := issue(t, s, svc, false); got.Number != want {
			t.Errorf("%s after reopen: %s, want %s", svc, got.Number, want)
		}
	}
}

func testDailyCapUnderConcurrency(t *testing.T, h Harness) {
	s := morning(t, h).s
	cap := 10
	if _, err := s.UpdateService(ctx, queue.Actor{}, "xay-dung", queue.ServicePatch{DailyCap: &cap}); err != nil {
		t.Fatal(err)
	}
	var ok, capped int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Issue(ctx, queue.IssueRequest{ServiceID: "xay-dung"})
			mu.Lock()
			defer mu.Unlock()
			switch queue.ErrorCode(err) {
			case "":
				ok++
			case queue.ECAPREACHED:
				capped++
			default:
				t.Errorf("Issue: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != cap || capped != 64-cap {
		t.Fatalf("ok=%d capped=%d, want %d and %d", ok, capped, cap, 64-cap)
	}
	statuses, _ := s.ServiceStatuses(ctx)
	for _, st := range statuses {
		if st.ID == "xay-dung" && (st.Open || st.Reason != queue.ECAPREACHED) {
			t.Fatalf("capped service status %+v", st)
		}
	}
}

func testIssueRefused(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	_, err := s.Issue(ctx, queue.IssueRequest{ServiceID: "no-such"})
	wantCode(t, err, queue.ENOTFOUND)
	if _, err := s.DeactivateService(ctx, queue.Actor{}, "xay-dung"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Issue(ctx, queue.IssueRequest{ServiceID: "xay-dung"})
	wantCode(t, err, queue.ENOTFOUND)

	clock.Set(testutil.At(2026, 3, 2, 17, 25))
	_, err = s.Issue(ctx, queue.IssueRequest{ServiceID: "dat-dai"})
	wantCode(t, err, queue.ECLOSED)
	var qe *queue.Error
	if !errors.As(err, &qe) || !strings.Contains(qe.Message, "07:30 03/03/2026") || !strings.Contains(qe.English, "07:30 03/03/2026") {
		t.Fatalf("closed message does not say when it opens: %+v", qe)
	}
	// Nothing was written by the refusals.
	b, _, _ := s.Board(ctx)
	for _, q := range b.Queues {
		if q.Count != 0 {
			t.Fatalf("queue %s has %d tickets after refusals", q.ServiceID, q.Count)
		}
	}
}

func testAlwaysOpen(t *testing.T, h Harness) {
	s := start(t, h, testutil.At(2026, 3, 7, 22, 0), Config{AlwaysOpen: true}).s // Saturday night
	ti := issue(t, s, "dat-dai", false)
	if ti.Session != queue.SessionOutside {
		t.Fatalf("session %q, want %q", ti.Session, queue.SessionOutside)
	}
}

func testCounterFlow(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	_, err := s.Act(ctx, "quay-2", queue.ActionNext, "", "u1")
	wantCode(t, err, queue.ENOTFOUND) // nothing waiting
	_, err = s.Act(ctx, "quay-2", queue.ActionRecall, "", "u1")
	wantCode(t, err, queue.EINVALIDTRANSITION) // nothing called
	_, err = s.Act(ctx, "quay-9", queue.ActionNext, "", "u1")
	wantCode(t, err, queue.ENOTFOUND)

	c1 := issue(t, s, "dat-dai", false)
	clock.Add(time.Minute)
	c2 := issue(t, s, "dat-dai", false)
	clock.Add(time.Minute)

	got := act(t, s, "quay-2", queue.ActionNext, "")
	if got.Number != c1.Number || got.Status != queue.StatusCalled || got.CounterNumber != 2 || got.CounterName != "Quầy 2" {
		t.Fatalf("next: %+v", got)
	}
	if _, err := s.Act(ctx, "quay-2", queue.ActionNext, "", "u1"); queue.ErrorCode(err) != queue.ECONFLICT {
		t.Fatalf("next with a called ticket: %v, want conflict", err)
	}
	if got := act(t, s, "quay-2", queue.ActionRecall, ""); got.Recalls != 1 {
		t.Fatalf("recall: recalls=%d", got.Recalls)
	}
	act(t, s, "quay-2", queue.ActionStart, "")
	_, err = s.Act(ctx, "quay-2", queue.ActionRecall, "", "u1")
	wantCode(t, err, queue.EINVALIDTRANSITION) // serving cannot be recalled
	_, err = s.Act(ctx, "quay-2", queue.ActionNoShow, "", "u1")
	wantCode(t, err, queue.EINVALIDTRANSITION)
	clock.Add(4 * time.Minute)
	if got := act(t, s, "quay-2", queue.ActionDone, ""); got.Status != queue.StatusDone {
		t.Fatalf("done: %+v", got)
	}
	// No-show, then brought back by number.
	act(t, s, "quay-2", queue.ActionNext, "")
	if got := act(t, s, "quay-2", queue.ActionNoShow, ""); got.Status != queue.StatusNoShow {
		t.Fatalf("noshow: %+v", got)
	}
	d, err := s.CounterDetail(ctx, "2") // by number
	if err != nil || len(d.NoShows) != 1 || d.NoShows[0].Number != c2.Number || d.Today.Served != 1 || d.Today.NoShow != 1 {
		t.Fatalf("detail: %+v %v", d, err)
	}
	if d.Today.MeanServiceMins != 4 { // called at +2m, done at +6m
		t.Fatalf("mean service minutes %v, want 4", d.Today.MeanServiceMins)
	}
	if got := act(t, s, "quay-2", queue.ActionCall, strings.ToLower(c2.Number)); got.Number != c2.Number || got.Status != queue.StatusCalled {
		t.Fatalf("call by number: %+v", got)
	}
	act(t, s, "quay-2", queue.ActionDone, "")
	_, err = s.Act(ctx, "quay-2", queue.ActionCall, c2.Number, "u1")
	wantCode(t, err, queue.EINVALIDTRANSITION) // done: cannot be called again
	_, err = s.Act(ctx, "quay-2", queue.ActionCall, "C099", "u1")
	wantCode(t, err, queue.ENOTFOUND)
	_, err = s.Act(ctx, "quay-2", queue.ActionCall, "99", "u1")
	wantCode(t, err, queue.EINVALID)
}

// testTransferKeepsPlace: a transferred ticket keeps its number and goes
// before the target service's tickets issued after it.
func testTransferKeepsPlace(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	a1 := issue(t, s, "tu-phap-ho-tich", false)
	clock.Add(time.Minute)
	c1 := issue(t, s, "dat-dai", false)
	clock.Add(time.Minute)
	act(t, s, "quay-1", queue.ActionNext, "") // A001 at counter 1
	_, err := s.Act(ctx, "quay-1", queue.ActionTransfer, "no-such", "u1")
	wantCode(t, err, queue.EINVALID)
	_, err = s.Act(ctx, "quay-1", queue.ActionTransfer, "tu-phap-ho-tich", "u1")
	wantCode(t, err, queue.EINVALID)
	got := act(t, s, "quay-1", queue.ActionTransfer, "dat-dai")
	if got.Number != a1.Number || got.ServiceID != "dat-dai" || got.Status != queue.StatusWaiting || got.Ahead != 0 {
		t.Fatalf("transfer: %+v", got)
	}
	if back, _ := s.TicketByToken(ctx, c1.Token); back.Ahead != 1 {
		t.Fatalf("C001 ahead=%d, want 1 (A001 was issued first)", back.Ahead)
	}
	if got := act(t, s, "quay-2", queue.ActionNext, ""); got.Number != "A001" {
		t.Fatalf("counter 2 called %s, want the transferred A001", got.Number)
	}
}

// testTwoCountersNeverSameTicket: two counters × 200 parallel next over
// 300 tickets: each ticket called exactly once.
func testTwoCountersNeverSameTicket(t *testing.T, h Harness) {
	s := morning(t, h).s
	for i := 0; i < 300; i++ {
		issue(t, s, "tra-ket-qua", false) // served by every counter
	}
	var (
		mu     sync.Mutex
		called = map[string]int{}
		wg     sync.WaitGroup
	)
	for _, counter := range []string{"quay-1", "quay-2"} {
		for g := 0; g < 200; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ti, err := s.Act(ctx, counter, queue.ActionNext, "", "u1")
					switch queue.ErrorCode(err) {
					case queue.ECONFLICT:
						// The counter still has a ticket: finish it and retry.
						if _, err := s.Act(ctx, counter, queue.ActionDone, "", "u1"); err != nil &&
							queue.ErrorCode(err) != queue.EINVALIDTRANSITION {
							t.Errorf("done: %v", err)
							return
						}
						continue
					case queue.ENOTFOUND:
						return
					case "":
						mu.Lock()
						called[ti.Number]++
						mu.Unlock()
						return
					default:
						t.Errorf("next: %v", err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	for n, k := range called {
		if k != 1 {
			t.Fatalf("%s called %d times", n, k)
		}
	}
	if len(called) != 300 {
		t.Fatalf("called %d tickets", len(called))
	}
}

func testDayEndExpires(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	w := issue(t, s, "dat-dai", false)
	issue(t, s, "dat-dai", false)
	act(t, s, "quay-2", queue.ActionNext, "")
	clock.Set(testutil.At(2026, 3, 3, 0, 1))
	back, err := s.TicketByToken(ctx, w.Token)
	if err != nil || back.Status != queue.StatusExpired {
		t.Fatalf("waiting ticket after midnight: %+v %v", back.Status, err)
	}
	b, _, _ := s.Board(ctx)
	for _, c := range b.Counters {
		if c.Current != "" || c.Status != queue.CounterClosed {
			t.Fatalf("counter after midnight: %+v", c)
		}
	}
	for _, q := range b.Queues {
		if q.Count != 0 {
			t.Fatalf("queue %s after midnight: %d", q.ServiceID, q.Count)
		}
	}
}

// testDayEndAcrossRestart: the service stopped in the evening with
// tickets waiting and a counter serving; started the next morning, it ends
// the old day as if it had run through midnight. Restarted within a day,
// it keeps the day as it was.
func testDayEndAcrossRestart(t *testing.T, h Harness) {
	f := start(t, h, testutil.At(2026, 3, 2, 16, 40), Config{})
	s, clock := f.s, f.clock
	w := issue(t, s, "dat-dai", false)
	issue(t, s, "dat-dai", false)
	if _, err := s.OpenCounter(ctx, "quay-2", "u1"); err != nil {
		t.Fatal(err)
	}
	called := act(t, s, "quay-2", queue.ActionNext, "")

	// Restarted the same evening: nothing ends.
	clock.Set(testutil.At(2026, 3, 2, 17, 5))
	s = f.restart()
	b, _, err := s.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Counters {
		if c.ID == "quay-2" && c.Current != called.Number {
			t.Fatalf("quay-2 after a restart the same day: %+v, want %s called", c, called.Number)
		}
	}

	// Started the next morning.
	clock.Set(testutil.At(2026, 3, 3, 7, 35))
	s = f.restart()
	for _, tk := range []queue.TicketInfo{w, called} {
		back, err := s.TicketByToken(ctx, tk.Token)
		if err != nil || back.Status != queue.StatusExpired {
			t.Fatalf("%s the next morning: %s %v, want expired", tk.Number, back.Status, err)
		}
	}
	b, _, err = s.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Counters {
		if c.Current != "" || c.Status != queue.CounterClosed {
			t.Fatalf("counter the next morning: %+v", c)
		}
	}
	for _, q := range b.Queues {
		if q.Count != 0 {
			t.Fatalf("queue %s the next morning: %d waiting %v", q.ServiceID, q.Count, q.Waiting)
		}
	}
	if got := issue(t, s, "dat-dai", false); got.Number != "C001" || got.Ahead != 0 {
		t.Fatalf("first ticket of the new day: %s ahead %d, want C001 ahead 0", got.Number, got.Ahead)
	}
}

func testRatings(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	tk := issue(t, s, "dat-dai", false)
	_, err := s.RateTicket(ctx, tk.Token, queue.Feedback{Rating: 4})
	wantCode(t, err, queue.ECONFLICT) // not done
	act(t, s, "quay-2", queue.ActionNext, "")
	_, err = s.RateAtCounter(ctx, "quay-2", "", queue.Feedback{Rating: 4})
	wantCode(t, err, queue.ECONFLICT) // nothing done at the counter yet
	act(t, s, "quay-2", queue.ActionDone, "")
	_, err = s.RateTicket(ctx, tk.Token, queue.Feedback{Rating: 5})
	wantCode(t, err, queue.EINVALID)
	got, err := s.RateAtCounter(ctx, "quay-2", "", queue.Feedback{Rating: 2, Reasons: []string{"thái độ"}, Comment: "Chờ lâu"})
	if err != nil || got.Feedback == nil || got.Feedback.Via != queue.FeedbackCounter || got.Feedback.Reasons[0] != queue.ReasonAttitude {
		t.Fatalf("rate at counter: %+v %v", got.Feedback, err)
	}
	_, err = s.RateTicket(ctx, tk.Token, queue.Feedback{Rating: 4})
	wantCode(t, err, queue.ECONFLICT) // one rating per ticket, whichever path

	// The phone has 24 hours; the tablet 10 minutes.
	t2 := issue(t, s, "dat-dai", false)
	act(t, s, "quay-2", queue.ActionNext, "")
	act(t, s, "quay-2", queue.ActionDone, "")
	clock.Add(11 * time.Minute)
	_, err = s.RateAtCounter(ctx, "quay-2", "", queue.Feedback{Rating: 4})
	wantCode(t, err, queue.ECONFLICT)
	clock.Add(25 * time.Hour)
	_, err = s.RateTicket(ctx, t2.Token, queue.Feedback{Rating: 4})
	wantCode(t, err, queue.ECONFLICT)
}

func testEventsAfterCommitInOrder(t *testing.T, h Harness) {
	s := morning(t, h).s
	var (
		mu  sync.Mutex
		got []queue.Event
	)
	s.Subscribe(func(evs []queue.Event) {
		mu.Lock()
		got = append(got, evs...)
		mu.Unlock()
	})
	issue(t, s, "dat-dai", false)
	act(t, s, "quay-2", queue.ActionNext, "")
	s.Act(ctx, "quay-2", queue.ActionNext, "", "u1") // refused: no event
	act(t, s, "quay-2", queue.ActionRecall, "")
	act(t, s, "quay-2", queue.ActionDone, "")
	mu.Lock()
	defer mu.Unlock()
	var types []string
	for i, e := range got {
		types = append(types, e.Type)
		if i > 0 && e.Seq != got[i-1].Seq+1 {
			t.Fatalf("seq %d after %d", e.Seq, got[i-1].Seq)
		}
	}
	if want := "issue call recall done"; strings.Join(types, " ") != want {
		t.Fatalf("events %v, want %s", types, want)
	}
	if !got[1].IsCall() || queue.CallOf(&got[1]).CounterNumber != 2 {
		t.Fatalf("call event %+v", got[1])
	}
	_, seq, _ := s.Board(ctx)
	if seq != got[len(got)-1].Seq {
		t.Fatalf("board seq %d, last event %d", seq, got[len(got)-1].Seq)
	}
}

func testForEachTicketRange(t *testing.T, h Harness) {
	f := morning(t, h)
	s, clock := f.s, f.clock
	for d := 2; d <= 6; d++ {
		clock.Set(testutil.At(2026, 3, d, 8, 0))
		for i := 0; i < d; i++ {
			issue(t, s, "dat-dai", false)
		}
	}
	count := func(from, to string) int {
		n := 0
		if err := s.ForEachTicket(ctx, from, to, func(*queue.Ticket) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tt := range []struct {
		from, to string
		want     int
	}{
		{"2026-03-01", "2026-03-31", 2 + 3 + 4 + 5 + 6},
		{"2026-03-03", "2026-03-04", 3 + 4},
		{"2026-03-06", "2026-03-06", 6},
		{"2026-03-07", "2026-03-31", 0},
		{"2026-02-01", "2026-02-28", 0},
	} {
		if got := count(tt.from, tt.to); got != tt.want {
			t.Errorf("%s..%s: %d tickets, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}
