package notice

import (
	"io"
	"testing"
	"time"

	"xephang/queue"
	"xephang/report"
)

// BenchmarkWrite lays out the notice with the full fonts: what one request
// costs when its inputs changed (otherwise the handler serves its copy).
func BenchmarkWrite(b *testing.B) {
	font, err := report.LoadFont()
	if err != nil {
		b.Fatal(err)
	}
	set := queue.DefaultSettings()
	services := []queue.Service{{Name: "Tư pháp – Hộ tịch", Active: true}, {Name: "Đất đai", Active: true}}
	d := Build(set, services, "http://192.168.1.10:8080/", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for b.Loop() {
		if err := Write(io.Discard, d, font); err != nil {
			b.Fatal(err)
		}
	}
}
