package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xephang/internal/e2e"
	"xephang/internal/testutil"
	"xephang/queue"
)

// endpoint is one admin route with a body that would succeed, so that a
// refusal can only come from the role or CSRF check.
type endpoint struct {
	method, path string
	body         any
}

// adminEndpoints is every admin route.
func adminEndpoints(app *e2e.App) []endpoint {
	return []endpoint{
		{"GET", "/api/v1/admin/services", nil},
		{"POST", "/api/v1/admin/services", map[string]any{"name": "Thử", "prefix": "Z"}},
		{"PUT", "/api/v1/admin/services/dat-dai", map[string]any{"name": "Đất đai (mới)"}},
		{"DELETE", "/api/v1/admin/services/dat-dai", nil},
		{"GET", "/api/v1/admin/counters", nil},
		{"POST", "/api/v1/admin/counters", map[string]any{"number": 9, "services": []string{"dat-dai"}}},
		{"PUT", "/api/v1/admin/counters/quay-1", map[string]any{"name": "Quầy Một"}},
		{"DELETE", "/api/v1/admin/counters/quay-1", nil},
		{"GET", "/api/v1/admin/users", nil},
		{"POST", "/api/v1/admin/users", map[string]any{"username": "moi", "password": "mat-khau-tot-123"}},
		{"PUT", "/api/v1/admin/users/" + app.OfficerID, map[string]any{"display_name": "Cán bộ"}},
		{"DELETE", "/api/v1/admin/users/" + app.OfficerID, nil},
		{"GET", "/api/v1/admin/settings", nil},
		{"PUT", "/api/v1/admin/settings", map[string]any{"notice": "Thông báo mới"}},
		{"GET", "/api/v1/admin/audit", nil},
		{"GET", "/api/v1/admin/backup", nil},
	}
}

// TestAdminRoles walks every admin endpoint: no session is 401, an officer
// is 403, an admin without the CSRF header is 403 on every change; none of
// them changes anything.
func TestAdminRoles(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	officer := app.Officer(t)
	anon := app.Client()
	noCSRF := app.Admin(t)
	noCSRF.CSRF = ""
	endpoints := adminEndpoints(app)

	// The table must cover every admin route the server has.
	covered := map[string]bool{}
	for _, e := range endpoints {
		p := strings.NewReplacer("/dat-dai", "/:id", "/quay-1", "/:id", "/"+app.OfficerID, "/:id").Replace(e.path)
		covered[e.method+" "+p] = true
	}
	for _, r := range app.Server.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/admin/") && !strings.HasPrefix(r.Method, "echo_") && !covered[r.Method+" "+r.Path] {
			t.Errorf("admin route %s %s is not in the role table", r.Method, r.Path)
		}
	}

	before := adminState(t, admin)
	for _, e := range endpoints {
		t.Run(e.method+" "+e.path, func(t *testing.T) {
			anon.MustError(t, e.method, e.path, e.body, 401, queue.EUNAUTHORIZED)
			officer.MustError(t, e.method, e.path, e.body, 403, queue.EFORBIDDEN)
			if e.method != "GET" {
				noCSRF.MustError(t, e.method, e.path, e.body, 403, queue.EFORBIDDEN)
				wrong := *noCSRF
				wrong.CSRF = "not-the-token"
				wrong.MustError(t, e.method, e.path, e.body, 403, queue.EFORBIDDEN)
			}
		})
	}
	if after := adminState(t, admin); after != before {
		t.Fatalf("a refused request changed the store:\nbefore %s\nafter %s", before, after)
	}
	// The same table, as the admin with the token, succeeds: the refusals
	// above were the checks, not the requests.
	for _, e := range endpoints {
		if status, body := admin.Do(t, e.method, e.path, e.body); status >= 300 {
			t.Errorf("admin %s %s: %d %s", e.method, e.path, status, body)
		}
	}
}

// events collects the store's events without blocking its writer.
func events(app *e2e.App) <-chan queue.Event {
	ch := make(chan queue.Event, 1024)
	app.Store.Subscribe(func(list []queue.Event) {
		for _, e := range list {
			select {
			case ch <- e:
			default:
			}
		}
	})
	return ch
}

// waitEvent returns the first event of type typ, failing after a deadline.
func waitEvent(t *testing.T, ch <-chan queue.Event, typ string) queue.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		select {
		case e := <-ch:
			if e.Type == typ {
				return e
			}
		case <-ctx.Done():
			t.Fatalf("no %q event", typ)
		}
	}
}

type kioskService struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Prefix  string `json:"prefix"`
	Waiting int    `json:"waiting"`
}

