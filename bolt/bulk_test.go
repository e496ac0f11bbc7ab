package bolt_test

import (
	"context"
	"testing"

	"xephang/bolt"
	"xephang/internal/testutil"
	"xephang/queue"
)

func TestImportTickets(t *testing.T) {
	clock := testutil.NewClock(testutil.At(2026, 3, 4, 9, 0))
	s := testutil.OpenStore(t, clock, bolt.Options{})
	ctx := context.Background()
	at := testutil.At(2026, 3, 2, 8, 0)
	list := []queue.Ticket{
		{Day: "2026-03-02", ServiceID: "chung-thuc", Status: queue.StatusDone, Session: "Sáng", IssuedAt: at, DoneAt: at.Add(9e11)},
		{Day: "2026-03-02", ServiceID: "chung-thuc", Status: queue.StatusExpired, Session: "Sáng", IssuedAt: at.Add(6e10)},
		{Day: "2026-03-03", ServiceID: "dat-dai", Status: queue.StatusDone, Session: queue.SessionExtended, Extended: true, IssuedAt: at.Add(864e11)},
	}
	if err := s.ImportTickets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if got := list[0].Number + " " + list[1].Number + " " + list[2].Number; got != "B001 B002 C001" {
		t.Errorf("numbers %q, want B001 B002 C001", got)
	}
	var days []string
	err := s.ForEachTicket(ctx, "2026-03-03", "2026-03-03", func(tk *queue.Ticket) error {
		days = append(days, tk.Day+" "+tk.Number)
		return nil
	})
	if err != nil || len(days) != 1 || days[0] != "2026-03-03 C001" {
		t.Errorf("scan of day 2: %q %v", days, err)
	}
	if ti, err := s.TicketByToken(ctx, list[0].Token); err != nil || ti.Number != "B001" || !ti.IssuedAt.Equal(at) {
		t.Errorf("by token: %+v %v", ti.Ticket, err)
	}

	bad := []struct {
		name string
		t    queue.Ticket
	}{
		{"today", queue.Ticket{Day: "2026-03-04", ServiceID: "chung-thuc", Status: queue.StatusDone}},
		{"before stored", queue.Ticket{Day: "2026-03-01", ServiceID: "chung-thuc", Status: queue.StatusDone}},
		{"waiting", queue.Ticket{Day: "2026-03-03", ServiceID: "chung-thuc", Status: queue.StatusWaiting}},
		{"unknown service", queue.Ticket{Day: "2026-03-03", ServiceID: "nope", Status: queue.StatusDone}},
	}
	for _, b := range bad {
		if err := s.ImportTickets(ctx, []queue.Ticket{b.t}); err == nil {
			t.Errorf("%s: imported", b.name)
		}
	}
	n := 0
	s.ForEachTicket(ctx, "2000-01-01", "2099-12-31", func(*queue.Ticket) error { n++; return nil })
	if n != 3 {
		t.Errorf("%d tickets after the refused imports, want 3", n)
	}
}
