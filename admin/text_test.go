package admin_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"

	"xephang/internal/e2e"
)

// TestSettingsTextNFC: a center name typed decomposed (NFD) is stored NFC;
// one with a bidi override (U+202E) is refused, naming the field, and
// nothing changes.
func TestSettingsTextNFC(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	admin := app.Admin(t)
	const nfc = "Trung tâm Phục vụ hành chính công xã Thử Nghiệm"
	var got struct {
		CenterName string `json:"center_name"`
	}
	admin.MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]string{"center_name": norm.NFD.String(nfc)}, 200, &got)
	if got.CenterName != nfc {
		t.Errorf("answered center_name %q, want NFC %q", got.CenterName, nfc)
	}
	admin.MustJSON(t, "GET", "/api/v1/admin/settings", nil, 200, &got)
	if got.CenterName != nfc {
		t.Errorf("stored center_name %q, want NFC %q", got.CenterName, nfc)
	}
	var info struct {
		CenterName string `json:"center"`
	}
	app.Client().MustJSON(t, "GET", "/api/v1/info", nil, 200, &info)
	if info.CenterName != nfc {
		t.Errorf("public center_name %q, want NFC", info.CenterName)
	}

	before := adminState(t, admin)
	for _, bad := range []map[string]string{
		{"center_name": "Trung tâm \u202Eabc"},
		{"ticket_footer": "Cảm ơn\u200B"},
		{"portal_url": "https://dichvucong.gov.vn/\u2066x"},
		{"notice": "Thông báo\x1b[2J"},
	} {
		status, body := admin.Do(t, "PUT", "/api/v1/admin/settings", bad)
		e := decodeError(t, body)
		var field string
		for k := range bad {
			field = k
		}
		if status != 400 || e.Error.Code != "invalid" || e.Error.Field != field || e.Error.Message == "" {
			t.Errorf("PUT settings %q: %d %s, want 400 invalid naming %s", bad, status, body, field)
		}
	}
	if after := adminState(t, admin); after != before {
		t.Errorf("a refused change changed the state:\nbefore %s\nafter %s", before, after)
	}
}
