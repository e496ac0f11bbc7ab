package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/queue"
	"xephang/report"
)

func TestDemoData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	env := func(k string) string {
		if k == "XEPHANG_ADMIN_PASSWORD" {
			return "demo-admin-password"
		}
		return ""
	}
	ctx := context.Background()
	var out, errs bytes.Buffer
	// Smaller days than the command's, and a cheap password hash, to
	// keep the test quick under -race; run() is exercised below.
	cfg := demoConfig{Days: 3, Data: path, Seed: 7, AdminPassword: "demo-admin-password", scale: 0.4, bcryptCost: bcrypt.MinCost}
	if err := demoData(ctx, cfg, &out); err != nil {
		t.Fatalf("demo-data: %v", err)
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
	if code := run(ctx, []string{"demo-data", "--days", "1", "--data", path}, env, &out, &errs); code == 0 ||
		!strings.Contains(errs.String(), "already holds tickets") {
		t.Errorf("second run: exit %d, %s", code, errs.String())
	}
	if code := run(ctx, []string{"demo-data", "--days", "0"}, env, &out, &errs); code != 2 {
		t.Errorf("--days 0: exit %d", code)
	}
}
