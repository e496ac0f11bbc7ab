package queue

import (
	"strconv"
	"strings"
	"unicode"
)

// FormatNumber renders a ticket number: the prefix and the sequence padded
// with zeros to digits. A sequence that outgrows digits is printed whole
// (A1000), never cut, so a number stays unique.
func FormatNumber(prefix string, seq, digits int) string {
	s := strconv.Itoa(seq)
	for len(s) < digits {
		s = "0" + s
	}
	return prefix + s
}

// ParseNumber splits a number typed by an officer ("a5", " A005 ") into its
// upper-case prefix letter and sequence. The sequence is read as a number,
// so "A5" and "A005" name the same ticket.
func ParseNumber(s string) (prefix string, seq int, err error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := FieldErrorf("number",
		"Số thứ tự %q không hợp lệ: cần một chữ cái và các chữ số, ví dụ A005.",
		"Invalid ticket number %q: expected a letter and digits, e.g. A005.", s)
	if len(s) < 2 || len(s) > 12 {
		return "", 0, bad
	}
	r := rune(s[0])
	if r < 'A' || r > 'Z' {
		return "", 0, bad
	}
	for _, c := range s[1:] {
		if !unicode.IsDigit(c) || c > unicode.MaxASCII {
			return "", 0, bad
		}
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 {
		return "", 0, bad
	}
	return s[:1], n, nil
}

// SameNumber reports whether a number typed or shown somewhere ("a5")
// names the ticket number n ("A005").
func SameNumber(typed, n string) bool {
	p1, s1, err1 := ParseNumber(typed)
	p2, s2, err2 := ParseNumber(n)
	return err1 == nil && err2 == nil && p1 == p2 && s1 == s2
}
