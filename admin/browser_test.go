package admin_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
)

// clearInput empties an input as a user selecting its text and deleting
// it would.
func clearInput(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector(` + strconv.Quote(sel) +
		`); el.value = ""; el.dispatchEvent(new Event("input", {bubbles: true})); })()`)
}

// signInAdmin opens /admin and signs in with the form.
func signInAdmin(t *testing.T, ctx context.Context, url, user, password string) {
	t.Helper()
	e2e.Run(t, ctx,
		chromedp.Navigate(url+"/admin"),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#login-username"), user),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password),
		chromedp.Click(chromedp.CSS(`#login-form button[type=submit]`)),
	)
}

// openSection goes to a section by its menu link and waits until it is
// filled from the API.
func openSection(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS("#nav-"+id)),
		chromedp.WaitVisible(chromedp.CSS(`main[data-ready="`+id+`"]`)),
	)
}

// TestAdminPageAddsService: the admin signs in on /admin, is told off for
// a prefix already taken (next to the field, nothing saved), then adds the
// service; it is in the kiosk's list at once, and on an open /kiosk page
// without a reload once the kiosk renders its service buttons.
func TestAdminPageAddsService(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	ctx := e2e.Browser(t, 1920, 1080)
	// 401 before signing in, 400 from the invalid input the test types.
	e2e.WatchConsole(t, ctx, "status of 401", "status of 400")

	// A kiosk already open in another tab, to see the service arrive.
	kiosk, cancelKiosk := chromedp.NewContext(ctx)
	defer cancelKiosk()
	// The tab lives as long as the context of its first action: give it
	// the tab's own, not run's shorter one.
	if err := chromedp.Do(kiosk); err != nil {
		t.Fatal(err)
	}
	e2e.Run(t, kiosk, chromedp.Navigate(app.URL+"/kiosk"), chromedp.WaitVisible(chromedp.CSS(`button.service[data-service="dat-dai"]`)))

	signInAdmin(t, ctx, app.URL, e2e.AdminUser, e2e.AdminPassword)
	e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`main[data-ready="trung-tam"]`)))
	if who := e2e.Text(t, ctx, "#who"); !strings.Contains(who, "Admin") {
		t.Errorf("signed in as %q", who)
	}
	openSection(t, ctx, "linh-vuc")

	form := "#service-form "
	e2e.Run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(form+`[data-field="name"] input`), "Cấp phiếu lý lịch tư pháp"),
		chromedp.SendKeys(chromedp.CSS(form+`[data-field="prefix"] input`), "a"),
		chromedp.Click(chromedp.CSS(form+`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(form+`[data-field="prefix"] .err`)),
	)
	if msg := e2e.Text(t, ctx, form+`[data-field="prefix"] .err`); !strings.Contains(msg, "Ký hiệu") || !strings.Contains(msg, "Tư pháp") {
		t.Errorf("prefix error %q", msg)
	}
	if findService(kioskServices(t, app), "cap-phieu-ly-lich-tu-phap") != nil {
		t.Fatal("a refused service was saved")
	}

	e2e.Run(t, ctx,
		clearInput(form+`[data-field="prefix"] input`),
		chromedp.SendKeys(chromedp.CSS(form+`[data-field="prefix"] input`), "k"),
		clearInput(form+`[data-field="daily_cap"] input`),
		chromedp.SendKeys(chromedp.CSS(form+`[data-field="daily_cap"] input`), "50"),
		chromedp.Click(chromedp.CSS(form+`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-service="cap-phieu-ly-lich-tu-phap"]`)),
	)
	if row := e2e.Text(t, ctx, `tr[data-service="cap-phieu-ly-lich-tu-phap"]`); !strings.Contains(row, "K001") || !strings.Contains(row, "50") {
		t.Errorf("new row %q", row)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#service-form .err").length`)); err != nil || n != 0 {
		t.Errorf("errors left on the form: %d %v", n, err)
	}
	s := findService(kioskServices(t, app), "cap-phieu-ly-lich-tu-phap")
	if s == nil || s.Name != "Cấp phiếu lý lịch tư pháp" || s.Prefix != "K" {
		t.Fatalf("GET /api/v1/services: %+v", s)
	}

	// The kiosk open since before shows the new service without a reload.
	if _, err := chromedp.Run(kiosk, chromedp.Poll[bool](
		`!!document.querySelector('button.service[data-service="cap-phieu-ly-lich-tu-phap"]')`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Errorf("the new service is not on the open kiosk page: %v", err)
	}
}

