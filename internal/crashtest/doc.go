// Package crashtest holds the tests that run the real xephang binary as a
// subprocess and end it the hard ways: SIGKILL at random moments while
// kiosks take tickets, and SIGTERM with requests and websockets in flight.
// It has no code of its own; see crash_test.go and shutdown_test.go.
package crashtest
