package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"xephang/internal/e2e"
	"xephang/server"
)

var metaTag = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`)

// metas returns the <meta> tags of page by property or name.
func metas(page string) map[string]string {
	out := map[string]string{}
	for _, m := range metaTag.FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestPublicPageSharing(t *testing.T) {
	const base = "https://hcc.luanthanh.example.vn"
	app := e2e.NewApp(t, e2e.Options{Server: server.Config{BaseURL: base + "/"}})
	c := app.Client()

	res, body := c.DoHeader(t, "GET", "/", nil, nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	page := string(body)
	m := metas(page)
	center := "Trung tâm Phục vụ hành chính công xã Luận Thành"
	for name, want := range map[string]string{
		"og:title":       center,
		"og:url":         base + "/",
		"og:image":       base + "/static/og.png",
		"og:type":        "website",
		"og:locale":      "vi_VN",
		"twitter:card":   "summary_large_image",
		"twitter:title":  center,
		"twitter:image":  base + "/static/og.png",
		"og:image:width": "1200",
	} {
		if got := m[name]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"og:description", "twitter:description", "description"} {
		if d := m[name]; !strings.Contains(d, "16:30 – 17:30") || !strings.Contains(d, "23/03/2026") {
			t.Errorf("%s = %q, want the extra hour and the campaign dates", name, d)
		}
	}
	for _, want := range []string{`<title>` + center + `</title>`, `<link rel="manifest" href="/manifest.webmanifest">`,
		`<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">`, `href="/he-thong"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	t.Run("ETag", func(t *testing.T) {
		etag := res.Header.Get("ETag")
		again, _ := c.DoHeader(t, "GET", "/", nil, http.Header{"If-None-Match": {etag}})
		if etag == "" || again.StatusCode != 304 {
			t.Fatalf("revalidation with %q: %d", etag, again.StatusCode)
		}
		app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{"center_name": "Trung tâm \"Thử\" <Nghiệm>"}, 200, nil)
		changed, body := c.DoHeader(t, "GET", "/", nil, http.Header{"If-None-Match": {etag}})
		if changed.StatusCode != 200 || changed.Header.Get("ETag") == etag {
			t.Fatalf("after a new center name: %d, ETag %q", changed.StatusCode, changed.Header.Get("ETag"))
		}
		if got := metas(string(body))["og:title"]; got != "Trung tâm &#34;Thử&#34; &lt;Nghiệm&gt;" {
			t.Errorf("og:title %q, want the new name, escaped", got)
		}
	})

	t.Run("Manifest", func(t *testing.T) {
		res, body := c.DoHeader(t, "GET", "/manifest.webmanifest", nil, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/manifest+json" {
			t.Fatalf("manifest: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		type icon struct{ Src, Sizes, Type string }
		var mf struct {
			Name      string `json:"name"`
			ShortName string `json:"short_name"`
			StartURL  string `json:"start_url"`
			Display   string `json:"display"`
			Icons     []icon `json:"icons"`
		}
		if err := json.Unmarshal(body, &mf); err != nil {
			t.Fatalf("manifest JSON: %v\n%s", err, body)
		}
		if mf.Name == "" || mf.ShortName == "" || mf.StartURL != "/" || mf.Display != "standalone" || len(mf.Icons) != 2 {
			t.Fatalf("manifest %+v", mf)
		}
		for _, icon := range append(mf.Icons, icon{Src: "/static/apple-touch-icon.png"}, icon{Src: "/static/og.png"}) {
			res, _ := c.DoHeader(t, "GET", icon.Src, nil, nil)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
				t.Errorf("%s: %d %q", icon.Src, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
	})

	t.Run("LinksPageMoved", func(t *testing.T) {
		_, body := c.Do(t, "GET", "/he-thong", nil)
		if !strings.Contains(string(body), `href="/kiosk"`) {
			t.Error("/he-thong is not the links page")
		}
		if code, _ := c.Do(t, "GET", "/static/../index.html", nil); code != 404 {
			t.Errorf("the raw template: %d", code)
		}
	})
}

// Without --base-url the preview's URLs are those the caller used.
func TestPublicPageBaseURLFromRequest(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	_, body := app.Client().Do(t, "GET", "/", nil)
	m := metas(string(body))
	if got, want := m["og:image"], app.URL+"/static/og.png"; got != want {
		t.Errorf("og:image = %q, want %q", got, want)
	}
	if got, want := m["og:url"], app.URL+"/"; got != want {
		t.Errorf("og:url = %q, want %q", got, want)
	}
}

// The public page reads the center's public settings from /api/v1/info.
func TestInfoCarriesPublicSettings(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	app.Admin(t).MustJSON(t, "PUT", "/api/v1/admin/settings", map[string]any{
		"phone": "0237 3 123 456", "map_url": "https://maps.example.vn/luan-thanh", "notice": "Thông báo thử",
	}, 200, nil)
	var info struct {
		Address, Phone, Notice string
		PortalURL              string `json:"portal_url"`
		OnlineGuide            string `json:"online_guide"`
		MapURL                 string `json:"map_url"`
		StopMinutes            int    `json:"stop_minutes"`
		Schedule               []struct {
			Name, From, To string
			Extended       bool
		}
	}
	app.Client().MustJSON(t, "GET", "/api/v1/info", nil, 200, &info)
	if info.Phone != "0237 3 123 456" || info.MapURL != "https://maps.example.vn/luan-thanh" || info.Notice != "Thông báo thử" ||
		info.PortalURL == "" || info.OnlineGuide == "" || info.Address == "" || info.StopMinutes != 10 {
		t.Errorf("info %+v", info)
	}
	if len(info.Schedule) != 3 || !info.Schedule[2].Extended || info.Schedule[2].From != "2026-02-23" || info.Schedule[2].To != "2026-03-23" {
		t.Errorf("schedule %+v", info.Schedule)
	}
}

// The admin page's Trung tâm section links the A4 notice; the link works
// for anyone (the notice is public).
func TestAdminLinksNotice(t *testing.T) {
	app := e2e.NewApp(t, e2e.Options{})
	c := app.Client()
	_, js := c.Do(t, "GET", "/static/admin-center.js", nil)
	if !strings.Contains(string(js), `href: '/api/v1/notice.pdf'`) {
		t.Fatal("admin-center.js does not link /api/v1/notice.pdf")
	}
	res, pdf := c.DoHeader(t, "GET", "/api/v1/notice.pdf", nil, nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("notice: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
