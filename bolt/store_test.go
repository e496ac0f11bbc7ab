package bolt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"xephang/bolt"
	"xephang/internal/testutil"
	"xephang/queue"
)

var ctx = context.Background()

func newStore(t *testing.T) (*bolt.Store, *testutil.Clock) {
	t.Helper()
	clock := testutil.NewClock(testutil.CampaignMorning)
	return testutil.OpenStore(t, clock, bolt.Options{}), clock
}

func issue(t *testing.T, s *bolt.Store, service string, priority bool) queue.TicketInfo {
	t.Helper()
	ti, err := s.Issue(ctx, queue.IssueRequest{ServiceID: service, Priority: priority})
	if err != nil {
		t.Fatalf("Issue(%s): %v", service, err)
	}
	return ti
}

func act(t *testing.T, s *bolt.Store, counter string, a queue.Action, arg string) queue.TicketInfo {
	t.Helper()
	ti, err := s.Act(ctx, counter, a, arg, "u1")
	if err != nil {
		t.Fatalf("Act(%s, %s): %v", counter, a, err)
	}
	return ti
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := queue.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

// TestIssueFillsPages: issuing appends to the tickets and the active
// index, so their leaf pages are filled, not split half empty (bbolt's
// default): fewer pages for each commit to read, copy and write.
func TestIssueFillsPages(t *testing.T) {
	s, _ := newStore(t)
	var wg sync.WaitGroup
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				if _, err := s.Issue(ctx, queue.IssueRequest{ServiceID: "dat-dai"}); err != nil {
					t.Errorf("Issue: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	err := s.DB().View(func(tx *bbolt.Tx) error {
		for _, name := range []string{"tickets", "active"} {
			st := tx.Bucket([]byte(name)).Stats()
			if st.KeyN != 32*60 {
				t.Errorf("%s: %d keys, want %d", name, st.KeyN, 32*60)
			}
			if fill := float64(st.LeafInuse) / float64(st.LeafAlloc); fill < 0.85 {
				t.Errorf("%s: leaf pages %.0f%% full (%d pages), want ≥ 85%%", name, 100*fill, st.LeafPageN)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSecondProcessGetsInUse(t *testing.T) {
	s, _ := newStore(t)
	_, err := bolt.Open(s.Path(), bolt.Options{Timeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: %v, want 'in use'", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bbolt.Tx) error {
		b, _ := tx.CreateBucketIfNotExists([]byte("meta"))
		return b.Put([]byte("schema_version"), []byte(fmt.Sprint(bolt.SchemaVersion+1)))
	})
	db.Close()
	_, err = bolt.Open(path, bolt.Options{})
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("open newer schema: %v", err)
	}
}

// TestGuessedTokenNotFound: a token is the ticket's id and 128 random
// bits; the right id with other random bits, a short token or garbage
// finds nothing, and nothing says whether the id exists.
func TestGuessedTokenNotFound(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	ti := issue(t, s, "dat-dai", false)
	raw, err := base64.RawURLEncoding.DecodeString(ti.Token)
	if err != nil || len(raw) != 24 {
		t.Fatalf("token %q: %d bytes, %v", ti.Token, len(raw), err)
	}
	guess := bytes.Clone(raw)
	guess[23] ^= 1
	for _, tok := range []string{
		base64.RawURLEncoding.EncodeToString(guess),
		base64.RawURLEncoding.EncodeToString(raw[:8]),
		ti.Token[:31],
		ti.Token + "A",
		"",
		"!!!!",
	} {
		if _, err := s.TicketByToken(ctx, tok); queue.ErrorCode(err) != queue.ENOTFOUND {
			t.Errorf("TicketByToken(%q): %v, want %s", tok, err, queue.ENOTFOUND)
		}
	}
	if back, err := s.TicketByToken(ctx, ti.Token); err != nil || back.Number != ti.Number {
		t.Fatalf("the real token: %+v %v", back, err)
	}
}

// TestMigrateDropsTokenIndex: a schema-1 file has a token index; opening
// it with this binary removes the index and its tickets are still found
// by their tokens.
func TestMigrateDropsTokenIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	clock := testutil.NewClock(testutil.CampaignMorning)
	s, err := bolt.Open(path, bolt.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ti := issue(t, s, "dat-dai", false)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(ti.Token)
	err = db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("tokens"))
		if err != nil {
			return err
		}
		if err := b.Put(raw, raw[:8]); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte("1"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = bolt.Open(path, bolt.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if back, err := s.TicketByToken(ctx, ti.Token); err != nil || back.Number != ti.Number {
		t.Fatalf("after migration: %+v %v", back, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket([]byte("tokens")) != nil {
			t.Error("the tokens bucket is still there after the migration")
		}
		if v := string(tx.Bucket([]byte("meta")).Get([]byte("schema_version"))); v != fmt.Sprint(bolt.SchemaVersion) {
			t.Errorf("schema version %q, want %d", v, bolt.SchemaVersion)
		}
		return nil
	})
}

// reopen closes s and opens its file again, as a restart does.
func reopen(t *testing.T, s *bolt.Store, path string, clock *testutil.Clock) *bolt.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := bolt.Open(path, bolt.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { testutil.CloseAndCheck(t, s) })
	return s
}
