package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/queue"
)

// waitFor is testutil.Eventually for a condition with no name.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	testutil.Eventually(t, "the condition", cond)
}

// dayTickets returns the tickets of the test day in s, by id.
func dayTickets(t *testing.T, s *bolt.Store) map[uint64]queue.Ticket {
	t.Helper()
	out := map[uint64]queue.Ticket{}
	day := testutil.CampaignMorning.Format("2006-01-02")
	if err := s.ForEachTicket(context.Background(), day, day, func(tk *queue.Ticket) error {
		out[tk.ID] = *tk
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAdminBackupWhileIssuing downloads a backup while kiosks keep taking
// tickets, restores it as the README says (a file in place of the
// database) and finds a consistent copy: every ticket issued before the
// download, then an unbroken run of the ones issued during it, each the
// same as in the live store; the file passes tx.Check and numbering goes
// on from it.
func TestAdminBackupWhileIssuing(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	kiosk := app.Client()
	services := []string{"tu-phap-ho-tich", "chung-thuc", "dat-dai"}
	before := map[string]e2e.Ticket{}
	for i := range 30 {
		tk := kiosk.Issue(t, services[i%len(services)], i%7 == 0)
		before[tk.Token] = tk
	}

	// Kiosks keep issuing until the download is over.
	var (
		stop    atomic.Bool
		wg      sync.WaitGroup
		during  atomic.Int64
		failure atomic.Value
	)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"service_id":%q}`, services[g%len(services)])
			for !stop.Load() {
				res, err := http.Post(app.URL+"/api/v1/tickets", "application/json", strings.NewReader(body))
				if err != nil {
					failure.Store(err.Error())
					return
				}
				res.Body.Close()
				if res.StatusCode != 201 {
					failure.Store(res.Status)
					return
				}
				during.Add(1)
			}
		}()
	}
	// Let the kiosks get going, so the download overlaps them, and go on
	// after it.
	waitFor(t, func() bool { return during.Load() >= 20 || failure.Load() != nil })
	atStart := during.Load()
	res, data := admin.DoHeader(t, "GET", "/api/v1/admin/backup", nil, nil)
	atEnd := during.Load()
	waitFor(t, func() bool { return during.Load() >= atEnd+20 || failure.Load() != nil })
	stop.Store(true)
	wg.Wait()
	if f := failure.Load(); f != nil {
		t.Fatalf("issuing during the backup failed: %v", f)
	}
	if res.StatusCode != 200 {
		t.Fatalf("backup: %d %s", res.StatusCode, data)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="xephang-20260302-0900.db"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("Content-Type %q", ct)
	}

	// Restore: the downloaded file is the database.
	path := filepath.Join(t.TempDir(), "restored.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := bolt.Open(path, bolt.Options{Now: app.Clock.Now})
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer testutil.CloseAndCheck(t, restored) // tx.Check

	live := dayTickets(t, app.Store)
	got := dayTickets(t, restored)
	if len(live) != 30+int(during.Load()) {
		t.Fatalf("live store has %d tickets, want %d", len(live), 30+during.Load())
	}
	for _, want := range before {
		found := false
		for _, tk := range got {
			if tk.Token == want.Token {
				found = tk.Number == want.Number && tk.ServiceID == want.ServiceID && tk.Priority == want.Priority
			}
		}
		if !found {
			t.Fatalf("ticket %s issued before the backup is not in it", want.Number)
		}
	}
	// A snapshot: tickets 1..n, nothing missing, nothing half-written;
	// at least those answered before the download began, not those issued
	// after it ended.
	n := uint64(len(got))
	t.Logf("backup of %d bytes holds %d of %d tickets (%d issued during the download)", len(data), n, len(live), atEnd-atStart)
	if n < 30+uint64(atStart) || n > 30+uint64(atEnd)+4 {
		t.Errorf("backup holds %d tickets, want between %d and %d", n, 30+atStart, 30+atEnd+4)
	}
	for id := uint64(1); id <= n; id++ {
		tk, ok := got[id]
		if !ok {
			t.Fatalf("backup has %d tickets but not ticket %d", n, id)
		}
		if l := live[id]; l.Token != tk.Token || l.Number != tk.Number || l.Status != tk.Status || !l.IssuedAt.Equal(tk.IssuedAt) {
			t.Fatalf("ticket %d differs: backup %+v, live %+v", id, tk, l)
		}
	}
	ti, err := restored.TicketByToken(context.Background(), live[1].Token)
	if err != nil || ti.Number != live[1].Number {
		t.Fatalf("restored ticket by token: %+v %v", ti, err)
	}
	// The restored queue is the backup's, and numbering goes on from it.
	next, err := restored.Issue(context.Background(), queue.IssueRequest{ServiceID: "dat-dai"})
	if err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, tk := range got {
		if tk.ServiceID == "dat-dai" {
			var k int
			fmt.Sscanf(tk.Number[1:], "%d", &k)
			last = max(last, k)
		}
	}
	if want := fmt.Sprintf("C%03d", last+1); next.Number != want {
		t.Errorf("first number after restore %s, want %s", next.Number, want)
	}
	// The accounts came along: the admin's password hash works there.
	if u, err := restored.UserByUsername(context.Background(), e2e.AdminUser); err != nil || len(u.PasswordHash) == 0 {
		t.Errorf("admin in the backup: %+v %v", u, err)
	}
}
