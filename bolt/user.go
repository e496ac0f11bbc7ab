package bolt

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	bbolt "go.etcd.io/bbolt"

	"xephang/queue"
)

func errNoUser() error {
	return queue.Errorf(queue.ENOTFOUND, "Không tìm thấy cán bộ.", "User not found.")
}

func readUsers(tx *bbolt.Tx) ([]queue.User, error) {
	var out []queue.User
	err := tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		var r userRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		out = append(out, r.user())
		return nil
	})
	return out, err
}

// Users implements queue.UserStore, sorted by username.
func (s *Store) Users(ctx context.Context) ([]queue.User, error) {
	var out []queue.User
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		out, err = readUsers(tx)
		return err
	})
	for i := range out {
		out[i].CreatedAt = out[i].CreatedAt.In(s.Location())
	}
	sortUsers(out)
	return out, err
}

func sortUsers(list []queue.User) {
	sort.Slice(list, func(i, j int) bool { return list[i].Username < list[j].Username })
}

// User implements queue.UserStore.
func (s *Store) User(ctx context.Context, id string) (queue.User, error) {
	var r userRecord
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketUsers).Get([]byte(id))
		if v == nil {
			return errNoUser()
		}
		return json.Unmarshal(v, &r)
	})
	return r.user(), err
}

// UserByUsername implements queue.UserStore.
func (s *Store) UserByUsername(ctx context.Context, username string) (queue.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var out queue.User
	err := s.db.View(func(tx *bbolt.Tx) error {
		users, err := readUsers(tx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.Username == username {
				out = u
				return nil
			}
		}
		return errNoUser()
	})
	return out, err
}

// CreateUser implements queue.AdminStore.
func (s *Store) CreateUser(ctx context.Context, by queue.Actor, u queue.User) (queue.User, error) {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return queue.User{}, err
	}
	err := s.update(ctx, func(w *wtx) error {
		users, err := readUsers(w.tx)
		if err != nil {
			return err
		}
		for _, o := range users {
			if o.Username == u.Username {
				return queue.FieldErrorf("username", "Tên đăng nhập %q đã có.", "Username %q is taken.", u.Username)
			}
		}
		if err := w.d.CheckCounterIDs("counters", u.Counters); err != nil {
			return err
		}
		b := w.tx.Bucket(bucketUsers)
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		u.ID = "u" + strconv.FormatUint(seq, 10)
		u.CreatedAt, u.PasswordChangedAt = w.now, w.now
		if u.Counters == nil {
			u.Counters = []string{}
		}
		if err := putJSON(b, []byte(u.ID), userRecord{User: u, PasswordHash: u.PasswordHash, PasswordChangedAt: w.now}); err != nil {
			return err
		}
		return w.audit(by, "user.create", u.ID, map[string]any{"username": u.Username, "role": u.Role, "active": u.Active})
	})
	u.PasswordHash = nil
	return u, err
}

// UpdateUser implements queue.AdminStore. It refuses to leave the center
// without an active admin.
func (s *Store) UpdateUser(ctx context.Context, by queue.Actor, id string, p queue.UserPatch, hash []byte) (queue.User, error) {
	var out queue.User
	err := s.update(ctx, func(w *wtx) error {
		b := w.tx.Bucket(bucketUsers)
		v := b.Get([]byte(id))
		if v == nil {
			return errNoUser()
		}
		var r userRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		u := r.user()
		if p.DisplayName != nil {
			u.DisplayName = *p.DisplayName
		}
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.Active != nil {
			u.Active = *p.Active
		}
		if p.Counters != nil {
			u.Counters = append([]string{}, *p.Counters...)
			if err := w.d.CheckCounterIDs("counters", u.Counters); err != nil {
				return err
			}
		}
		u.Normalize()
		if err := u.Validate(); err != nil {
			return err
		}
		if r.Role == queue.RoleAdmin && r.Active && (u.Role != queue.RoleAdmin || !u.Active) {
			users, err := readUsers(w.tx)
			if err != nil {
				return err
			}
			admins := 0
			for _, o := range users {
				if o.ID != u.ID && o.Role == queue.RoleAdmin && o.Active {
					admins++
				}
			}
			if admins == 0 {
				field := "role"
				if !u.Active {
					field = "active"
				}
				return queue.FieldErrorf(field, "Không thể bỏ quyền hoặc khóa quản trị viên cuối cùng: hãy thêm một quản trị viên khác trước.",
					"The last active admin cannot be demoted or deactivated: add another admin first.")
			}
		}
		revoke := !u.Active && r.Active
		if hash != nil {
			u.PasswordHash, u.PasswordChangedAt = hash, w.now
			revoke = true
		}
		if err := putJSON(b, []byte(id), userRecord{User: u, PasswordHash: u.PasswordHash, PasswordChangedAt: u.PasswordChangedAt}); err != nil {
			return err
		}
		if revoke {
			if err := deleteUserSessions(w.tx, id); err != nil {
				return err
			}
		}
		detail := map[string]any{}
		if p.DisplayName != nil {
			detail["display_name"] = u.DisplayName
		}
		if p.Role != nil {
			detail["role"] = u.Role
		}
		if p.Active != nil {
			detail["active"] = u.Active
		}
		if p.Counters != nil {
			detail["counters"] = u.Counters
		}
		if hash != nil {
			detail["password"] = "changed"
		}
		out = u
		return w.audit(by, userAction(r.Active, u.Active, detail), id, detail)
	})
	out.PasswordHash = nil
	return out, err
}

// userAction names a user change in the audit trail, so the list reads
// "deactivate" or "password" rather than a bare "update".
func userAction(wasActive, active bool, detail map[string]any) string {
	_, pw := detail["password"]
	switch {
	case wasActive && !active:
		return "user.deactivate"
	case !wasActive && active:
		return "user.activate"
	case pw && len(detail) == 1:
		return "user.password"
	}
	return "user.update"
}

func deleteUserSessions(tx *bbolt.Tx, userID string) error {
	b := tx.Bucket(bucketSessions)
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var a queue.AuthSession
		if json.Unmarshal(v, &a) != nil || a.UserID == userID {
			doomed = append(doomed, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// CreateSession implements queue.UserStore. Expired sessions are pruned
// on the way, so the bucket does not grow forever.
func (s *Store) CreateSession(ctx context.Context, a queue.AuthSession) error {
	return s.update(ctx, func(w *wtx) error {
		b := w.tx.Bucket(bucketSessions)
		var doomed [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			var o queue.AuthSession
			if json.Unmarshal(v, &o) != nil || w.now.After(o.ExpiresAt) {
				doomed = append(doomed, append([]byte(nil), k...))
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return putJSON(b, []byte(a.IDHash), a)
	})
}

// Session implements queue.UserStore. An expired session is not found.
func (s *Store) Session(ctx context.Context, idHash string) (queue.AuthSession, error) {
	var a queue.AuthSession
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get([]byte(idHash))
		if v == nil {
			return queue.Errorf(queue.EUNAUTHORIZED, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
				"Your session has expired. Please sign in again.")
		}
		return json.Unmarshal(v, &a)
	})
	if err == nil && s.now().After(a.ExpiresAt) {
		err = queue.Errorf(queue.EUNAUTHORIZED, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
			"Your session has expired. Please sign in again.")
	}
	return a, err
}

// DeleteSession implements queue.UserStore.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	return s.update(ctx, func(w *wtx) error {
		return w.tx.Bucket(bucketSessions).Delete([]byte(idHash))
	})
}
