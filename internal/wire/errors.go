package wire

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// Error is a failure of an exchange, with the phase it happened in.
type Error struct {
	// Op is the phase: "dial" (reaching the origin), "proxy" (reaching or
	// using a proxy), "tls" (the handshake with the origin), "write"
	// (sending the request), "read" (waiting for and reading the response
	// head), or "body" (reading the response body).
	Op string
	// Err is the cause. When the context ended the exchange, it is
	// context.Cause of it; when a timeout of the Request did, a
	// *TimeoutError.
	Err error
}

func (e *Error) Error() string {
	msg := e.Err.Error()
	if strings.HasPrefix(msg, e.Op+": ") {
		return msg // crypto/tls's errors say "tls: " already
	}
	return e.Op + ": " + msg
}
func (e *Error) Unwrap() error { return e.Err }

// Timeout reports whether the cause is a timeout.
func (e *Error) Timeout() bool { return isTimeout(e.Err) }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TimeoutError is the cause of an exchange ended by the ConnectTimeout or
// the ReadTimeout of its Request.
type TimeoutError struct {
	Connect bool          // the connect timeout, else the read timeout
	Limit   time.Duration // the timeout
}

func (e *TimeoutError) Error() string {
	if e.Connect {
		return fmt.Sprintf("no connection made within %v", e.Limit)
	}
	return fmt.Sprintf("no data received for %v", e.Limit)
}

// Timeout reports true, as net.Error has it.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary reports false; it is there for net.Error.
func (e *TimeoutError) Temporary() bool { return false }
