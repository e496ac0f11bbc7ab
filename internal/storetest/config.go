package storetest

import (
	"testing"
	"time"

	"xephang/queue"
)

// The rest of what the handlers rely on: opening and closing counters,
// what survives a restart, the admin's changes, users and sessions.

func testCounterOpenClose(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	c, err := s.OpenCounter(ctx, "quay-1", "u1")
	if err != nil || !c.Open || c.OfficerID != "u1" {
		t.Fatalf("open: %+v %v", c, err)
	}
	issue(t, s, "chung-thuc", false)
	act(t, s, "quay-1", queue.ActionNext, "")
	_, err = s.CloseCounter(ctx, "quay-1", "u1")
	wantCode(t, err, queue.ECONFLICT) // a citizen is at it
	act(t, s, "quay-1", queue.ActionDone, "")
	if c, err = s.CloseCounter(ctx, "quay-1", "u1"); err != nil || c.Open {
		t.Fatalf("close: %+v %v", c, err)
	}
	_, err = s.OpenCounter(ctx, "quay-9", "u1")
	wantCode(t, err, queue.ENOTFOUND)
	s = f.restart()
	list, err := s.Counters(ctx)
	if err != nil || len(list) != 3 || list[0].Open {
		t.Fatalf("counters after restart: %+v %v", list, err)
	}
}

// testRatingAtCounterAfterRestart: the tablet can still rate the ticket
// its counter finished just before a restart.
func testRatingAtCounterAfterRestart(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	issue(t, s, "dat-dai", false)
	act(t, s, "quay-2", queue.ActionNext, "")
	done := act(t, s, "quay-2", queue.ActionDone, "")
	s = f.restart()
	d, err := s.CounterDetail(ctx, "quay-2")
	if err != nil || d.LastDoneTicket == nil || d.LastDoneTicket.Number != done.Number || d.Today.Served != 1 {
		t.Fatalf("detail after restart: %+v %v", d, err)
	}
	got, err := s.RateAtCounter(ctx, "quay-2", done.Number, queue.Feedback{Rating: 3})
	if err != nil || got.Feedback == nil || got.Feedback.Rating != 3 {
		t.Fatalf("rate after restart: %+v %v", got, err)
	}
	back, err := s.TicketByToken(ctx, done.Token)
	if err != nil || back.Feedback == nil || back.Feedback.Via != queue.FeedbackCounter {
		t.Fatalf("the rating is not stored: %+v %v", back.Feedback, err)
	}
}

// testBoardSurvivesRestart: the board after a restart is the board before
// it, and its seq goes on.
func testBoardSurvivesRestart(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	for range 3 {
		issue(t, s, "dat-dai", false)
	}
	issue(t, s, "dat-dai", true)
	act(t, s, "quay-2", queue.ActionNext, "")
	act(t, s, "quay-2", queue.ActionRecall, "")
	f.clock.Add(5 * time.Minute)
	act(t, s, "quay-2", queue.ActionDone, "")
	act(t, s, "quay-2", queue.ActionNext, "")
	before, seq, err := s.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s = f.restart()
	after, seq2, err := s.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if seq2 != seq || !sameJSON(t, before, after) {
		t.Fatalf("board changed over a restart:\n%s seq %d\n%s seq %d", toJSON(t, before), seq, toJSON(t, after), seq2)
	}
	var got []uint64
	s.Subscribe(func(evs []queue.Event) {
		for _, e := range evs {
			got = append(got, e.Seq)
		}
	})
	issue(t, s, "dat-dai", false)
	if len(got) != 1 || got[0] != seq+1 {
		t.Fatalf("events after restart %v, want [%d]", got, seq+1)
	}
}

func testUnknownTokenNotFound(t *testing.T, h Harness) {
	s := morning(t, h).s
	ti := issue(t, s, "dat-dai", false)
	for _, tok := range []string{"", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ti.Token + "A", ti.Token[:len(ti.Token)-1]} {
		if _, err := s.TicketByToken(ctx, tok); queue.ErrorCode(err) != queue.ENOTFOUND {
			t.Errorf("TicketByToken(%q): %v, want not_found", tok, err)
		}
		if _, err := s.RateTicket(ctx, tok, queue.Feedback{Rating: 4}); queue.ErrorCode(err) != queue.ENOTFOUND {
			t.Errorf("RateTicket(%q): %v, want not_found", tok, err)
		}
	}
}

