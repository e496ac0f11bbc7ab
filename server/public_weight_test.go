package server_test

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"testing"

	"xephang/internal/e2e"
)

var (
	pageRef   = regexp.MustCompile(`<(?:link rel="stylesheet"|script type="module") (?:href|src)="([^"]+)"`)
	moduleRef = regexp.MustCompile(`(?m)^\s*import\s[^'"]*['"]([^'"]+)['"]`)
	iconRef   = regexp.MustCompile(`<(?:link rel="(?:manifest|icon|apple-touch-icon)"[^>]*|meta property="og:image") (?:href|content)="([^"]+)"`)
)

// TestPublicPageWeight sums what a phone downloads to show the public
// page: the HTML, its style sheets and its scripts with every module they
// import. It must stay under 100 KB, without compression, so a cheap phone
// on a weak signal shows it quickly. The icons and the preview picture,
// fetched only when the page is added to the home screen or shared, are
// counted apart.
func TestPublicPageWeight(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	get := func(p string) int {
		code, body := c.Do(t, "GET", p, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d", p, code)
		}
		return len(body)
	}
	_, html := c.Do(t, "GET", "/", nil)
	seen := map[string]int{"/": len(html)}
	var queue []string
	for _, m := range pageRef.FindAllStringSubmatch(string(html), -1) {
		queue = append(queue, m[1])
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		code, body := c.Do(t, "GET", p, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d", p, code)
		}
		seen[p] = len(body)
		if path.Ext(p) == ".js" {
			for _, m := range moduleRef.FindAllStringSubmatch(string(body), -1) {
				queue = append(queue, path.Join(path.Dir(p), m[1]))
			}
		}
	}
	total := 0
	for _, p := range slices.Sorted(maps.Keys(seen)) {
		total += seen[p]
		t.Logf("%-24s %6d bytes", p, seen[p])
	}
	for _, want := range []string{"/static/common.js", "/static/common.css", "/static/public.js", "/static/public.css"} {
		if _, ok := seen[want]; !ok {
			t.Errorf("%s not counted: the page does not load it?", want)
		}
	}
	extra := 0
	for _, m := range iconRef.FindAllStringSubmatch(string(html), -1) {
		p := m[1]
		if u := app.URL; len(p) > len(u) && p[:len(u)] == u {
			p = p[len(u):]
		}
		extra += get(p)
	}
	for _, p := range []string{"/static/icon-512.png"} {
		extra += get(p)
	}
	t.Logf("page: %d bytes in %d files; with the manifest, icons and preview: %d bytes", total, len(seen), total+extra)
	if total >= 100_000 {
		t.Errorf("the public page loads %d bytes, want < 100 KB", total)
	}
}
