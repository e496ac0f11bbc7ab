package queue

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonPasswordsTxt is the embedded list of the most common passwords.
//
//go:embed common-passwords.txt
var commonPasswordsTxt string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsTxt, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// keyboardWalks are rows and columns of a keyboard: a password along one
// of them, either way, is a sequence.
var keyboardWalks = []string{
	"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
	"qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
}

// ValidatePassword rejects weak passwords for the user username: fewer
// than MinPasswordLen characters; longer than bcrypt can hash; the
// username (in any case), or a short password around it ("admin12345");
// a sequence ("0123456789", "abcdefghij", "qwertyuiop", "aaaaaaaaaa",
// "1212121212"); one of the most common passwords, also with digits or
// symbols around it ("matkhau123", "Password12!").
func ValidatePassword(pw, username string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return FieldErrorf("password", "Mật khẩu quá yếu: cần ít nhất %d ký tự.",
			"Password too weak: at least %d characters are needed.", MinPasswordLen)
	}
	if len(pw) > 72 {
		return FieldErrorf("password", "Mật khẩu tối đa 72 byte.", "Password must be at most 72 bytes.")
	}
	lower := strings.ToLower(pw)
	if user := strings.ToLower(strings.TrimSpace(username)); user != "" {
		rest := strings.ReplaceAll(lower, user, "")
		if lower == user || lower == reverse(user) ||
			(utf8.RuneCountInString(user) >= 3 && rest != lower && utf8.RuneCountInString(rest) < MinPasswordLen) {
			return FieldErrorf("password", "Mật khẩu quá yếu: không dùng tên đăng nhập làm mật khẩu.",
				"Password too weak: it must not be made of the username.")
		}
	}
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if sequence(lower) || (utf8.RuneCountInString(core) >= 4 && sequence(core)) {
		return FieldErrorf("password", "Mật khẩu quá yếu: không dùng dãy ký tự liền nhau hay lặp lại (như 0123456789, abcdef, qwerty, aaaaaa).",
			"Password too weak: it must not be a run or a repetition of characters (like 0123456789, abcdef, qwerty, aaaaaa).")
	}
	bare := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if commonPasswords[lower] || commonPasswords[core] || commonPasswords[bare] {
		return FieldErrorf("password", "Mật khẩu quá yếu: đây là một trong những mật khẩu phổ biến nhất, dễ bị đoán. Vui lòng chọn một cụm từ riêng, ví dụ ba, bốn từ ghép lại.",
			"Password too weak: it is one of the most common passwords, easy to guess. Please choose a phrase of your own, such as three or four words.")
	}
	return nil
}

// sequence reports whether s is a run of characters a step apart (the
// same character, "0123456789", "9876543210", "abcdef", digits wrapping
// around as in "7890123456"), a walk along a keyboard, or a repetition of
// a block of at most five characters ("1212121212", "abcabcabca").
func sequence(s string) bool {
	rs := []rune(s)
	if len(rs) < 2 {
		return false
	}
	for _, step := range []int{0, 1, -1} {
		run := true
		for i := 1; i < len(rs) && run; i++ {
			a, b := rs[i-1], rs[i]
			d := int(b - a)
			if a >= '0' && a <= '9' && b >= '0' && b <= '9' {
				d = ((d % 10) + 10) % 10
				if step == -1 && d == 9 {
					d = -1
				}
			}
			run = d == step
		}
		if run {
			return true
		}
	}
	for _, w := range keyboardWalks {
		if strings.Contains(w, s) || strings.Contains(w, reverse(s)) {
			return true
		}
	}
	for n := 1; n <= 5 && n < len(rs); n++ {
		block := string(rs[:n])
		if strings.HasPrefix(strings.Repeat(block, len(rs)/n+1), s) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