func kioskServices(t *testing.T, app *e2e.App) []kioskService {
	t.Helper()
	var list []kioskService
	app.Client().MustJSON(t, "GET", "/api/v1/services", nil, 200, &list)
	return list
}

func findService(list []kioskService, id string) *kioskService {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

// TestAdminRenameTakesEffect: a renamed service shows on the kiosk list and
// the board at once, and the change is an event the board stream sends on.
func TestAdminRenameTakesEffect(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	ch := events(app)
	app.Client().Issue(t, "dat-dai", false)

	admin.MustJSON(t, "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"name": "Đất đai – Môi trường"}, 200, nil)
	waitEvent(t, ch, queue.EventServices)
	if s := findService(kioskServices(t, app), "dat-dai"); s == nil || s.Name != "Đất đai – Môi trường" {
		t.Fatalf("kiosk list: %+v", s)
	}
	b, _, err := app.Store.Board(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(b.Queues, func(q queue.BoardQueue) bool { return q.ServiceID == "dat-dai" })
	if i < 0 || b.Queues[i].Name != "Đất đai – Môi trường" || fmt.Sprint(b.Queues[i].Waiting) != "[C001]" {
		t.Fatalf("board queues: %+v", b.Queues)
	}
	if c := b.Counters[1]; c.Number != 2 || !slices.Contains(c.Services, "Đất đai – Môi trường") {
		t.Errorf("board counter 2 serves %v", c.Services)
	}

	// Reordering for the kiosk takes effect at once too.
	admin.MustJSON(t, "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"order": 0}, 200, nil)
	if list := kioskServices(t, app); list[0].ID != "dat-dai" {
		t.Errorf("kiosk order starts with %s, want dat-dai", list[0].ID)
	}
}

// TestAdminDeactivateService: a deactivated service leaves the kiosk, but a
// counter still calls its waiting ticket; reactivated, it is back.
func TestAdminDeactivateService(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	officer := app.Officer(t)
	tk := app.Client().Issue(t, "dat-dai", false)

	var sv queue.Service
	admin.MustJSON(t, "DELETE", "/api/v1/admin/services/dat-dai", nil, 200, &sv)
	if sv.Active {
		t.Fatalf("still active: %+v", sv)
	}
	if s := findService(kioskServices(t, app), "dat-dai"); s != nil {
		t.Fatalf("the kiosk still lists it: %+v", s)
	}
	app.Client().MustError(t, "POST", "/api/v1/tickets", map[string]any{"service_id": "dat-dai"}, 404, queue.ENOTFOUND)
	// The admin list keeps it, inactive.
	var all []queue.Service
	admin.MustJSON(t, "GET", "/api/v1/admin/services", nil, 200, &all)
	if i := slices.IndexFunc(all, func(s queue.Service) bool { return s.ID == "dat-dai" }); i < 0 || all[i].Active {
		t.Fatalf("admin list: %+v", all)
	}
	// Its waiting ticket is still on the board and still served.
	b, _, _ := app.Store.Board(context.Background())
	if !slices.ContainsFunc(b.Queues, func(q queue.BoardQueue) bool { return q.ServiceID == "dat-dai" && q.Count == 1 }) {
		t.Errorf("board lost the waiting ticket: %+v", b.Queues)
	}
	officer.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	if got := officer.Act(t, "quay-2", "next"); got.Number != tk.Number || got.Status != "called" {
		t.Fatalf("next gave %+v, want %s called", got, tk.Number)
	}
	officer.Act(t, "quay-2", "done")
	b, _, _ = app.Store.Board(context.Background())
	if slices.ContainsFunc(b.Queues, func(q queue.BoardQueue) bool { return q.ServiceID == "dat-dai" }) {
		t.Errorf("an empty inactive service stays on the board: %+v", b.Queues)
	}

	admin.MustJSON(t, "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"active": true}, 200, nil)
	if findService(kioskServices(t, app), "dat-dai") == nil {
		t.Fatal("reactivated service is not on the kiosk")
	}
	if got := app.Client().Issue(t, "dat-dai", false); got.Number != "C002" {
		t.Errorf("number after reactivation %s, want C002", got.Number)
	}
}

// TestAdminSettingsTakeEffect: a new notice is on the board at once and
// published as a settings event (the board stream turns it into a
// message); a holiday closes the kiosk at once; always open opens it.
func TestAdminSettingsTakeEffect(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	ch := events(app)

	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"notice": "Nghỉ lễ 30/4 và 1/5.", "center_name": "Trung tâm thử"}, 200, nil)
	e := waitEvent(t, ch, queue.EventSettings)
	b, seq, err := app.Store.Board(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Notice != "Nghỉ lễ 30/4 và 1/5." || b.Center != "Trung tâm thử" || seq < e.Seq {
		t.Errorf("board notice %q center %q seq %d (event %d)", b.Notice, b.Center, seq, e.Seq)
	}
	var info queue.Info
	app.Client().MustJSON(t, "GET", "/api/v1/info", nil, 200, &info)
	if info.Center != "Trung tâm thử" {
		t.Errorf("info center %q", info.Center)
	}

	// Today (Monday 2 March 2026) made a holiday: the kiosk closes now.
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"holidays": []string{"2026-03-02"}}, 200, nil)
	waitEvent(t, ch, queue.EventSettings)
	app.Client().MustError(t, "POST", "/api/v1/tickets", map[string]any{"service_id": "dat-dai"}, 409, queue.ECLOSED)
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"always_open": true}, 200, nil)
	app.Client().Issue(t, "dat-dai", false)
}

