// Package e2e starts the real application for tests: the echo app over
// HTTP on a real bbolt file in a temp dir, with a clock the test moves
// (testutil.Clock), a signed-in HTTP client, a real Chromium for the pages
// and the real binary as a subprocess. Under -short the browser and the
// binary are skipped (Browser, Binary, StartProc): `go test -short ./...`
// is the inner loop of unit, store and HTTP tests.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"xephang/bolt"
	"xephang/internal/testutil"
	"xephang/queue"
	"xephang/server"
)

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
	Clock  *testutil.Clock
	Server *server.Server
	HTTP   *httptest.Server
	Log    *LogBuffer // everything the server logged
	// AdminID and OfficerID are the ids of the two accounts.
	AdminID, OfficerID string
}

// Options tune NewApp.
type Options struct {
	Now        time.Time     // start time of the clock; default testutil.CampaignMorning
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

// CreateUser adds an active user straight into the store and returns its id.
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
