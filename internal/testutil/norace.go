//go:build !race

package testutil

// RaceEnabled is true when the tests run with -race.
const RaceEnabled = false
