package admin_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xephang/internal/e2e"
	"xephang/queue"
)

// adminState is everything an admin change could touch, as the API shows
// it: comparing it before and after a refused request proves that nothing
// was saved, not even an audit entry.
func adminState(t *testing.T, admin *e2e.Client) string {
	t.Helper()
	var b bytes.Buffer
	for _, p := range []string{"/api/v1/admin/services", "/api/v1/admin/counters", "/api/v1/admin/users",
		"/api/v1/admin/settings", "/api/v1/admin/audit", "/api/v1/services"} {
		status, body := admin.Do(t, "GET", p, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", p, status, body)
		}
		fmt.Fprintf(&b, "%s\n%s\n", p, body)
	}
	return b.String()
}

// apiError is the error JSON of the API.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

func decodeError(t *testing.T, body []byte) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("decode error %s: %v", body, err)
	}
	return e
}

// TestAdminValidation sends every kind of bad admin input: each is 400
// invalid, names the offending field in Vietnamese (and English on request),
// and leaves the store as it was.
func TestAdminValidation(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	// A ticket today, so that renumbering a service that issued is refused.
	app.Client().Issue(t, "tu-phap-ho-tich", false)

	good := "mat-khau-tot-123"
	session := func(name string, days []int, start, end string) map[string]any {
		return map[string]any{"name": name, "days": days, "start": start, "end": end}
	}
	sessions := func(list ...map[string]any) map[string]any { return map[string]any{"sessions": list} }
	week := []int{1, 2, 3, 4, 5}
	cases := []struct {
		name         string
		method, path string
		body         any
		field        string
	}{
		// Services.
		{"duplicate prefix", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "A"}, "prefix"},
		{"duplicate prefix lower-case", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "b"}, "prefix"},
		{"duplicate prefix on update", "PUT", "/api/v1/admin/services/chung-thuc", map[string]any{"prefix": "A"}, "prefix"},
		{"prefix of two letters", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "AB"}, "prefix"},
		{"prefix a digit", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "1"}, "prefix"},
		{"prefix with diacritic", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Đ"}, "prefix"},
		{"prefix missing", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới"}, "prefix"},
		{"service name empty", "POST", "/api/v1/admin/services", map[string]any{"name": " ", "prefix": "Z"}, "name"},
		{"service name emptied", "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"name": ""}, "name"},
		{"service name too long", "POST", "/api/v1/admin/services", map[string]any{"name": strings.Repeat("x", 121), "prefix": "Z"}, "name"},
		{"digits zero", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "digits": 0}, "digits"},
		{"digits seven", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "digits": 7}, "digits"},
		{"first number negative", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "first_number": -1}, "first_number"},
		{"daily cap negative", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "daily_cap": -5}, "daily_cap"},
		{"order negative", "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"order": -1}, "order"},
		{"service id not a slug", "POST", "/api/v1/admin/services", map[string]any{"id": "Đất Đai", "name": "Mới", "prefix": "Z"}, "id"},
		{"service id taken", "POST", "/api/v1/admin/services", map[string]any{"id": "dat-dai", "name": "Mới", "prefix": "Z"}, "id"},
		{"new prefix after issuing today", "PUT", "/api/v1/admin/services/tu-phap-ho-tich", map[string]any{"prefix": "Z"}, "prefix"},
		{"lower first number after issuing today", "PUT", "/api/v1/admin/services/tu-phap-ho-tich", map[string]any{"first_number": 0}, "first_number"},
		{"unknown service field", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "colour": "red"}, "colour"},
		{"service field of wrong type", "POST", "/api/v1/admin/services", map[string]any{"name": "Mới", "prefix": "Z", "digits": "3"}, "digits"},

		// Counters.
		{"counter with no service", "POST", "/api/v1/admin/counters", map[string]any{"number": 9, "services": []string{}}, "services"},
		{"counter without services", "POST", "/api/v1/admin/counters", map[string]any{"number": 9}, "services"},
		{"counter emptied of services", "PUT", "/api/v1/admin/counters/quay-1", map[string]any{"services": []string{}}, "services"},
		{"counter with unknown service", "POST", "/api/v1/admin/counters", map[string]any{"number": 9, "services": []string{"khong-co"}}, "services"},
		{"counter with a service twice", "PUT", "/api/v1/admin/counters/quay-1", map[string]any{"services": []string{"dat-dai", "dat-dai"}}, "services"},
		{"counter number taken", "POST", "/api/v1/admin/counters", map[string]any{"number": 1, "services": []string{"dat-dai"}}, "number"},
		{"counter number taken on update", "PUT", "/api/v1/admin/counters/quay-1", map[string]any{"number": 2}, "number"},
		{"counter number zero", "POST", "/api/v1/admin/counters", map[string]any{"number": 0, "services": []string{"dat-dai"}}, "number"},
		{"counter name emptied", "PUT", "/api/v1/admin/counters/quay-1", map[string]any{"name": ""}, "name"},
		{"counter open is not the admin's", "PUT", "/api/v1/admin/counters/quay-1", map[string]any{"open": true}, "open"},

		// Users.
		{"weak password", "POST", "/api/v1/admin/users", map[string]any{"username": "moi", "display_name": "Mới", "password": "short"}, "password"},
		{"nine-character password", "POST", "/api/v1/admin/users", map[string]any{"username": "moi", "password": "123456789"}, "password"},
		{"repeated-character password", "POST", "/api/v1/admin/users", map[string]any{"username": "moi", "password": "aaaaaaaaaaaa"}, "password"},
		{"no password", "POST", "/api/v1/admin/users", map[string]any{"username": "moi"}, "password"},
		{"weak password reset", "PUT", "/api/v1/admin/users/" + app.OfficerID, map[string]any{"password": "123456789"}, "password"},
		{"username with space", "POST", "/api/v1/admin/users", map[string]any{"username": "can bo", "password": good}, "username"},
		{"username taken", "POST", "/api/v1/admin/users", map[string]any{"username": "CanBo", "password": good}, "username"},
		{"unknown role", "POST", "/api/v1/admin/users", map[string]any{"username": "moi", "role": "boss", "password": good}, "role"},
		{"unknown role on update", "PUT", "/api/v1/admin/users/" + app.OfficerID, map[string]any{"role": "boss"}, "role"},
		{"unknown counter for a user", "POST", "/api/v1/admin/users", map[string]any{"username": "moi", "counters": []string{"quay-9"}, "password": good}, "counters"},
		{"display name emptied", "PUT", "/api/v1/admin/users/" + app.OfficerID, map[string]any{"display_name": ""}, "display_name"},
		{"username cannot change", "PUT", "/api/v1/admin/users/" + app.OfficerID, map[string]any{"username": "khac"}, "username"},
		{"last admin demoted", "PUT", "/api/v1/admin/users/" + app.AdminID, map[string]any{"role": "officer"}, "role"},
		{"last admin deactivated", "DELETE", "/api/v1/admin/users/" + app.AdminID, nil, "active"},
		{"last admin deactivated by PUT", "PUT", "/api/v1/admin/users/" + app.AdminID, map[string]any{"active": false}, "active"},

		// Settings: the schedule.
		{"session ends before it starts", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", week, "11:30", "07:30")), "sessions[0].end"},
		{"session ends when it starts", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", week, "07:30", "07:30")), "sessions[0].end"},
		{"sessions overlap on a day", "PUT", "/api/v1/admin/settings", sessions(
			session("Sáng", week, "07:30", "11:30"), session("Trưa", []int{3, 6}, "11:00", "12:00")), "sessions[1]"},
		{"session on day 8", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", []int{1, 8}, "07:30", "11:30")), "sessions[0].days"},
		{"session on no day", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", []int{}, "07:30", "11:30")), "sessions[0].days"},
		{"session day twice", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", []int{2, 2}, "07:30", "11:30")), "sessions[0].days"},
		{"session start not HH:MM", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", week, "7h30", "11:30")), "sessions[0].start"},
		{"session end 24:00", "PUT", "/api/v1/admin/settings", sessions(session("Sáng", week, "07:30", "24:00")), "sessions[0].end"},
		{"session without a name", "PUT", "/api/v1/admin/settings", sessions(session(" ", week, "07:30", "11:30")), "sessions[0].name"},
		{"session dates reversed", "PUT", "/api/v1/admin/settings", sessions(map[string]any{"name": "Giờ thứ 9", "days": week,
			"start": "16:30", "end": "17:30", "from": "2026-03-23", "to": "2026-02-23", "extended": true}), "sessions[0].to"},
		{"session date not ISO", "PUT", "/api/v1/admin/settings", sessions(map[string]any{"name": "Giờ thứ 9", "days": week,
			"start": "16:30", "end": "17:30", "from": "23/02/2026"}), "sessions[0].from"},
		{"holiday not a date", "PUT", "/api/v1/admin/settings", map[string]any{"holidays": []string{"2026-04-31"}}, "holidays"},
		{"holiday in dd/mm/yyyy", "PUT", "/api/v1/admin/settings", map[string]any{"holidays": []string{"30/04/2026"}}, "holidays"},
		{"stop minutes negative", "PUT", "/api/v1/admin/settings", map[string]any{"stop_minutes": -1}, "stop_minutes"},
		{"stop minutes too many", "PUT", "/api/v1/admin/settings", map[string]any{"stop_minutes": 500}, "stop_minutes"},

		// Settings: the center.
		{"unknown zone", "PUT", "/api/v1/admin/settings", map[string]any{"zone": "Asia/Hanoi_Nowhere"}, "zone"},
		{"zone Local", "PUT", "/api/v1/admin/settings", map[string]any{"zone": "Local"}, "zone"},
		{"center name empty", "PUT", "/api/v1/admin/settings", map[string]any{"center_name": "  "}, "center_name"},
		{"notice too long", "PUT", "/api/v1/admin/settings", map[string]any{"notice": strings.Repeat("á", 1001)}, "notice"},
		{"ticket footer too long", "PUT", "/api/v1/admin/settings", map[string]any{"ticket_footer": strings.Repeat("a", 201)}, "ticket_footer"},
		{"portal URL not http", "PUT", "/api/v1/admin/settings", map[string]any{"portal_url": "ftp://dichvucong.gov.vn"}, "portal_url"},
		{"map URL javascript", "PUT", "/api/v1/admin/settings", map[string]any{"map_url": "javascript:alert(1)"}, "map_url"},
		{"unknown settings field", "PUT", "/api/v1/admin/settings", map[string]any{"theme": "dark"}, "theme"},

		// The audit list.
		{"audit limit zero", "GET", "/api/v1/admin/audit?limit=0", nil, "limit"},
	}
	before := adminState(t, admin)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := admin.Do(t, tc.method, tc.path, tc.body)
			e := decodeError(t, body)
			if status != http.StatusBadRequest || e.Error.Code != queue.EINVALID {
				t.Fatalf("%s %s: %d %s, want 400 invalid", tc.method, tc.path, status, body)
			}
			if got, want := e.Error.Field, tc.field; got != want {
				t.Errorf("field=%q, want %q (%s)", got, want, e.Error.Message)
			}
			if e.Error.Message == "" || !hasVietnamese(e.Error.Message) {
				t.Errorf("message %q is not Vietnamese", e.Error.Message)
			}
			res, body := admin.DoHeader(t, tc.method, tc.path, tc.body, http.Header{"Accept-Language": {"en"}})
			if en := decodeError(t, body); res.StatusCode != 400 || en.Error.Field != tc.field || en.Error.Message == e.Error.Message {
				t.Errorf("English: %d %s", res.StatusCode, body)
			}
			if after := adminState(t, admin); after != before {
				t.Fatalf("the store changed:\nbefore %s\nafter %s", before, after)
			}
		})
	}
}

// hasVietnamese reports whether s has a letter with a Vietnamese diacritic
// or the word "không"/"phải"...: every Vietnamese message here has one.
func hasVietnamese(s string) bool {
	return strings.ContainsAny(s, "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ")
}

// TestAdminAccepts is the other side of the rules: sessions that only
// touch, sessions at the same hours on different days or date ranges, and
// each default in turn are fine.
func TestAdminAccepts(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	body := map[string]any{"sessions": []map[string]any{
		{"name": "Sáng", "days": []int{1, 2, 3, 4, 5}, "start": "07:30", "end": "11:30"},
		{"name": "Sáng thứ Bảy", "days": []int{6}, "start": "07:00", "end": "11:00"},
		{"name": "Chiều", "days": []int{5, 4, 3, 2, 1}, "start": "13:30", "end": "16:30"},
		{"name": "Giờ thứ 9", "days": []int{1, 2, 3, 4, 5}, "start": "16:30", "end": "17:30", "from": "2026-02-23", "to": "2026-03-23", "extended": true},
		{"name": "Giờ thứ 9 (đợt 2)", "days": []int{1, 2, 3, 4, 5}, "start": "16:30", "end": "18:00", "from": "2026-03-24", "extended": true},
	}, "holidays": []string{" 2026-04-30 ", "2026-04-30", "2026-01-01"}, "stop_minutes": 15}
	var st queue.Settings
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", body, 200, &st)
	if got, want := fmt.Sprint(st.Holidays), "[2026-01-01 2026-04-30]"; got != want {
		t.Errorf("holidays=%s, want %s (trimmed, sorted, once)", got, want)
	}
	if got, want := fmt.Sprint(st.Sessions[2].Days), "[1 2 3 4 5]"; got != want {
		t.Errorf("days=%s, want %s (sorted)", got, want)
	}

	// A new service without an id gets one made from its name; a second
	// one with the same name gets the next free id.
	var a, b queue.Service
	admin.MustJSON(t, "POST", "/api/v1/admin/services", map[string]any{"name": "Lĩnh vực Thử nghiệm", "prefix": "k"}, 201, &a)
	admin.MustJSON(t, "POST", "/api/v1/admin/services", map[string]any{"name": "Lĩnh vực Thử nghiệm", "prefix": "L"}, 201, &b)
	if a.ID != "linh-vuc-thu-nghiem" || b.ID != "linh-vuc-thu-nghiem-2" || a.Prefix != "K" {
		t.Errorf("ids %q %q prefix %q", a.ID, b.ID, a.Prefix)
	}
	if a.FirstNumber != 1 || a.Digits != 3 || !a.Active || a.DailyCap != 0 || b.Order != a.Order+1 {
		t.Errorf("defaults: %+v then %+v", a, b)
	}
	// A counter without an id or a name gets them from its number.
	var k struct {
		ID, Name string
		Services []string
	}
	admin.MustJSON(t, "POST", "/api/v1/admin/counters", map[string]any{"number": 4, "services": []string{b.ID, a.ID}}, 201, &k)
	if k.ID != "quay-4" || k.Name != "Quầy 4" || fmt.Sprint(k.Services) != "["+b.ID+" "+a.ID+"]" {
		t.Errorf("counter %+v", k)
	}
	// Raising the first number, or changing digits, after issuing is safe.
	app.Client().Issue(t, "dat-dai", false)
	var sv queue.Service
	admin.MustJSON(t, "PUT", "/api/v1/admin/services/dat-dai", map[string]any{"first_number": 100, "digits": 4}, 200, &sv)
	if tk := app.Client().Issue(t, "dat-dai", false); tk.Number != "C0101" {
		t.Errorf("next number %s, want C0101", tk.Number)
	}
}
