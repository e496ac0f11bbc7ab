package queue

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles of users.
const (
	RoleOfficer = "officer"
	RoleAdmin   = "admin"
)

// User is an officer or an admin who signs in. PasswordHash is a bcrypt
// hash and never leaves the server.
type User struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Active      bool   `json:"active"`
	// Counters lists the counters the officer may work; empty means none.
	// An admin may work every counter.
	Counters []string `json:"counters"`

	PasswordHash      []byte    `json:"-"`
	CreatedAt         time.Time `json:"created_at"`
	PasswordChangedAt time.Time `json:"-"`
}

// MayWork reports whether u may work counter id.
func (u *User) MayWork(id string) bool {
	if u.Role == RoleAdmin {
		return true
	}
	for _, c := range u.Counters {
		if c == id {
			return true
		}
	}
	return false
}

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 10

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// Normalize lower-cases the username, trims the names and puts the
// display name in NFC (queue/text.go).
func (u *User) Normalize() {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = normText(u.DisplayName, false)
}

// Validate checks the fields of u that do not depend on other users.
func (u *User) Validate() error {
	switch {
	case !usernameRE.MatchString(u.Username):
		return FieldErrorf("username", "Tên đăng nhập %q không hợp lệ: 2–32 ký tự, chữ thường không dấu, số, dấu chấm, gạch.",
			"Username %q is invalid: 2–32 lower-case letters, digits, dots, dashes.", u.Username)
	case u.DisplayName == "" || utf8.RuneCountInString(u.DisplayName) > 80:
		return FieldErrorf("display_name", "Họ tên không được để trống và tối đa 80 ký tự.",
			"Display name must be 1 to 80 characters.")
	case checkText("display_name", u.DisplayName, false) != nil:
		return checkText("display_name", u.DisplayName, false)
	case u.Role != RoleOfficer && u.Role != RoleAdmin:
		return FieldErrorf("role", "Vai trò phải là \"officer\" (cán bộ) hoặc \"admin\" (quản trị).",
			"Role must be \"officer\" or \"admin\".")
	}
	return nil
}

// UserPatch carries the fields of a user update; nil fields are kept.
type UserPatch struct {
	DisplayName *string   `json:"display_name,omitempty"`
	Role        *string   `json:"role,omitempty"`
	Active      *bool     `json:"active,omitempty"`
	Counters    *[]string `json:"counters,omitempty"`
	Password    *string   `json:"password,omitempty"`
}

// AuthSession is a signed-in browser. The store keeps it by a hash of its
// id, so a copy of the database does not hand out live sessions.
type AuthSession struct {
	IDHash    string    `json:"id_hash"`
	UserID    string    `json:"user_id"`
	CSRFToken string    `json:"csrf_token"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Actor is who makes an admin change, for the audit trail.
type Actor struct {
	UserID   string
	Username string
}

// AuditEntry records one admin change: who, when, what.
type AuditEntry struct {
	Seq      uint64    `json:"seq"`
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	Username string    `json:"username"`
	Action   string    `json:"action"` // e.g. "service.update"
	Target   string    `json:"target"` // the id changed
	Detail   string    `json:"detail"` // what changed, as JSON
}