// TestAdminUserSessionsEnd: a new password or a deactivation signs the
// user out everywhere at once; a role change applies at the next request.
func TestAdminUserSessionsEnd(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	officer := app.Officer(t)
	other := app.Officer(t) // a second browser of the same officer
	officer.MustJSON(t, "GET", "/api/v1/me", nil, 200, nil)

	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+app.OfficerID, map[string]any{"password": "mat-khau-moi-456"}, 200, nil)
	officer.MustError(t, "GET", "/api/v1/me", nil, 401, queue.EUNAUTHORIZED)
	other.MustError(t, "POST", "/api/v1/counters/quay-1/open", nil, 401, queue.EUNAUTHORIZED)
	admin.MustJSON(t, "GET", "/api/v1/me", nil, 200, nil) // others keep theirs
	app.Client().MustError(t, "POST", "/api/v1/auth/login",
		map[string]string{"username": e2e.OfficerUser, "password": e2e.OfficerPassword}, 401, queue.EUNAUTHORIZED)
	officer = app.Login(t, e2e.OfficerUser, "mat-khau-moi-456")

	// A display-name change does not sign anyone out.
	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+app.OfficerID, map[string]any{"display_name": "Nguyễn Văn A"}, 200, nil)
	officer.MustJSON(t, "GET", "/api/v1/me", nil, 200, nil)

	var u queue.User
	admin.MustJSON(t, "DELETE", "/api/v1/admin/users/"+app.OfficerID, nil, 200, &u)
	if u.Active {
		t.Fatalf("still active: %+v", u)
	}
	officer.MustError(t, "GET", "/api/v1/me", nil, 401, queue.EUNAUTHORIZED)
	app.Client().MustError(t, "POST", "/api/v1/auth/login",
		map[string]string{"username": e2e.OfficerUser, "password": "mat-khau-moi-456"}, 401, queue.EUNAUTHORIZED)

	// Reactivated, the officer signs in again; made admin, the same
	// session reaches the admin API.
	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+app.OfficerID, map[string]any{"active": true}, 200, nil)
	officer = app.Login(t, e2e.OfficerUser, "mat-khau-moi-456")
	officer.MustError(t, "GET", "/api/v1/admin/users", nil, 403, queue.EFORBIDDEN)
	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+app.OfficerID, map[string]any{"role": "admin"}, 200, nil)
	officer.MustJSON(t, "GET", "/api/v1/admin/users", nil, 200, nil)

	// Now there are two admins: the first may step down, and the new one
	// is then the last and may not.
	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+app.AdminID, map[string]any{"role": "officer"}, 200, nil)
	admin.MustError(t, "GET", "/api/v1/admin/users", nil, 403, queue.EFORBIDDEN)
	officer.MustError(t, "DELETE", "/api/v1/admin/users/"+app.OfficerID, nil, 400, queue.EINVALID)
}

// TestAdminUserCreate: a new officer signs in with the password set, and
// never sees it again in the API.
func TestAdminUserCreate(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	status, body := admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": " Tran.B ", "display_name": "Trần Thị B", "password": "mat-khau-tot-123", "counters": []string{"quay-2"}})
	if status != 201 || strings.Contains(string(body), "password") || strings.Contains(string(body), "hash") {
		t.Fatalf("create: %d %s", status, body)
	}
	var u queue.User
	json.Unmarshal(body, &u)
	if u.Username != "tran.b" || u.Role != queue.RoleOfficer || !u.Active || fmt.Sprint(u.Counters) != "[quay-2]" {
		t.Errorf("created %+v", u)
	}
	b := app.Login(t, "tran.b", "mat-khau-tot-123")
	b.MustError(t, "POST", "/api/v1/counters/quay-1/open", nil, 403, queue.EFORBIDDEN)
	b.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	_, list := admin.Do(t, "GET", "/api/v1/admin/users", nil)
	if strings.Contains(string(list), "password") || strings.Contains(string(list), "hash") {
		t.Errorf("user list leaks: %s", list)
	}
}

