package bolt

import (
	"context"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// keyHealth is the meta key /healthz rewrites to prove the file takes
// writes.
var keyHealth = []byte("health")

// CheckWrite proves the store can still write: one small transaction that
// rewrites a meta key and syncs, as a ticket's would. A full disk or a
// failing file shows here before a citizen sees it at the kiosk.
func (s *Store) CheckWrite(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	stamp := []byte(s.now().UTC().Format(time.RFC3339Nano))
	return s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyHealth, stamp)
	})
}
