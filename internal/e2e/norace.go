//go:build !race

package e2e

// RaceEnabled is true when the tests run with -race.
const RaceEnabled = false
