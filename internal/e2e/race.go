//go:build race

package e2e

// RaceEnabled is true when the tests run with -race: the binary that Binary
// builds is then built with it too, so a race in the real process fails the
// test as it would in the handler tests.
const RaceEnabled = true
