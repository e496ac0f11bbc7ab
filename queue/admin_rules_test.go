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
		pw string
		ok bool
	}{
		{"", false},
		{"123456789", false},
		{"ngắn", false},
		{"aaaaaaaaaaaa", false},
		{"          ", false},
		{"ááááááááááá", false},
		{strings.Repeat("x", 60) + "yyyyyyyyyyyyyy", false}, // 74 bytes: more than bcrypt hashes
		{"1234567890", true},
		{"mật khẩu tốt", true},
		{"admin-password-123", true},
	}
	for _, tc := range tests {
		err := ValidatePassword(tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("ValidatePassword(%q)=%v, want ok=%v", tc.pw, err, tc.ok)
		}
		if err != nil && ErrorField(err) != "password" {
			t.Errorf("ValidatePassword(%q): field %q", tc.pw, ErrorField(err))
		}
	}
}
