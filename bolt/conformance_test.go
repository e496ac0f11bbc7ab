package bolt_test

import (
	"path/filepath"
	"testing"

	"xephang/bolt"
	"xephang/internal/storetest"
	"xephang/internal/testutil"
)

// TestStoreConformance runs the one conformance suite of queue.Store on a
// real file; every restart reopens the same file, and every close checks
// it with tx.Check.
func TestStoreConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) string { return filepath.Join(t.TempDir(), "xephang.db") },
		Open: func(t *testing.T, path string, cfg storetest.Config) (storetest.Store, error) {
			s, err := bolt.Open(path, bolt.Options{Now: cfg.Now, AlwaysOpen: cfg.AlwaysOpen, Zone: cfg.Zone})
			if err != nil {
				return nil, err
			}
			return checked{s, t}, nil
		},
	})
}

// checked closes its store and checks the file.
type checked struct {
	*bolt.Store
	t *testing.T
}

func (c checked) Close() error {
	testutil.CloseAndCheck(c.t, c.Store)
	return nil
}
