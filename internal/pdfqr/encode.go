package pdfqr

import (
	"bytes"
	"errors"
	"image"
	"slices"
	"sync"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// Encode encodes text as a QR code at level, like qr.Encode, but chooses
// its data mask: qr.Encode always takes mask 0 ("TODO: pick appropriate
// mask"). The masks are tried in the order of the penalty of ISO/IEC 18004
// §7.8.3 (lowest first, the standard's choice), and the first whose symbol
// the ZXing detector reads back is taken. About one symbol in 200, whatever
// its mask, makes ZXing misjudge its finder patterns ("dimension = 31" for
// a symbol of 33 modules) while other readers scan it; ZXing is what many
// phone scanners run, so no ticket leaves with such a code.
func Encode(text string, level qr.Level) (*qr.Code, error) {
	var enc coding.Encoding
	switch {
	case coding.Num(text).Check() == nil:
		enc = coding.Num(text)
	case coding.Alpha(text).Check() == nil:
		enc = coding.Alpha(text)
	default:
		enc = coding.String(text)
	}
	l := coding.Level(level)
	v := coding.Version(coding.MinVersion)
	for enc.Bits(v) > v.DataBytes(l)*8 {
		if v++; v > coding.MaxVersion {
			return nil, errors.New("text too long to encode as QR")
		}
	}
	codes := make([]*qr.Code, 0, 8)
	scores := map[*qr.Code]int{}
	for m := coding.Mask(0); m < 8; m++ {
		p, err := plan(v, l, m)
		if err != nil {
			return nil, err
		}
		cc, err := p.Encode(enc)
		if err != nil {
			return nil, err
		}
		code := &qr.Code{Bitmap: cc.Bitmap, Size: cc.Size, Stride: cc.Stride, Scale: 8}
		codes = append(codes, code)
		scores[code] = penalty(code)
	}
	slices.SortStableFunc(codes, func(a, b *qr.Code) int { return scores[a] - scores[b] })
	for _, code := range codes {
		if readsBack(code, text) {
			return code, nil
		}
	}
	return codes[0], nil
}

// Image draws code black on white at px pixels a module, with the quiet
// zone of four modules that readers need: the kiosk's screen shows it.
func Image(code *qr.Code, px int) *image.Gray {
	const quiet = 4
	side := (code.Size + 2*quiet) * px
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				for dy := range px {
					row := img.Pix[((y+quiet)*px+dy)*img.Stride:]
					for dx := range px {
						row[(x+quiet)*px+dx] = 0
					}
				}
			}
		}
	}
	return img
}

// plans caches the plans of rsc.io/qr/coding (the layout of a version,
// level and mask), read-only once made: a ticket's eight cost more to make
// than to fill.
var plans sync.Map // planKey → *coding.Plan

type planKey struct {
	v coding.Version
	l coding.Level
	m coding.Mask
}

func plan(v coding.Version, l coding.Level, m coding.Mask) (*coding.Plan, error) {
	k := planKey{v, l, m}
	if p, ok := plans.Load(k); ok {
		return p.(*coding.Plan), nil
	}
	p, err := coding.NewPlan(v, l, m)
	if err != nil {
		return nil, err
	}
	plans.Store(k, p)
	return p, nil
}

// readsBack tells whether ZXing's QR reader reads text from the symbol
// drawn, with its quiet zone, at 3 and at 8 pixels a module (its detector's
// misjudgements change a little with the scale).
func readsBack(code *qr.Code, text string) bool {
	return readsBackAt(code, text, 4) && readsBackAt(code, text, 8)
}

func readsBackAt(code *qr.Code, text string, px int) bool {
	img := Image(code, px)
	side := img.Rect.Dx()
	// The gray pixels are the luminance plane itself; the symbol is black
	// on white, so a global threshold binarizes it as well as the hybrid
	// one, at a fraction of the cost.
	src, err := gozxing.NewPlanarYUVLuminanceSource(img.Pix, side, side, 0, 0, side, side, false)
	if err != nil {
		return false
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewGlobalHistgramBinarizer(src))
	if err != nil {
		return false
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	return err == nil && res.GetText() == text
}

// penalty scores a symbol by the four rules of ISO/IEC 18004 §7.8.3.1:
// runs of five or more modules of one colour in a row or column, 2×2
// blocks of one colour, the finder-like 1:1:3:1:1 pattern with four light
// modules on a side, and the distance of the share of dark modules from
// half. Outside the symbol counts as light.
func penalty(c *qr.Code) int {
	const pad = 4
	n := c.Size
	w := n + 2*pad
	// Every row, then every column, with four light modules on each side.
	lines := make([]byte, 2*n*w)
	dark := 0
	for y := range n {
		for x := range n {
			if c.Black(x, y) {
				lines[y*w+pad+x] = 1
				lines[(n+x)*w+pad+y] = 1
				dark++
			}
		}
	}
	finder := []byte{1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0}
	redniF := []byte{0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1}
	score := 0
	for l := range 2 * n {
		line := lines[l*w : (l+1)*w]
		// Rule 1: runs, within the symbol.
		run := 1
		for j := pad + 1; j <= pad+n; j++ {
			if j < pad+n && line[j] == line[j-1] {
				run++
				continue
			}
			if run >= 5 {
				score += 3 + run - 5
			}
			run = 1
		}
		// Rule 3: the finder-like pattern, either way round.
		for j := 0; j+len(finder) <= w; j++ {
			if bytes.Equal(line[j:j+len(finder)], finder) {
				score += 40
			}
			if bytes.Equal(line[j:j+len(finder)], redniF) {
				score += 40
			}
		}
	}
	// Rule 2: 2×2 blocks.
	for y := range n - 1 {
		r0, r1 := lines[y*w+pad:y*w+pad+n], lines[(y+1)*w+pad:(y+1)*w+pad+n]
		for x := range n - 1 {
			if v := r0[x]; r0[x+1] == v && r1[x] == v && r1[x+1] == v {
				score += 3
			}
		}
	}
	// Rule 4: 10 points for every 5% the dark share is away from 50%.
	dev := dark*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + 10*(dev/5)
}
