// Package pdftest reads PDFs back in tests: their text through poppler's
// pdftotext, their first page as an image through pdftoppm, a QR code on
// it, and the size of their pages. It imports nothing of the application,
// so the internal tests of any package can use it.
package pdftest

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// NeedTool skips the test without the command-line tool name (poppler's
// pdftotext, pdftoppm), unless XEPHANG_E2E=1, where it fails.
func NeedTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("XEPHANG_E2E") == "1" {
			t.Fatalf("XEPHANG_E2E=1 but %s is missing (apt-get install poppler-utils)", name)
		}
		t.Skipf("%s not installed (poppler-utils)", name)
	}
}

// Text returns the text of pdf as pdftotext gives it back, in reading
// order, lines trimmed and empty ones dropped.
func Text(t testing.TB, pdf []byte) []string {
	t.Helper()
	NeedTool(t, "pdftotext")
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(strings.Trim(l, "\f")); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// Page renders the first page of pdf as pdftoppm draws it at dpi.
func Page(t testing.TB, pdf []byte, dpi int) image.Image {
	t.Helper()
	NeedTool(t, "pdftoppm")
	root := filepath.Join(t.TempDir(), "page")
	cmd := exec.Command("pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile", "-", root)
	cmd.Stdin = bytes.NewReader(pdf)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	data, err := os.ReadFile(root + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode pdftoppm's PNG: %v", err)
	}
	return img
}

// DecodeQR reads the QR code in img.
func DecodeQR(t testing.TB, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code decoded: %v", err)
	}
	return res.GetText()
}

var (
	mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)
	pageObj  = regexp.MustCompile(`/Type\s*/Page\b`)
)

// Pages returns the MediaBox of every page of pdf, in points: the one
// of the page object, or else the one of the page tree.
func Pages(t testing.TB, pdf []byte) [][2]float64 {
	t.Helper()
	var pages [][]byte
	var tree []byte
	for _, obj := range bytes.Split(pdf, []byte("endobj")) {
		m := mediaBox.Find(obj)
		switch {
		case pageObj.Match(obj):
			pages = append(pages, m)
		case m != nil && bytes.Contains(obj, []byte("/Type /Pages")):
			tree = m
		}
	}
	out := make([][2]float64, len(pages))
	for i, box := range pages {
		if box == nil {
			box = tree
		}
		m := mediaBox.FindSubmatch(box)
		if m == nil {
			t.Fatalf("page %d has no MediaBox", i+1)
		}
		out[i][0], _ = strconv.ParseFloat(string(m[1]), 64)
		out[i][1], _ = strconv.ParseFloat(string(m[2]), 64)
	}
	return out
}

// SizeMM returns the size of the only page of pdf in millimetres.
func SizeMM(t testing.TB, pdf []byte) (w, h float64) {
	t.Helper()
	pages := Pages(t, pdf)
	if len(pages) != 1 {
		t.Fatalf("want one page, found %d", len(pages))
	}
	const ptMM = 25.4 / 72
	return pages[0][0] * ptMM, pages[0][1] * ptMM
}

// QR renders the first page of pdf at dpi and decodes the QR code on it.
func QR(t testing.TB, pdf []byte, dpi int) string {
	t.Helper()
	return DecodeQR(t, Page(t, pdf, dpi))
}
