package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"time"
)

// apiClient is a signed-in admin of a bench server: the session cookie and
// the CSRF token every state-changing request carries.
type apiClient struct {
	http *http.Client
	base string
	csrf string
}

// login signs in as the first admin of the server at base.
func login(ctx context.Context, base string) (*apiClient, error) {
	jar, _ := cookiejar.New(nil)
	a := &apiClient{http: &http.Client{Jar: jar, Timeout: time.Minute}, base: base}
	body, err := a.do(ctx, http.MethodPost, "/api/v1/auth/login",
		`{"username":"admin","password":"`+adminPassword+`"}`, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var res struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(body, &res); err != nil || res.CSRF == "" {
		return nil, fmt.Errorf("login: no csrf_token in %s", body)
	}
	a.csrf = res.CSRF
	return a, nil
}

// do sends a request and returns the body of an answer with status want.
func (a *apiClient) do(ctx context.Context, method, path, body string, want int) ([]byte, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, r)
	if err != nil {
		return nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.csrf != "" {
		req.Header.Set("X-CSRF-Token", a.csrf)
	}
	res, err := a.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		if len(data) > 300 {
			data = data[:300]
		}
		return nil, fmt.Errorf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, data)
	}
	return data, nil
}

// ticket issues a ticket of service and returns its token.
func (a *apiClient) ticket(ctx context.Context, service string) (string, error) {
	body, err := a.do(ctx, http.MethodPost, "/api/v1/tickets", `{"service_id":"`+service+`"}`, http.StatusCreated)
	if err != nil {
		return "", err
	}
	var t struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &t); err != nil || t.Token == "" {
		return "", fmt.Errorf("no token in %s", body)
	}
	return t.Token, nil
}