func testAdminServices(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	by := queue.Actor{UserID: "u1", Username: "admin"}
	sv, err := s.CreateService(ctx, by, queue.Service{ID: "y-te", Name: "Y tế – BHYT", Prefix: "K", FirstNumber: 1, Digits: 3, Active: true})
	if err != nil || sv.Order <= 8 || sv.Digits != 3 || sv.FirstNumber != 1 {
		t.Fatalf("create: %+v %v", sv, err)
	}
	_, err = s.CreateService(ctx, by, queue.Service{ID: "y-te", Name: "Again", Prefix: "L", FirstNumber: 1, Digits: 3, Active: true})
	wantCode(t, err, queue.EINVALID)
	_, err = s.CreateService(ctx, by, queue.Service{ID: "giao-duc", Name: "Giáo dục", Prefix: "K", FirstNumber: 1, Digits: 3, Active: true})
	wantCode(t, err, queue.EINVALID) // prefix in use
	if got := issue(t, s, "y-te", false).Number; got != "K001" {
		t.Fatalf("first ticket of a new service %s", got)
	}
	// Renumbering backwards would issue K001 twice today.
	first := 1
	digits := 4
	_, err = s.UpdateService(ctx, by, "y-te", queue.ServicePatch{Digits: &digits})
	if err != nil {
		t.Fatalf("more digits: %v", err)
	}
	_, err = s.UpdateService(ctx, by, "y-te", queue.ServicePatch{FirstNumber: &first})
	if err != nil && queue.ErrorCode(err) != queue.EINVALID && queue.ErrorCode(err) != queue.ECONFLICT {
		t.Fatalf("renumber: %v", err)
	}
	_, err = s.UpdateService(ctx, by, "nope", queue.ServicePatch{})
	wantCode(t, err, queue.ENOTFOUND)
	if _, err := s.DeactivateService(ctx, by, "y-te"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Issue(ctx, queue.IssueRequest{ServiceID: "y-te"})
	wantCode(t, err, queue.ENOTFOUND)
	s = f.restart()
	list, err := s.Services(ctx)
	if err != nil || len(list) != 9 || list[8].ID != "y-te" || list[8].Active || list[8].Digits != 4 {
		t.Fatalf("services after restart: %+v %v", list, err)
	}
	audit, err := s.Audit(ctx, 10)
	if err != nil || len(audit) < 3 || audit[0].Action != "service.deactivate" || audit[0].Username != "admin" {
		t.Fatalf("audit: %+v %v", audit, err)
	}
}

func testAdminCounters(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	by := queue.Actor{UserID: "u1", Username: "admin"}
	c, err := s.CreateCounter(ctx, by, queue.Counter{ID: "quay-4", Number: 4, Name: "Quầy 4",
		Services: []string{"dat-dai"}, Open: true, Current: 99})
	if err != nil || c.Open || c.Current != 0 {
		t.Fatalf("create: %+v %v (a new counter starts closed and idle)", c, err)
	}
	_, err = s.CreateCounter(ctx, by, queue.Counter{ID: "quay-5", Number: 4, Name: "Quầy 5", Services: []string{"dat-dai"}})
	wantCode(t, err, queue.EINVALID) // number in use
	_, err = s.CreateCounter(ctx, by, queue.Counter{ID: "quay-5", Number: 5, Name: "Quầy 5", Services: []string{"nope"}})
	wantCode(t, err, queue.EINVALID)
	issue(t, s, "dat-dai", false)
	act(t, s, "4", queue.ActionNext, "")
	err = s.DeleteCounter(ctx, by, "quay-4")
	wantCode(t, err, queue.ECONFLICT) // a citizen is at it
	name := "Quầy Đất đai"
	if c, err = s.UpdateCounter(ctx, by, "quay-4", queue.CounterPatch{Name: &name}); err != nil || c.Name != name || c.Current == 0 {
		t.Fatalf("update keeps the working state: %+v %v", c, err)
	}
	act(t, s, "quay-4", queue.ActionDone, "")
	if err := s.DeleteCounter(ctx, by, "quay-4"); err != nil {
		t.Fatal(err)
	}
	err = s.DeleteCounter(ctx, by, "quay-4")
	wantCode(t, err, queue.ENOTFOUND)
	s = f.restart()
	if list, _ := s.Counters(ctx); len(list) != 3 {
		t.Fatalf("counters after restart: %+v", list)
	}
}

func testAdminSettings(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	by := queue.Actor{UserID: "u1", Username: "admin"}
	name, zone := "Trung tâm xã Hoằng Hóa", "Europe/Paris"
	st, err := s.UpdateSettings(ctx, by, queue.SettingsPatch{CenterName: &name, Zone: &zone})
	if err != nil || st.CenterName != name {
		t.Fatalf("update: %+v %v", st, err)
	}
	if s.Location().String() != zone {
		t.Fatalf("zone %s, want %s", s.Location(), zone)
	}
	bad := "Mars/Olympus"
	_, err = s.UpdateSettings(ctx, by, queue.SettingsPatch{Zone: &bad})
	wantCode(t, err, queue.EINVALID)
	s = f.restart()
	st, err = s.Settings(ctx)
	if err != nil || st.CenterName != name || st.Zone != zone {
		t.Fatalf("settings after restart: %+v %v", st, err)
	}
	if info, _ := s.Info(ctx); info.Center != name || info.Zone != zone {
		t.Fatalf("info: %+v", info)
	}
}

func testUsersAndSessions(t *testing.T, h Harness) {
	f := morning(t, h)
	s := f.s
	by := queue.Actor{UserID: "u0", Username: "admin"}
	u, err := s.CreateUser(ctx, by, queue.User{Username: "CanBo1", DisplayName: "Nguyễn Văn A", Role: queue.RoleOfficer,
		Active: true, Counters: []string{"quay-1"}, PasswordHash: []byte("$2a$10$hash")})
	if err != nil || u.ID == "" || u.Username != "canbo1" || u.PasswordHash != nil {
		t.Fatalf("create: %+v %v", u, err)
	}
	_, err = s.CreateUser(ctx, by, queue.User{Username: "canbo1", DisplayName: "B", Role: queue.RoleOfficer, Active: true,
		PasswordHash: []byte("x")})
	wantCode(t, err, queue.EINVALID) // taken
	_, err = s.CreateUser(ctx, by, queue.User{Username: "canbo2", DisplayName: "B", Role: queue.RoleOfficer, Active: true,
		Counters: []string{"quay-9"}, PasswordHash: []byte("x")})
	wantCode(t, err, queue.EINVALID)
	sess := queue.AuthSession{IDHash: "h1", UserID: u.ID, CSRFToken: "c", CreatedAt: f.clock.Now(), ExpiresAt: f.clock.Now().Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	s = f.restart()
	if got, err := s.Session(ctx, "h1"); err != nil || got.UserID != u.ID {
		t.Fatalf("session after restart: %+v %v", got, err)
	}
	if got, err := s.UserByUsername(ctx, " CANBO1 "); err != nil || got.ID != u.ID || len(got.PasswordHash) == 0 {
		t.Fatalf("by username: %+v %v", got, err)
	}
	// A new password ends the user's sessions.
	if _, err := s.UpdateUser(ctx, by, u.ID, queue.UserPatch{}, []byte("$2a$10$other")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "h1"); queue.ErrorCode(err) != queue.ENOTFOUND && queue.ErrorCode(err) != queue.EUNAUTHORIZED {
		t.Fatalf("session after a password change: %v", err)
	}
	if err := s.DeleteSession(ctx, "nope"); err != nil && queue.ErrorCode(err) != queue.ENOTFOUND {
		t.Fatalf("delete an unknown session: %v", err)
	}
}