// TestAdminPageOfficerDenied: an officer who signs in on /admin is told
// plainly that the page is for admins, and sees none of it.
func TestAdminPageOfficerDenied(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	ctx := e2e.Browser(t, 1920, 1080)
	// 401 before signing in, 400 from the invalid input the test types.
	e2e.WatchConsole(t, ctx, "status of 401", "status of 400")
	signInAdmin(t, ctx, app.URL, e2e.OfficerUser, e2e.OfficerPassword)
	e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#denied-view")))
	if msg := e2e.Text(t, ctx, "#denied-text"); !strings.Contains(msg, "không có quyền quản trị") {
		t.Errorf("denied message %q", msg)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("app-view").classList.contains("hidden")`))
	if err != nil || !hidden {
		t.Errorf("the admin sections are shown to an officer (%v)", err)
	}
	// A wrong password says so on the form.
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#denied-logout")), chromedp.WaitVisible(chromedp.CSS("#login-form")))
	signInAdmin(t, ctx, app.URL, e2e.AdminUser, "wrong-password-1")
	e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#login-msg")))
	if msg := e2e.Text(t, ctx, "#login-msg"); !strings.Contains(msg, "Sai tên đăng nhập hoặc mật khẩu") {
		t.Errorf("login message %q", msg)
	}
}

// TestAdminPageSections opens every section as the admin, in both
// languages, and checks each shows its content without a script error; a
// schedule error comes back next to the session's end time. With
// XEPHANG_SCREENSHOTS=dir it also saves a 1920×1080 screenshot of each.
func TestAdminPageSections(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	officer := app.Officer(t)
	officer.MustJSON(t, "POST", "/api/v1/counters/quay-1/open", nil, 200, nil)
	admin := app.Admin(t)
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"holidays": []string{"2026-04-30", "2026-05-01"}}, 200, nil)
	dir := os.Getenv("XEPHANG_SCREENSHOTS")
	ctx := e2e.Browser(t, 1920, 1080)
	// 401 before signing in, 400 from the invalid input the test types.
	e2e.WatchConsole(t, ctx, "status of 401", "status of 400")
	shot := func(name string) {
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e2e.Run(t, ctx, chromedp.Navigate(app.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("#login-form")))
	shot("00-login")
	signInAdmin(t, ctx, app.URL, e2e.AdminUser, e2e.AdminPassword)
	e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`main[data-ready="trung-tam"]`)))

	want := map[string]string{
		"trung-tam": "#center-form",
		"linh-vuc":  `tr[data-service="dat-dai"]`,
		"quay":      `tr[data-counter="quay-1"]`,
		"can-bo":    `tr[data-user="canbo"]`,
		"lich":      `#sessions-table tbody tr`,
		"bao-cao":   `#reports-root`,
		"sao-luu":   `#backup-download`,
		"nhat-ky":   `#audit-table tbody tr`,
	}
	order := []string{"trung-tam", "linh-vuc", "quay", "can-bo", "lich", "bao-cao", "sao-luu", "nhat-ky"}
	for i, id := range order {
		openSection(t, ctx, id)
		e2e.Run(t, ctx, chromedp.WaitVisible(chromedp.CSS(want[id])))
		if id == "bao-cao" {
			// The report loads after the section: its figure cards.
			e2e.Run(t, ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#reports-root .rp-cards") !== null`,
				chromedp.WithPollingTimeout(10*time.Second)))
		}
		shot(fmt.Sprintf("%02d-%s", i+1, id))
	}
	// The audit says the admin account's name as it is, and its role in words.
	if got := e2e.Text(t, ctx, "#audit-table"); !strings.Contains(got, "vai trò: quản trị · tên đăng nhập: admin") {
		t.Errorf("audit details: %q", got)
	}

	// A session that ends before it starts: the error sits on that cell.
	openSection(t, ctx, "lich")
	e2e.Run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#sessions-table tbody tr:first-child td[data-field="sessions[0].end"] input`), "07:00"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#sessions-table tbody tr:first-child td[data-field="sessions[0].end"] input').dispatchEvent(new Event("input"))`),
		chromedp.Click(chromedp.CSS("#schedule-save")),
		chromedp.WaitVisible(chromedp.CSS(`td[data-field="sessions[0].end"] .err`)),
	)
	if msg := e2e.Text(t, ctx, `td[data-field="sessions[0].end"] .err`); !strings.Contains(msg, "kết thúc") {
		t.Errorf("schedule error %q", msg)
	}
	shot("10-lich-error")
	// Two sessions overlapping on a day: the message sits under the row.
	e2e.Run(t, ctx,
		clearInput(`td[data-field="sessions[0].end"] input`),
		chromedp.SendKeys(chromedp.CSS(`td[data-field="sessions[0].end"] input`), "11:30"),
		clearInput(`td[data-field="sessions[1].start"] input`),
		chromedp.SendKeys(chromedp.CSS(`td[data-field="sessions[1].start"] input`), "11:00"),
		chromedp.Click(chromedp.CSS("#schedule-save")),
		chromedp.WaitVisible(chromedp.CSS(`tr.err-row .err`)),
	)
	if msg := e2e.Text(t, ctx, `tr.err-row .err`); !strings.Contains(msg, "trùng giờ") {
		t.Errorf("overlap error %q", msg)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".err").length`)); n != 1 {
		t.Errorf("%d errors shown, want only the overlap", n)
	}
	shot("10b-lich-overlap")

	// A deactivation asks first.
	openSection(t, ctx, "linh-vuc")
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`tr[data-service="xay-dung"] button[data-act="deactivate"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dialog[open]")),
	)
	shot("11-linh-vuc-confirm")
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`#dialog button[value="ok"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr.inactive[data-service="xay-dung"]`)),
	)
	if findService(kioskServices(t, app), "xay-dung") != nil {
		t.Error("deactivated from the page, still on the kiosk")
	}

	// Moved down one place on the kiosk.
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`tr[data-service="tu-phap-ho-tich"] button[data-act="down"]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector("#services-table tbody tr").dataset.service === "chung-thuc"`,
			chromedp.WithPollingTimeout(10*time.Second)),
	)
	if list := kioskServices(t, app); list[0].ID != "chung-thuc" || list[1].ID != "tu-phap-ho-tich" {
		t.Errorf("kiosk order after moving down: %s, %s", list[0].ID, list[1].ID)
	}

	// A holiday typed as dd/mm/yyyy; a date that does not exist is refused
	// next to the holidays before anything is sent.
	openSection(t, ctx, "lich")
	e2e.Run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#holiday-new"), "31/02/2026"),
		chromedp.Click(chromedp.CSS("#holiday-add")),
		chromedp.WaitVisible(chromedp.CSS(`[data-field="holidays"] .err`)),
		clearInput("#holiday-new"),
		chromedp.SendKeys(chromedp.CSS("#holiday-new"), "2/9/2026"),
		chromedp.Click(chromedp.CSS("#holiday-add")),
		chromedp.Click(chromedp.CSS("#schedule-save")),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#holidays .chip").length === 3 && !document.querySelector("#schedule-save").disabled`,
			chromedp.WithPollingTimeout(10*time.Second)),
	)
	var st struct {
		Holidays []string `json:"holidays"`
	}
	testutil.Eventually(t, "the condition", func() bool {
		admin.MustJSON(t, "GET", "/api/v1/admin/settings", nil, 200, &st)
		return len(st.Holidays) == 3
	})
	if got := fmt.Sprint(st.Holidays); got != "[2026-04-30 2026-05-01 2026-09-02]" {
		t.Errorf("holidays %s", got)
	}

	// A counter's services reordered with the multi-select: the one
	// preferred first moves down, a new one is added at the end.
	openSection(t, ctx, "quay")
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`tr[data-counter="quay-1"] button[data-act="edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#counter-services li[data-service="tu-phap-ho-tich"]`)),
		chromedp.Click(chromedp.CSS(`#counter-services li[data-service="tu-phap-ho-tich"] button[aria-label="Xuống"]`)),
		chromedp.SetValue(chromedp.CSS("#counter-service-add"), "dat-dai"),
		chromedp.Click(chromedp.CSS("#counter-service-add-btn")),
		chromedp.WaitVisible(chromedp.CSS(`#counter-services li[data-service="dat-dai"]`)),
	)
	shot("13-quay-edit")
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`#counter-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#counter-form h3`)),
		chromedp.Poll[chromedp.Void](`document.querySelector('#counter-form h3').textContent === "Thêm quầy"`,
			chromedp.WithPollingTimeout(10*time.Second)),
	)
	var counters []struct {
		ID       string   `json:"id"`
		Services []string `json:"services"`
	}
	admin.MustJSON(t, "GET", "/api/v1/admin/counters", nil, 200, &counters)
	if got, want := fmt.Sprint(counters[0].Services), "[chung-thuc tu-phap-ho-tich tra-ket-qua dat-dai]"; got != want {
		t.Errorf("quay-1 serves %s, want %s", got, want)
	}

	// A password reset: a weak one is refused in the dialog, a good one
	// signs the officer out.
	openSection(t, ctx, "can-bo")
	e2e.Run(t, ctx,
		chromedp.Click(chromedp.CSS(`tr[data-user="canbo"] button[data-act="password"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dialog[open] #reset-password")),
		chromedp.SendKeys(chromedp.CSS("#reset-password"), "ngan"),
		chromedp.Click(chromedp.CSS(`#dialog button[value="ok"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#dialog[open] [data-field="password"] .err`)),
	)
	shot("14-can-bo-password")
	officer.MustJSON(t, "GET", "/api/v1/me", nil, 200, nil)
	e2e.Run(t, ctx,
		clearInput("#reset-password"),
		chromedp.SendKeys(chromedp.CSS("#reset-password"), "mat-khau-moi-456"),
		chromedp.Click(chromedp.CSS(`#dialog button[value="ok"]`)),
		chromedp.WaitNotVisible(chromedp.CSS("#dialog")),
	)
	testutil.Eventually(t, "the condition", func() bool { status, _ := officer.Do(t, "GET", "/api/v1/me", nil); return status == 401 })
	app.Login(t, e2e.OfficerUser, "mat-khau-moi-456")

	// English.
	openSection(t, ctx, "linh-vuc")
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")), chromedp.WaitVisible(chromedp.CSS(`main[data-ready="linh-vuc"]`)))
	if h := e2e.Text(t, ctx, "#main h2"); h != "Services" {
		t.Errorf("English heading %q", h)
	}
	shot("12-linh-vuc-en")
	e2e.Run(t, ctx, chromedp.Click(chromedp.CSS("#lang")))
}