// TestAdminAudit: every admin change is in the trail with who, when and
// what, newest first; a refused change is not; nor is a password.
func TestAdminAudit(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	var u queue.User
	steps := []struct {
		method, path string
		body         any
		action       string
		target       string
	}{
		{"POST", "/api/v1/admin/services", map[string]any{"name": "Thử", "prefix": "Z"}, "service.create", "thu"},
		{"PUT", "/api/v1/admin/services/thu", map[string]any{"name": "Thử nghiệm"}, "service.update", "thu"},
		{"DELETE", "/api/v1/admin/services/thu", nil, "service.deactivate", "thu"},
		{"POST", "/api/v1/admin/counters", map[string]any{"number": 7, "services": []string{"dat-dai"}}, "counter.create", "quay-7"},
		{"PUT", "/api/v1/admin/counters/quay-7", map[string]any{"name": "Quầy Bảy"}, "counter.update", "quay-7"},
		{"DELETE", "/api/v1/admin/counters/quay-7", nil, "counter.delete", "quay-7"},
		{"POST", "/api/v1/admin/users", map[string]any{"username": "moi", "password": "mat-khau-tot-123"}, "user.create", ""},
		{"PUT", "/api/v1/admin/users/{new}", map[string]any{"role": "admin"}, "user.update", ""},
		{"PUT", "/api/v1/admin/users/{new}", map[string]any{"password": "mat-khau-khac-456"}, "user.password", ""},
		{"DELETE", "/api/v1/admin/users/{new}", nil, "user.deactivate", ""},
		{"PUT", "/api/v1/admin/users/{new}", map[string]any{"active": true}, "user.activate", ""},
		{"PUT", "/api/v1/admin/settings", map[string]any{"notice": "Thông báo"}, "settings.update", "center"},
		{"GET", "/api/v1/admin/backup", nil, "backup.download", ""},
	}
	for i, s := range steps {
		path := strings.ReplaceAll(s.path, "{new}", u.ID)
		status, body := admin.Do(t, s.method, path, s.body)
		if status >= 300 {
			t.Fatalf("%s %s: %d %s", s.method, path, status, body)
		}
		if i == 6 {
			json.Unmarshal(body, &u)
		}
		app.Clock.Add(time.Minute)
	}
	// A refused change leaves no trace.
	admin.MustError(t, "POST", "/api/v1/admin/services", map[string]any{"name": "X", "prefix": "A"}, 400, queue.EINVALID)

	var list []queue.AuditEntry
	admin.MustJSON(t, "GET", "/api/v1/admin/audit", nil, 200, &list)
	// Before the steps: the two accounts of the test app.
	if len(list) != len(steps)+2 {
		t.Fatalf("%d entries, want %d: %+v", len(list), len(steps)+2, list)
	}
	list = list[:len(steps)]
	for i, s := range steps {
		e := list[len(list)-1-i]
		want := s.target
		if want == "" && strings.HasPrefix(s.action, "user.") {
			want = u.ID
		}
		if e.Action != s.action || (want != "" && e.Target != want) || e.Username != e2e.AdminUser || e.UserID != app.AdminID {
			t.Errorf("entry %d: %+v, want %s on %s by admin", i, e, s.action, want)
		}
		if wantAt := testutil.CampaignMorning.Add(time.Duration(i) * time.Minute); !e.At.Equal(wantAt) {
			t.Errorf("entry %d at %v, want %v", i, e.At, wantAt)
		}
		if strings.Contains(e.Detail, "mat-khau") {
			t.Errorf("entry %d leaks the password: %s", i, e.Detail)
		}
	}
	if d := list[len(list)-2].Detail; d != `{"name":"Thử nghiệm"}` {
		t.Errorf("service update detail %s, want only what changed", d)
	}
	if d := list[1].Detail; d != `{"notice":"Thông báo"}` {
		t.Errorf("settings detail %s, want only what changed", d)
	}
	var two []queue.AuditEntry
	admin.MustJSON(t, "GET", "/api/v1/admin/audit?limit=2", nil, 200, &two)
	if len(two) != 2 || two[0].Action != "backup.download" {
		t.Errorf("limit=2: %+v", two)
	}
}
