package board

import (
	"strconv"
	"strings"
)

// SpokenNumber reads a ticket number the way the board says it: the letter,
// then each digit, separated by commas ("A, không, không, năm").
func SpokenNumber(number string) string {
	words := [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
	parts := make([]string, 0, len(number))
	for _, r := range number {
		if r >= '0' && r <= '9' {
			parts = append(parts, words[r-'0'])
		} else {
			parts = append(parts, string(r))
		}
	}
	return strings.Join(parts, ", ")
}

// CallPhrase is the sentence the board speaks when a ticket is called:
// "Mời công dân có số thứ tự A, không, không, năm, đến quầy số 2". The
// board page builds the same sentence in voice.js; its browser test holds
// the two together.
func CallPhrase(number string, counterNumber int) string {
	return "Mời công dân có số thứ tự " + SpokenNumber(number) + ", đến quầy số " + strconv.Itoa(counterNumber)
}
