package queue

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCleanText(t *testing.T) {
	nfd := norm.NFD.String("Trung tâm Phục vụ hành chính công xã Luận Thành")
	for _, tc := range []struct {
		name, in  string
		multiline bool
		want      string // "" with ok false: refused
		ok        bool
	}{
		{"NFC kept", "Đất đai – Xây dựng", false, "Đất đai – Xây dựng", true},
		{"NFD to NFC", nfd, false, "Trung tâm Phục vụ hành chính công xã Luận Thành", true},
		{"trimmed", "  Quầy 1 \t", false, "Quầy 1", true},
		{"emoji", "Trung tâm 🏛", false, "Trung tâm 🏛", true},
		{"emoji with a joiner", "Cảm ơn 🙋‍♀️ 👨‍👩‍👧", true, "Cảm ơn 🙋‍♀️ 👨‍👩‍👧", true},
		{"line break, multiline", "dòng 1\r\ndòng 2\rdòng 3", true, "dòng 1\ndòng 2\ndòng 3", true},
		{"line break, one line", "dòng 1\ndòng 2", false, "", false},
		{"tab inside", "a\tb", false, "", false},
		{"NUL", "a\x00b", true, "", false},
		{"escape", "a\x1b[31mb", false, "", false},
		{"DEL", "a\x7fb", false, "", false},
		{"C1 control", "a\u0085b", false, "", false},
		{"RLO", "abc\u202Edef", false, "", false},
		{"LRE", "\u202Aabc", false, "", false},
		{"PDF", "abc\u202C", false, "", false},
		{"RLI", "a\u2067b", false, "", false},
		{"PDI", "a\u2069b", false, "", false},
		{"LRM", "a\u200Eb", false, "", false},
		{"RLM", "a\u200Fb", false, "", false},
		{"ZWSP", "Quầy\u200B1", false, "", false},
		{"ZWNJ", "a\u200Cb", false, "", false},
		{"ZWJ between letters", "a\u200Db", false, "", false},
		{"word joiner", "a\u2060b", false, "", false},
		{"BOM", "\uFEFFabc", false, "", false},
		{"line separator", "a\u2028b", true, "", false},
		{"invalid UTF-8", "a\xffb", false, "", false},
	} {
		got, err := CleanText("center_name", tc.in, tc.multiline)
		if tc.ok {
			if err != nil || got != tc.want {
				t.Errorf("%s: CleanText(%q) = %q, %v; want %q", tc.name, tc.in, got, err, tc.want)
			}
			continue
		}
		e, _ := err.(*Error)
		if e == nil || e.Code != EINVALID || e.Field != "center_name" || !strings.Contains(e.Message, "Tên trung tâm") {
			t.Errorf("%s: CleanText(%q) = %q, %v; want invalid naming center_name", tc.name, tc.in, got, err)
		}
	}
}

// TestTextFieldsNFCAndRefused: every text of admins and citizens is stored
// NFC and refuses hostile characters, naming its field.
func TestTextFieldsNFCAndRefused(t *testing.T) {
	nfd := norm.NFD.String("Hộ tịch – Đất đai")
	nfc := "Hộ tịch – Đất đai"
	const rlo = "abc\u202Edef"
	field := func(err error) string {
		if e, ok := err.(*Error); ok && e.Code == EINVALID {
			return e.Field
		}
		return "(not invalid: " + ErrorCode(err) + ")"
	}

	sv := Service{ID: "ho-tich", Name: nfd, Prefix: "a", FirstNumber: 1, Digits: 3}
	sv.Normalize()
	if err := sv.Validate(); err != nil || sv.Name != nfc {
		t.Errorf("service: %q %v", sv.Name, err)
	}
	sv.Name = rlo
	sv.Normalize()
	if f := field(sv.Validate()); f != "name" {
		t.Errorf("service with U+202E: field %s", f)
	}

	c := Counter{ID: "quay-1", Number: 1, Name: nfd, Services: []string{"ho-tich"}}
	c.Normalize()
	if err := c.Validate(); err != nil || c.Name != nfc {
		t.Errorf("counter: %q %v", c.Name, err)
	}
	c.Name = "Quầy\u200B1"
	c.Normalize()
	if f := field(c.Validate()); f != "name" {
		t.Errorf("counter with U+200B: field %s", f)
	}

	u := User{Username: "lan.anh", DisplayName: norm.NFD.String("Nguyễn Thị Lan Anh"), Role: RoleOfficer}
	u.Normalize()
	if err := u.Validate(); err != nil || u.DisplayName != "Nguyễn Thị Lan Anh" {
		t.Errorf("user: %q %v", u.DisplayName, err)
	}
	u.DisplayName = "Lan\x00Anh"
	u.Normalize()
	if f := field(u.Validate()); f != "display_name" {
		t.Errorf("user with NUL: field %s", f)
	}

	fb := Feedback{Rating: 4, Comment: norm.NFD.String("Cán bộ nhiệt tình 👍\nCảm ơn")}
	if err := fb.Normalize(); err != nil || fb.Comment != "Cán bộ nhiệt tình 👍\nCảm ơn" {
		t.Errorf("feedback: %q %v", fb.Comment, err)
	}
	fb = Feedback{Rating: 4, Comment: "tốt\u2066lắm"}
	if f := field(fb.Normalize()); f != "comment" {
		t.Errorf("feedback with U+2066: field %s", f)
	}

	for _, tc := range []struct {
		field string
		set   func(s *Settings, v string)
		multi bool
	}{
		{"center_name", func(s *Settings, v string) { s.CenterName = v }, false},
		{"address", func(s *Settings, v string) { s.Address = v }, false},
		{"phone", func(s *Settings, v string) { s.Phone = v }, false},
		{"notice", func(s *Settings, v string) { s.Notice = v }, true},
		{"ticket_footer", func(s *Settings, v string) { s.TicketFooter = v }, false},
		{"online_guide", func(s *Settings, v string) { s.OnlineGuide = v }, true},
		{"portal_url", func(s *Settings, v string) { s.PortalURL = "https://dichvucong.gov.vn/" + v }, false},
		{"map_url", func(s *Settings, v string) { s.MapURL = "https://maps.example/" + v }, false},
		{"sessions[0].name", func(s *Settings, v string) { s.Sessions[0].Name = v }, false},
	} {
		s := DefaultSettings().Clone()
		tc.set(&s, nfd)
		s.Normalize()
		if err := s.Validate(); err != nil {
			t.Errorf("settings %s NFD: %v", tc.field, err)
		}
		for _, bad := range []string{rlo, "a\u200Bb", "a\x07b", "a\uFEFFb"} {
			s := DefaultSettings().Clone()
			tc.set(&s, bad)
			s.Normalize()
			if f := field(s.Validate()); f != tc.field {
				t.Errorf("settings %s = %q: field %s", tc.field, bad, f)
			}
		}
		if tc.multi {
			s := DefaultSettings().Clone()
			tc.set(&s, "dòng 1\ndòng 2")
			s.Normalize()
			if err := s.Validate(); err != nil {
				t.Errorf("settings %s on two lines: %v", tc.field, err)
			}
		}
	}
	s := DefaultSettings().Clone()
	s.CenterName = nfd
	s.Normalize()
	if s.CenterName != nfc {
		t.Errorf("center name stored %q, want NFC", s.CenterName)
	}
}
