package kiosk

// Eventually of the internal tests, for the HTTP and browser tests of
// package kiosk_test.
var Eventually = eventually
