// Package testutil starts the real application for tests: the echo app
// over HTTP on a real bbolt file in a temp dir, with a clock the test moves,
// a signed-in HTTP client, and a real Chromium for the pages.
package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/queue"
	"xephang/server"
)

// Clock is a clock the test moves by hand. It never moves by itself.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Zone is the center's zone.
var Zone = mustZone(queue.DefaultZone)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// At returns a local time in the center's zone.
func At(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, Zone)
}

// CampaignMorning is a Monday of the "Giờ thứ 9" campaign at 09:00, inside
// the morning session: the default time of a test app.
var CampaignMorning = At(2026, 3, 2, 9, 0)

// OpenStore opens a store on a new file in t's temp dir, closed and checked
// for consistency (tx.Check) when the test ends.
func OpenStore(t testing.TB, clock *Clock, opts bolt.Options) *bolt.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "xephang.db")
	if clock != nil {
		opts.Now = clock.Now
	}
	s, err := bolt.Open(path, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { CloseAndCheck(t, s) })
	return s
}

// CloseAndCheck closes s and checks its file with tx.Check.
func CloseAndCheck(t testing.TB, s *bolt.Store) {
	t.Helper()
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Errorf("close store: %v", err)
		return
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Errorf("reopen for check: %v", err)
		return
	}
	defer db.Close()
	if err := db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Errorf("tx.Check: %v", err)
	}
}

// Admin and officer accounts of every test app.
const (
	AdminUser       = "admin"
	AdminPassword   = "admin-password-123"
	OfficerUser     = "canbo"
	OfficerPassword = "officer-password-123"
)

// App is the real application serving over HTTP on loopback.
type App struct {
	URL    string
	Store  *bolt.Store
	Clock  *Clock
	Server *server.Server
	HTTP   *httptest.Server
	Log    *LogBuffer // everything the server logged
	// AdminID and OfficerID are the ids of the two accounts.
	AdminID, OfficerID string
}

// Options tune NewApp.
type Options struct {
	Now        time.Time     // start time of the clock; default CampaignMorning
	Store      bolt.Options  // store options (the clock is set by NewApp)
	Server     server.Config // server options; the issue limit is off unless set
	IssueLimit int
}

// NewApp starts the application with an admin and an officer account and
// stops it when the test ends. Background loops (the board hub, the day
// sweep) run as in the service.
func NewApp(t testing.TB, o Options) *App {
	t.Helper()
	return ServeApp(t, ServeOptions{Options: o}).App
}

// CreateUser adds an active user straight into the store and returns its
// id. An officer is assigned every counter the store has now.
func (a *App) CreateUser(t testing.TB, username, password, role string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	// An officer works every counter there is: an officer with none may
	// work none.
	var counters []string
	if role == queue.RoleOfficer {
		list, err := a.Store.Counters(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			counters = append(counters, c.ID)
		}
	}
	u, err := a.Store.CreateUser(context.Background(), queue.Actor{Username: "test"}, queue.User{
		Username: username, DisplayName: strings.ToUpper(username[:1]) + username[1:], Role: role, Active: true,
		PasswordHash: hash, Counters: counters,
	})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u.ID
}

// LogBuffer collects the server's log; the server writes it from its own
// goroutines while the test reads it.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends to the log.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Client is an HTTP client of the app with its own cookie jar; once signed
// in it sends the CSRF token on every state-changing request.
type Client struct {
	App  *App
	HTTP *http.Client
	CSRF string
}

// Client returns an anonymous client.
func (a *App) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{App: a, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// Login returns a client signed in as username.
func (a *App) Login(t testing.TB, username, password string) *Client {
	t.Helper()
	c := a.Client()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.MustJSON(t, "POST", "/api/v1/auth/login", map[string]string{"username": username, "password": password}, 200, &out)
	c.CSRF = out.CSRFToken
	return c
}

// Admin returns a client signed in as the admin.
func (a *App) Admin(t testing.TB) *Client { return a.Login(t, AdminUser, AdminPassword) }

// Officer returns a client signed in as the officer.
func (a *App) Officer(t testing.TB) *Client { return a.Login(t, OfficerUser, OfficerPassword) }

// Do sends a request; body is JSON-encoded unless it is a string or
// []byte, sent as is. It returns the status and the body.
func (c *Client) Do(t testing.TB, method, path string, body any) (int, []byte) {
	t.Helper()
	res, data := c.DoHeader(t, method, path, body, nil)
	return res.StatusCode, data
}

// DoHeader is Do with extra request headers; it returns the response.
func (c *Client) DoHeader(t testing.TB, method, path string, body any, header http.Header) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.App.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.CSRF != "" && method != "GET" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, data
}

// MustJSON sends a request, checks the status and decodes the body into
// out (when not nil).
func (c *Client) MustJSON(t testing.TB, method, path string, body any, status int, out any) {
	t.Helper()
	got, data := c.Do(t, method, path, body)
	if got != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, got, status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// ErrorCode returns the error code of an error body, "" if it is none.
func ErrorCode(body []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	json.Unmarshal(body, &e)
	return e.Error.Code
}

// MustError sends a request and checks that it fails with status and code.
func (c *Client) MustError(t testing.TB, method, path string, body any, status int, code string) {
	t.Helper()
	got, data := c.Do(t, method, path, body)
	if got != status || ErrorCode(data) != code {
		t.Fatalf("%s %s: got %d %s, want %d %s", method, path, got, data, status, code)
	}
}

// Ticket is the API's ticket JSON, as tests read it.
type Ticket struct {
	Token       string `json:"token"`
	Number      string `json:"number"`
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	Status      string `json:"status"`
	Priority    bool   `json:"priority"`
	Session     string `json:"session"`
	IssuedAt    string `json:"issued_at"`
	Ahead       int    `json:"ahead"`
	ETAMinutes  int    `json:"eta_minutes"`
	// CountersOpen counts the open counters serving the service.
	CountersOpen int    `json:"counters_open"`
	Counter      int    `json:"counter"`
	Recalls      int    `json:"recalls"`
	PDFURL       string `json:"pdf_url"`
	TrackURL     string `json:"track_url"`
}

// Issue takes a ticket for service over the API.
func (c *Client) Issue(t testing.TB, service string, priority bool) Ticket {
	t.Helper()
	var tk Ticket
	c.MustJSON(t, "POST", "/api/v1/tickets", map[string]any{"service_id": service, "priority": priority}, 201, &tk)
	return tk
}

// Act posts a counter action (next, recall, start, done, noshow) and
// returns the ticket.
func (c *Client) Act(t testing.TB, counter, action string) Ticket {
	t.Helper()
	var tk Ticket
	c.MustJSON(t, "POST", "/api/v1/counters/"+counter+"/"+action, nil, 200, &tk)
	return tk
}
