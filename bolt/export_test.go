package bolt

import bbolt "go.etcd.io/bbolt"

// DB exposes the bbolt handle to the store's own tests (bucket statistics);
// tools and other tests open the closed file with bbolt instead.
func (s *Store) DB() *bbolt.DB { return s.db }
