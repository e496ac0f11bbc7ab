package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// TestPagesShowTheStoresZone starts the center in Europe/Paris (--tz) at a
// moment when Paris and Hồ Chí Minh City are on different days: the
// board's clock and date, the kiosk's clock and the tracking page's issue
// time show Paris time, as the server's injected clock has it, not a zone
// of the pages' own.
func TestPagesShowTheStoresZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// 03:00 on Monday in Hồ Chí Minh City is 21:00 on Sunday in Paris.
	now := time.Date(2026, 2, 23, 3, 0, 0, 0, testutil.Zone)
	app := e2e.NewApp(t, e2e.Options{Now: now, Store: bolt.Options{Zone: "Europe/Paris", AlwaysOpen: true}})
	tk := app.Client().Issue(t, "dat-dai", false)

	local := app.Clock.Now().In(paris)
	hm, day := local.Format("15:04"), local.Format("02/01/2006") // 21:00, 22/02/2026
	if hm == now.Format("15:04") {
		t.Fatalf("the test needs a moment where the zones differ, got %s in both", hm)
	}

	ctx := e2e.Browser(t, 1920, 1080)
	e2e.WatchConsole(t, ctx)

	// The board: its clock ticks on from the server's time, which the test
	// does not move, so within a minute it still shows the same HH:MM.
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/board"))
	e2e.WaitJS(t, ctx, "the board's clock in Paris time",
		fmt.Sprintf(`document.querySelector('#clock').textContent.startsWith(%q + ':') && document.querySelector('#date').textContent.endsWith(%q)`, hm, ", "+day),
		10*time.Second, `document.querySelector('#clock').textContent + ' ' + document.querySelector('#date').textContent`)

	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/kiosk"))
	e2e.WaitJS(t, ctx, "the kiosk's clock in Paris time",
		fmt.Sprintf(`document.querySelector('#clock').textContent === %q`, hm+" · "+day),
		10*time.Second, `document.querySelector('#clock').textContent`)

	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/t/"+tk.Token))
	e2e.WaitJS(t, ctx, "the ticket's issue time in Paris time",
		fmt.Sprintf(`document.querySelector('#issued').textContent === %q`, hm+", "+day),
		10*time.Second, `document.querySelector('#issued').textContent`)
	if got := e2e.Text(t, ctx, "#issued"); strings.Contains(got, now.Format("15:04")) {
		t.Errorf("issued %q shows Hồ Chí Minh City's time", got)
	}
}
