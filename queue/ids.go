package queue

import (
	"fmt"
	"strconv"
	"strings"
)

// The ids and names the center gets when the admin leaves them out: made
// from what the admin gave, never one in use.

// UniqueID returns base, or base-2, base-3 and so on: the first id that is
// not taken, so that a new service named like an old one still gets an id
// made from its name. base is cut to 36 characters.
func UniqueID(base string, taken func(string) bool) string {
	if len(base) > 36 {
		base = strings.TrimRight(base[:36], "-")
	}
	id := base
	for n := 2; taken(id); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// NewServiceID is the id of a new service named name: its slug, or
// "linh-vuc" for a name with no letter of use.
func NewServiceID(name string, taken func(string) bool) string {
	base := Slug(name)
	if base == "" {
		base = "linh-vuc"
	}
	return UniqueID(base, taken)
}

// NewCounterID is the id of a new counter numbered n: "quay-n".
func NewCounterID(n int, taken func(string) bool) string {
	return UniqueID("quay-"+strconv.Itoa(n), taken)
}

// CounterName is the name of counter n when the admin gives none.
func CounterName(n int) string { return fmt.Sprintf("Quầy %d", n) }
