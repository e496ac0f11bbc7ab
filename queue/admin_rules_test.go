package queue

import (
	"strings"
	"testing"
)

func TestCheckRenumber(t *testing.T) {
	old := Service{ID: "dat-dai", Name: "Đất đai", Prefix: "C", FirstNumber: 1, Digits: 3}
	tests := []struct {
		name   string
		change func(s *Service)
		issued int
		field  string // "" when allowed
	}{
		{"new prefix before the first ticket", func(s *Service) { s.Prefix = "Z" }, 0, ""},
		{"new prefix after a ticket", func(s *Service) { s.Prefix = "Z" }, 1, "prefix"},
		{"lower first number after a ticket", func(s *Service) { s.FirstNumber = 0 }, 5, "first_number"},
		{"lower first number before the first ticket", func(s *Service) { s.FirstNumber = 0 }, 0, ""},
		{"higher first number after tickets", func(s *Service) { s.FirstNumber = 100 }, 5, ""},
		{"more digits after tickets", func(s *Service) { s.Digits = 4 }, 5, ""},
		{"a new name after tickets", func(s *Service) { s.Name = "Đất đai – Môi trường" }, 5, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := old
			tc.change(&next)
			err := old.CheckRenumber(&next, tc.issued)
			if got := ErrorField(err); got != tc.field || (tc.field != "" && ErrorCode(err) != EINVALID) {
				t.Fatalf("err=%v (field %q), want field %q", err, got, tc.field)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw, user string
		ok       bool
		why      string // a word of the Vietnamese message when refused
	}{
		{"", "lan.anh", false, "ít nhất"},
		{"123456789", "lan.anh", false, "ít nhất"},
		{"ngắn", "lan.anh", false, "ít nhất"},
		{strings.Repeat("x", 60) + "yyyyyyyyyyyyyy", "lan.anh", false, "72 byte"}, // more than bcrypt hashes
		// Sequences.
		{"aaaaaaaaaaaa", "lan.anh", false, "dãy"},
		{"          ", "lan.anh", false, "dãy"},
		{"ááááááááááá", "lan.anh", false, "dãy"},
		{"0123456789", "lan.anh", false, "dãy"},
		{"1234567890", "lan.anh", false, "dãy"},
		{"9876543210", "lan.anh", false, "dãy"},
		{"7890123456", "lan.anh", false, "dãy"},
		{"abcdefghijk", "lan.anh", false, "dãy"},
		{"ABCDEFGHIJ", "lan.anh", false, "dãy"},
		{"zyxwvutsrq", "lan.anh", false, "dãy"},
		{"qwertyuiop", "lan.anh", false, "dãy"},
		{"QwertyUiop", "lan.anh", false, "dãy"},
		{"poiuytrewq", "lan.anh", false, "dãy"},
		{"asdfghjkl;", "lan.anh", false, "dãy"},
		{"1qaz2wsx3edc", "lan.anh", false, "dãy"},
		{"qwerty123456", "lan.anh", false, "dãy"},
		{"abcdef!!2024", "lan.anh", false, "dãy"},
		{"1212121212", "lan.anh", false, "dãy"},
		{"abcabcabcabc", "lan.anh", false, "dãy"},
		{"1234512345", "lan.anh", false, "dãy"},
		// The username.
		{"lan.anh1234", "lan.anh", false, "tên đăng nhập"},
		{"admin12345", "admin", false, "tên đăng nhập"},
		{"ADMIN-2026!", "admin", false, "tên đăng nhập"},
		{"canbo.quay1", "canbo.quay1", false, "tên đăng nhập"},
		{"1yauq.obnac", "canbo.quay1", false, "tên đăng nhập"},
		{"admin-password-123", "admin", true, ""}, // long beside the username
		// Common passwords.
		{"matkhau123", "lan.anh", false, "phổ biến"},
		{"Matkhau123", "lan.anh", false, "phổ biến"},
		{"MATKHAU2024!", "lan.anh", false, "phổ biến"},
		{"password12", "lan.anh", false, "phổ biến"},
		{"Password123!", "lan.anh", false, "phổ biến"},
		{"P@ssw0rd2026", "lan.anh", false, "phổ biến"},
		{"iloveyou12", "lan.anh", false, "phổ biến"},
		{"anhyeuem123", "lan.anh", false, "phổ biến"},
		{"vietnam1975", "lan.anh", false, "phổ biến"},
		{"147258369!", "lan.anh", false, "phổ biến"},
		{"admin12345", "lan.anh", false, "phổ biến"},
		// Good ones.
		{"mật khẩu tốt", "lan.anh", true, ""},
		{"mat-khau-tot-123", "lan.anh", true, ""},
		{"sông Mã chảy về xuôi", "lan.anh", true, ""},
		{"officer-password-123", "canbo", true, ""},
		{"k7Qm2xPw9LtR", "admin", true, ""},
		{"2938475610", "lan.anh", true, ""},
	}
	for _, tc := range tests {
		err := ValidatePassword(tc.pw, tc.user)
		if (err == nil) != tc.ok {
			t.Errorf("ValidatePassword(%q, %q)=%v, want ok=%v", tc.pw, tc.user, err, tc.ok)
			continue
		}
		if err == nil {
			continue
		}
		if ErrorField(err) != "password" || ErrorCode(err) != EINVALID {
			t.Errorf("ValidatePassword(%q): %s field %q", tc.pw, ErrorCode(err), ErrorField(err))
		}
		if msg := ErrorMessage(err, false); !strings.Contains(msg, tc.why) {
			t.Errorf("ValidatePassword(%q, %q): %q, want it to say %q", tc.pw, tc.user, msg, tc.why)
		}
	}
}

// TestMayWork: an admin works every counter, an officer only those listed;
// an empty list is none.
func TestMayWork(t *testing.T) {
	admin := User{Role: RoleAdmin}
	none := User{Role: RoleOfficer}
	some := User{Role: RoleOfficer, Counters: []string{"quay-2"}}
	if !admin.MayWork("quay-1") || none.MayWork("quay-1") || some.MayWork("quay-1") || !some.MayWork("quay-2") {
		t.Errorf("MayWork: admin %v, no counters %v, quay-2 only %v/%v", admin.MayWork("quay-1"),
			none.MayWork("quay-1"), some.MayWork("quay-1"), some.MayWork("quay-2"))
	}
}
