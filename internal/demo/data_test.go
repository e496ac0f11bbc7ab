package demo_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/internal/demo"
	"xephang/queue"
	"xephang/report"
)

func TestDemoData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	ctx := context.Background()
	var out, errs bytes.Buffer
	// The first admin is main's to create; Fill asks for it once.
	admins := 0
	admin := func(ctx context.Context, s *bolt.Store, w io.Writer) error {
		admins++
		_, err := s.CreateUser(ctx, queue.Actor{Username: "test"}, queue.User{
			Username: "admin", DisplayName: "Admin", Role: queue.RoleAdmin, Active: true, PasswordHash: []byte("x"),
		})
		return err
	}
	// Smaller days than the command's, and a cheap password hash, to
	// keep the test quick under -race; Run is exercised below.
	cfg := demo.Config{Days: 3, Data: path, Seed: 7, Admin: admin, Scale: 0.4, BcryptCost: bcrypt.MinCost}
	if err := demo.Fill(ctx, cfg, &out); err != nil {
		t.Fatalf("demo-data: %v", err)
	}
	if admins != 1 {
		t.Errorf("the admin was asked for %d times, want once", admins)
	}
	if !strings.Contains(out.String(), "3 ngày làm việc (23/02/2026–25/02/2026)") || !strings.Contains(out.String(), "go run . --data "+path) {
		t.Errorf("output:\n%s", out.String())
	}

	// The report of those days has tickets in every session, the
	// extended hour among them, and everything ended.
	store, err := bolt.Open(path, bolt.Options{Now: func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Compute(ctx, store, "2026-02-23", "2026-02-25")
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Summary.Total
	if rep.Days != 3 || s.Issued < 100 || s.Served < s.Issued*8/10 || s.NoShow == 0 || s.Rated == 0 || s.InProgress != 0 {
		t.Errorf("days %d, summary %+v", rep.Days, s)
	}
	sessions := map[string]int{}
	for _, r := range rep.BySession {
		sessions[r.Key] = r.Total.Issued
	}
	for _, name := range []string{queue.SessionMorning, queue.SessionAfternoon, queue.SessionExtended} {
		if sessions[name] == 0 {
			t.Errorf("no ticket in session %s: %v", name, sessions)
		}
	}
	if sessions[queue.SessionMorning] <= sessions[queue.SessionAfternoon] {
		t.Errorf("the morning should be busier: %v", sessions)
	}
	// Monday's extended hour is busier than the other days'.
	if bars := rep.ExtendedByDay; len(bars) != 3 || bars[0].Issued <= bars[1].Issued || bars[0].Issued <= bars[2].Issued {
		t.Errorf("extended hour per day: %+v", bars)
	}
	if len(rep.ByOfficer) < 4 || rep.Online.Total.Issued == 0 {
		t.Errorf("officers %d, online %d", len(rep.ByOfficer), rep.Online.Total.Issued)
	}
	var priority, transferred int
	store.ForEachTicket(ctx, "2026-02-23", "2026-02-25", func(tk *queue.Ticket) error {
		if tk.Priority {
			priority++
		}
		if tk.Transfers > 0 {
			transferred++
		}
		return nil
	})
	if priority == 0 || transferred == 0 {
		t.Errorf("priority %d, transferred %d", priority, transferred)
	}
	store.Close()

	// A database with tickets is refused.
	out.Reset()
	errs.Reset()
	if code := demo.Run(ctx, []string{"--days", "1", "--data", path}, admin, &out, &errs); code == 0 ||
		!strings.Contains(errs.String(), "already holds tickets") {
		t.Errorf("second run: exit %d, %s", code, errs.String())
	}
	if code := demo.Run(ctx, []string{"--days", "0"}, admin, &out, &errs); code != 2 {
		t.Errorf("--days 0: exit %d", code)
	}
}
