package pdfqr

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
)

// TestEncodeReadsBack: codes of 300 tracking links (about one in 200 codes
// fools ZXing's detector whatever the mask), of digits and of upper-case
// text decode to their text at 4, 6 and 8 pixels a module (Encode checks 4
// and 8) with ZXing's usual reader.
func TestEncodeReadsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	texts := []string{"0123456789", "HTTP://EXAMPLE.ORG/T/ABC", "Trung tâm Phục vụ hành chính công xã Luận Thành"}
	for range 300 {
		b := make([]byte, 24)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		texts = append(texts, "http://192.168.1.10:8080/t/"+base64.RawURLEncoding.EncodeToString(b))
	}
	for _, text := range texts {
		code, err := Encode(text, qr.M)
		if err != nil {
			t.Fatal(err)
		}
		for _, px := range []int{4, 6, 8} {
			if got := decodeHybrid(t, code, px); got != text {
				t.Errorf("%q at %d px a module reads %q", text, px, got)
			}
		}
	}
}

// decodeHybrid reads code drawn at px pixels a module as a test reader
// does: the image through ZXing's usual binarizer.
func decodeHybrid(t *testing.T, code *qr.Code, px int) string {
	t.Helper()
	img := Image(code, px)
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return err.Error()
	}
	return res.GetText()
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := Encode(string(bytes.Repeat([]byte("x"), 4000)), qr.M); err == nil {
		t.Fatal("4000 bytes encoded")
	}
}

// TestPenalty checks each rule on small hand-made symbols.
func TestPenalty(t *testing.T) {
	sym := func(rows ...string) *qr.Code {
		n := len(rows)
		stride := (n + 7) / 8
		c := &qr.Code{Bitmap: make([]byte, n*stride), Size: n, Stride: stride, Scale: 1}
		for y, r := range rows {
			for x, ch := range r {
				if ch == '#' {
					c.Bitmap[y*stride+x/8] |= 1 << uint(7-x&7)
				}
			}
		}
		return c
	}
	// All light, 5×5: a run of 5 in each of 5 rows and 5 columns (3 each),
	// 16 blocks (3 each), 0% dark (10 × 10).
	if got, want := penalty(sym(".....", ".....", ".....", ".....", ".....")), 10*3+16*3+100; got != want {
		t.Errorf("light 5×5: %d, want %d", got, want)
	}
	// A checkerboard: no run, no block, 13 of 25 dark (52%: 0).
	if got := penalty(sym("#.#.#", ".#.#.", "#.#.#", ".#.#.", "#.#.#")); got != 0 {
		t.Errorf("checkerboard: %d, want 0", got)
	}
	// The finder-like pattern, light before it: 40 in its row.
	finder := sym(
		"....#.###.#",
		"#.#.#.#.#.#",
		".#.#.#.#.#.",
		"#.#.#.#.#.#",
		".#.#.#.#.#.",
		"#.#.#.#.#.#",
		".#.#.#.#.#.",
		"#.#.#.#.#.#",
		".#.#.#.#.#.",
		"#.#.#.#.#.#",
		".#.#.#.#.#.",
	)
	if got := penalty(finder); got < 40 {
		t.Errorf("finder-like row: %d, want at least 40", got)
	}
}
