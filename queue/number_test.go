package queue

import "testing"

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		prefix      string
		seq, digits int
		want        string
	}{
		{"A", 1, 3, "A001"},
		{"A", 5, 3, "A005"},
		{"B", 42, 3, "B042"},
		{"C", 999, 3, "C999"},
		{"C", 1000, 3, "C1000"}, // outgrows digits: printed whole, never cut
		{"D", 7, 1, "D7"},
		{"E", 0, 2, "E00"},
		{"F", 12, 4, "F0012"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.prefix, tt.seq, tt.digits); got != tt.want {
			t.Errorf("FormatNumber(%q, %d, %d)=%q, want %q", tt.prefix, tt.seq, tt.digits, got, tt.want)
		}
	}
}

func TestServiceNumber(t *testing.T) {
	s := Service{Prefix: "H", FirstNumber: 100, Digits: 3}
	if got, want := s.Number(1), "H100"; got != want {
		t.Fatalf("Number(1)=%q, want %q", got, want)
	}
	if got, want := s.Number(3), "H102"; got != want {
		t.Fatalf("Number(3)=%q, want %q", got, want)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in     string
		prefix string
		seq    int
		ok     bool
	}{
		{"A005", "A", 5, true},
		{"a5", "A", 5, true},
		{" B012 ", "B", 12, true},
		{"C1000", "C", 1000, true},
		{"", "", 0, false},
		{"A", "", 0, false},
		{"5A", "", 0, false},
		{"AA1", "", 0, false},
		{"A-1", "", 0, false},
		{"A١٢", "", 0, false}, // non-ASCII digits
		{"Ă01", "", 0, false},
		{"A12345678901234", "", 0, false},
	}
	for _, tt := range tests {
		p, n, err := ParseNumber(tt.in)
		if ok := err == nil; ok != tt.ok || p != tt.prefix || n != tt.seq {
			t.Errorf("ParseNumber(%q)=%q,%d,%v; want %q,%d,ok=%v", tt.in, p, n, err, tt.prefix, tt.seq, tt.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("ParseNumber(%q) code=%s, want %s", tt.in, ErrorCode(err), EINVALID)
		}
	}
}

func TestSameNumber(t *testing.T) {
	tests := []struct {
		typed, n string
		want     bool
	}{
		{"A005", "A005", true},
		{" a5 ", "A005", true},
		{"A0005", "A005", true},
		{"B005", "A005", false},
		{"A006", "A005", false},
		{"", "A005", false},
		{"x", "x", false},
	}
	for _, tt := range tests {
		if got := SameNumber(tt.typed, tt.n); got != tt.want {
			t.Errorf("SameNumber(%q, %q)=%v, want %v", tt.typed, tt.n, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Đất đai":                           "dat-dai",
		"Tư pháp – Hộ tịch":                 "tu-phap-ho-tich",
		"Bảo trợ xã hội – Người có công":    "bao-tro-xa-hoi-nguoi-co-cong",
		"  Hướng dẫn nộp hồ sơ trực tuyến ": "huong-dan-nop-ho-so-truc-tuyen",
		"Quầy 12": "quay-12",
		"!!!":     "",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q)=%q, want %q", in, got, want)
		}
	}
}
