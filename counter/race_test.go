package counter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xephang/bolt"
	"xephang/internal/e2e"
	"xephang/queue"
)

// post sends a counter action from any goroutine and returns the status
// and the ticket number or error code; unlike Client.Do it does not stop
// the test, so many goroutines may call it.
func post(c *e2e.Client, path string) (int, string, error) {
	req, err := http.NewRequest("POST", c.App.URL+path, bytes.NewReader(nil))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("X-CSRF-Token", c.CSRF)
	res, err := c.HTTP.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", err
	}
	var out struct {
		Number string `json:"number"`
		Error  struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return res.StatusCode, "", fmt.Errorf("%s: %s", path, body)
	}
	if res.StatusCode != 200 {
		return res.StatusCode, out.Error.Code, nil
	}
	return res.StatusCode, out.Number, nil
}

// TestParallelNextCallsEachTicketOnce: two counters, 200 officers' clicks
// each on "next" at the same moment, over a queue of 300 tickets (most in
// the one service both counters serve, some priority). A click that finds
// its counter busy (409 conflict) finishes the ticket there and tries
// again, as "Hoàn thành & gọi tiếp" does. Every ticket is called exactly
// once: no two answers name the same ticket, and the store published one
// call per ticket.
func TestParallelNextCallsEachTicketOnce(t *testing.T) {
	const (
		perCounter = 200
		tickets    = 300
	)
	// Without fsync: what is tested is that the pick and the call are one
	// serialized transaction, not the disk; 600 fsyncs would make the test
	// slow on a busy machine and prove nothing more.
	app := e2e.NewApp(t, e2e.Options{Store: bolt.Options{NoSync: true}})
	off := app.Officer(t)
	off.HTTP.Transport = &http.Transport{MaxIdleConnsPerHost: 2 * perCounter, MaxConnsPerHost: 64}

	// The queue: 200 for "Trả kết quả" (both counters), 50 only counter 1
	// serves, 50 only counter 2 serves; one in ten a priority ticket.
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i := range tickets {
		service := "tra-ket-qua"
		switch {
		case i%6 == 1:
			service = "tu-phap-ho-tich"
		case i%6 == 2:
			service = "dat-dai"
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_, err := app.Store.Issue(context.Background(), queue.IssueRequest{ServiceID: service, Priority: i%10 == 0})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	var (
		mu     sync.Mutex
		called = map[uint64]int{} // call events per ticket id
	)
	app.Store.Subscribe(func(evs []queue.Event) {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range evs {
			if e.Type == queue.EventCall && e.Ticket != nil {
				called[e.Ticket.ID]++
			}
		}
	})

	var requests atomic.Int64
	start := time.Now()
	deadline := start.Add(2 * time.Minute)
	got := map[string]string{} // number → counter
	var dup []string
	gate := make(chan struct{})
	for _, counter := range []string{"quay-1", "quay-2"} {
		for range perCounter {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				backoff := time.Millisecond
				for time.Now().Before(deadline) {
					requests.Add(1)
					status, v, err := post(off, "/api/v1/counters/"+counter+"/next")
					switch {
					case err != nil:
						t.Error(err)
						return
					case status == 200:
						mu.Lock()
						if c, ok := got[v]; ok {
							dup = append(dup, fmt.Sprintf("%s at %s and %s", v, c, counter))
						}
						got[v] = counter
						mu.Unlock()
						return
					case status == 404 && v == "not_found":
						return // nobody left for this counter
					case status == 409 && v == "conflict":
						// The counter has a ticket: finish it, then try again,
						// after a pause that grows, as a person clicking would.
						requests.Add(1)
						if status, v, err := post(off, "/api/v1/counters/"+counter+"/done"); err != nil ||
							(status != 200 && v != "invalid_transition") {
							t.Errorf("done at %s: %d %s %v", counter, status, v, err)
							return
						}
						time.Sleep(rand.N(backoff))
						backoff = min(2*backoff, 50*time.Millisecond)
					default:
						t.Errorf("next at %s: %d %s", counter, status, v)
						return
					}
				}
				t.Errorf("next at %s: no answer before the deadline", counter)
			}()
		}
	}
	close(gate)
	wg.Wait()
	elapsed := time.Since(start)

	mu.Lock()
	defer mu.Unlock()
	if len(dup) > 0 {
		t.Fatalf("tickets called twice: %v", dup)
	}
	if len(got) != tickets {
		t.Fatalf("%d tickets called, want %d", len(got), tickets)
	}
	if len(called) != tickets {
		t.Fatalf("call events for %d tickets, want %d", len(called), tickets)
	}
	for id, n := range called {
		if n != 1 {
			t.Errorf("ticket %d called %d times", id, n)
		}
	}
	perCounterCount := map[string]int{}
	for _, c := range got {
		perCounterCount[c]++
	}
	t.Logf("%d tickets called by 2×%d parallel clicks in %v, %d requests (quay-1 %d, quay-2 %d)",
		len(got), perCounter, elapsed.Round(time.Millisecond), requests.Load(), perCounterCount["quay-1"], perCounterCount["quay-2"])
}
