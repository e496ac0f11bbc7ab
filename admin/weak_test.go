package admin_test

import (
	"context"
	"testing"

	"xephang/internal/e2e"
)

// TestWeakPasswordRefused: a new user with a sequence, a common password
// or one made of the username is refused, naming the password, and no
// user is created; so is a weak new password on update.
func TestWeakPasswordRefused(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	before := adminState(t, admin)
	for _, pw := range []string{"0123456789", "Matkhau123", "password12", "lan.anh12345", "qwertyuiop"} {
		status, body := admin.Do(t, "POST", "/api/v1/admin/users", map[string]any{
			"username": "lan.anh", "display_name": "Nguyễn Thị Lan Anh", "role": "officer", "password": pw,
		})
		e := decodeError(t, body)
		if status != 400 || e.Error.Code != "invalid" || e.Error.Field != "password" || e.Error.Message == "" {
			t.Errorf("password %q: %d %s, want 400 invalid naming password", pw, status, body)
		}
	}
	status, body := admin.Do(t, "PUT", "/api/v1/admin/users/"+app.OfficerID, map[string]any{"password": "canbo-12345"})
	if e := decodeError(t, body); status != 400 || e.Error.Field != "password" {
		t.Errorf("update to a password made of the username: %d %s", status, body)
	}
	if after := adminState(t, admin); after != before {
		t.Errorf("a refused password changed the state")
	}
	admin.MustJSON(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": "lan.anh", "display_name": "Nguyễn Thị Lan Anh", "role": "officer", "password": "sông Mã chảy về xuôi",
	}, 201, nil)
}

// TestOfficerWithoutCounters: an officer assigned no counter may work
// none (the empty list once meant every counter); an admin works any.
func TestOfficerWithoutCounters(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	var u struct {
		ID string `json:"id"`
	}
	admin.MustJSON(t, "POST", "/api/v1/admin/users", map[string]any{
		"username": "moi.vao", "display_name": "Cán bộ mới", "role": "officer", "password": "mat-khau-tot-123",
	}, 201, &u)
	c := app.Login(t, "moi.vao", "mat-khau-tot-123")
	c.MustError(t, "POST", "/api/v1/counters/quay-1/open", nil, 403, "forbidden")
	list, err := app.Store.Counters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range list {
		if k.Open {
			t.Errorf("%s is open after the refused open", k.ID)
		}
	}
	admin.MustJSON(t, "PUT", "/api/v1/admin/users/"+u.ID, map[string]any{"counters": []string{"quay-2"}}, 200, nil)
	c.MustError(t, "POST", "/api/v1/counters/quay-1/open", nil, 403, "forbidden")
	c.MustJSON(t, "POST", "/api/v1/counters/quay-2/open", nil, 200, nil)
	admin.MustJSON(t, "POST", "/api/v1/counters/quay-3/open", nil, 200, nil)
}
