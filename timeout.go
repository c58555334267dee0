package requests

import (
	"context"
	"fmt"
	"time"
)

// Timeout bounds the phases of a request. A zero field keeps the Session's
// value or the default; NoTimeout lifts the limit; a negative value, or one
// under a millisecond (Timeout{Connect: 3} is 3 ns, not 3 s: write
// 3 * time.Second), is an error.
type Timeout struct {
	// Connect bounds establishing the connection, TLS handshake included.
	// Default DefaultConnectTimeout.
	Connect time.Duration
	// Read bounds the longest silence of the server: from sending the
	// request to the first byte of the response, and between any two reads
	// of the response, as a socket timeout does. Default DefaultReadTimeout.
	Read time.Duration
	// Total bounds the whole call: connecting, redirects, and reading the
	// body (in stream mode, until the body is read or closed). Default: none.
	Total time.Duration
}

func (t Timeout) apply(c *config) {
	for _, d := range [...]time.Duration{t.Connect, t.Read, t.Total} {
		switch {
		case d < 0:
			c.fail(errorf(ErrRequest, "invalid timeout %v: a timeout cannot be negative (use NoTimeout for no limit)", d))
			return
		case d > 0 && d < time.Millisecond:
			// Timeout{Connect: 3}, a Python habit, is 3 ns.
			c.fail(errorf(ErrRequest, "invalid timeout %v: under a millisecond, no request can finish (did you mean time.Second * %d?)", d, int64(d)))
			return
		}
	}
	if t.Connect != 0 {
		c.timeout.Connect = t.Connect
	}
	if t.Read != 0 {
		c.timeout.Read = t.Read
	}
	if t.Total != 0 {
		c.timeout.Total = t.Total
	}
}

// Defaults of Timeout.
const (
	// DefaultConnectTimeout bounds connecting unless Timeout.Connect is set.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultReadTimeout bounds the server's silences unless Timeout.Read
	// is set.
	DefaultReadTimeout = 60 * time.Second
	// NoTimeout, as a Timeout field, lifts that limit.
	NoTimeout time.Duration = 1<<63 - 1
)

// limit returns d, or def when d is zero, or 0 (no limit) for NoTimeout.
func limit(d, def time.Duration) time.Duration {
	switch d {
	case 0:
		return def
	case NoTimeout:
		return 0
	}
	return d
}

// monoBase is the instant the package's monotonic clock counts from.
var monoBase = time.Now()

// monoNow is the time on the monoBase clock.
func monoNow() time.Duration { return time.Since(monoBase) }

// totalTimeoutError is the cause of a Timeout.Total expiry; it matches
// context.DeadlineExceeded.
type totalTimeoutError struct{ d time.Duration }

func (e *totalTimeoutError) Error() string {
	return fmt.Sprintf("the total timeout of %v was exceeded", e.d)
}
func (e *totalTimeoutError) Timeout() bool { return true }
func (e *totalTimeoutError) Unwrap() error { return context.DeadlineExceeded }
