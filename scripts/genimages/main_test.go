package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedImagesAreCurrent regenerates the pictures and compares
// them with the committed ones: a change here without `make images`, or a
// hand-edited PNG, fails.
func TestCommittedImagesAreCurrent(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	size := map[string][2]int{
		"icon-192.png": {192, 192}, "icon-512.png": {512, 512},
		"apple-touch-icon.png": {180, 180}, "og.png": {1200, 630},
	}
	for name, data := range files {
		want, ok := size[name]
		if !ok {
			t.Errorf("unexpected picture %s", name)
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
			t.Errorf("%s: %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, want[0], want[1])
		}
		if name == "og.png" && len(data) >= 60<<10 {
			t.Errorf("og.png is %d bytes, want < 60 KiB", len(data))
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", "assets", "web", "static", name))
		if err != nil {
			t.Errorf("%s not committed: %v", name, err)
			continue
		}
		if !bytes.Equal(committed, data) {
			t.Errorf("assets/web/static/%s differs from what this program draws: run make images", name)
		}
	}
}
