package wire

import "time"

// SetH2Health sets the silence after which an HTTP/2 connection is sent a
// PING, and the wait for its answer.
func SetH2Health(t *Transport, pingAfter, pingTimeout time.Duration) {
	t.h2Health = [2]time.Duration{pingAfter, pingTimeout}
}
