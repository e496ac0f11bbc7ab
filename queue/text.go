package queue

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text typed by admins and citizens (names, the settings' texts, display
// names, comments) is stored in one form and without hostile characters:
//
//   - NFC: Vietnamese typed with combining accents (Unikey's "Unicode tổ
//     hợp") is stored with the precomposed letters, so it prints, sorts and
//     compares like the rest;
//   - no control character, except a line break in a text of several lines;
//   - no invisible format character: bidi overrides and isolates (U+202E
//     shows "abc" as "cba" on every page), directional marks, zero-width
//     spaces and joiners, the byte order mark, and the rest of Unicode's
//     "Cf"; nor the line and paragraph separators. The one exception is a
//     joiner between two emoji, which phones type in "🙋‍♀️".
//
// Such characters are refused rather than dropped: what the admin sees
// saved is what they typed.

// normText trims s and puts it in NFC; in a text of several lines, CR LF
// and a lone CR become a line break.
func normText(s string, multiline bool) string {
	if multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return norm.NFC.String(strings.TrimSpace(s))
}

// checkText refuses s when it holds a character of no place in a text
// (see above), with an EINVALID error naming field.
func checkText(field, s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return &Error{Code: EINVALID, Field: field,
			Message: fieldName(field) + " không phải văn bản UTF-8 hợp lệ.",
			English: field + " is not valid UTF-8 text."}
	}
	prev := rune(-1)
	for i, r := range s {
		last := prev
		prev = r
		if r == '\n' && multiline {
			continue
		}
		if r == zwj && emojiJoin(last, s[i+len(string(zwj)):]) {
			continue
		}
		if hostileRune(r) {
			at := utf8.RuneCountInString(s[:i]) + 1
			return &Error{Code: EINVALID, Field: field,
				Message: fmt.Sprintf("%s có ký tự không được phép (%U, ở vị trí %d): ký tự điều khiển, ký tự vô hình "+
					"hoặc ký tự đảo chiều chữ. Vui lòng gõ lại nội dung, không dán từ nơi khác.", fieldName(field), r, at),
				English: fmt.Sprintf("%s holds a character that is not allowed (%U, at position %d): a control, "+
					"invisible or direction-changing character. Please type the text again rather than paste it.", field, r, at)}
		}
	}
	return nil
}

// CleanText returns s as it is stored (trimmed, NFC), or an EINVALID error
// naming field when it holds a character of no place in a text.
// multiline allows line breaks.
func CleanText(field, s string, multiline bool) (string, error) {
	s = normText(s, multiline)
	if err := checkText(field, s, multiline); err != nil {
		return "", err
	}
	return s, nil
}

// zwj is the zero-width joiner.
const zwj = '\u200D'

// emojiJoin reports whether a zero-width joiner between last and the text
// after it joins two emoji ("🙋‍♀️", a family): phones' keyboards type it, and
// it hides or turns nothing.
func emojiJoin(last rune, after string) bool {
	next, _ := utf8.DecodeRuneInString(after)
	emoji := func(r rune) bool { return unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) }
	return (emoji(last) || unicode.Is(unicode.Variation_Selector, last)) && emoji(next)
}

// hostileRune reports whether r has no place in a text: a control
// character, an invisible format character (bidi controls, zero-width
// characters, the BOM), a line or paragraph separator.
func hostileRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// fieldNames are the Vietnamese names of the text fields, for messages.
var fieldNames = map[string]string{
	"name":          "Tên",
	"display_name":  "Họ tên",
	"center_name":   "Tên trung tâm",
	"address":       "Địa chỉ",
	"phone":         "Số điện thoại",
	"notice":        "Thông báo",
	"ticket_footer": "Lời cảm ơn trên phiếu",
	"online_guide":  "Hướng dẫn nộp trực tuyến",
	"portal_url":    "Địa chỉ cổng dịch vụ công",
	"map_url":       "Địa chỉ bản đồ",
	"comment":       "Góp ý",
}

func fieldName(field string) string {
	if n, ok := fieldNames[field]; ok {
		return n
	}
	return "Trường " + field
}
