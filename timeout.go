package requests

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// Timeout bounds the phases of a request. A zero field keeps the Session's
// value or the default; NoTimeout lifts the limit; a negative value is an
// error.
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
		if d < 0 {
			c.fail(errorf(ErrRequest, "invalid timeout %v: a timeout cannot be negative (use NoTimeout for no limit)", d))
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

// watchdog enforces the read timeout of one exchange: it runs while the
// client waits on the server (from the connection to the response headers,
// and during each read of the body) and cancels the exchange when a silence
// outlasts the limit. Time the caller spends between reads does not count,
// as with a socket timeout.
//
// Arming and pausing, which happen around every read, only store the
// deadline; the timer is reset only when the deadline comes before the time
// it is set for, and otherwise, when it goes off, looks at the deadline and
// sets itself again for what is left. An exchange that ends in time thus
// costs three timer operations: made, reset once at the connection, stopped.
type watchdog struct {
	d        time.Duration
	timer    *time.Timer
	deadline atomic.Int64 // on the monoBase clock; 0 while paused, then wdEnded or wdFired
	fireAt   atomic.Int64 // when the timer goes off; 0 when it is not set
	h        *hop         // cancelled when the watchdog fires
}

// The deadline of a watchdog that will not run again.
const (
	wdEnded = -1 // the exchange ended
	wdFired = -2 // the exchange timed out
)

// fired reports whether the watchdog cancelled the exchange.
func (w *watchdog) fired() bool { return w.deadline.Load() == wdFired }

// set replaces the deadline unless the watchdog will not run again.
func (w *watchdog) set(dl int64) bool {
	for {
		old := w.deadline.Load()
		if old < 0 {
			return false
		}
		if w.deadline.CompareAndSwap(old, dl) {
			return true
		}
	}
}

// start makes the timer, counting first (NoTimeout: paused).
func (w *watchdog) start(h *hop, d, first time.Duration) {
	w.h, w.d = h, d
	if first == NoTimeout {
		w.timer = time.AfterFunc(NoTimeout, w.check)
		return
	}
	at := monoNow() + first
	w.deadline.Store(int64(at))
	w.fireAt.Store(int64(at))
	w.timer = time.AfterFunc(first, w.check)
}

// monoBase is the instant the package's monotonic clock counts from: the
// watchdogs' deadlines and the hops' Timing.
var monoBase = time.Now()

// monoNow is the time on the monoBase clock.
func monoNow() time.Duration { return time.Since(monoBase) }

// check runs when the timer goes off.
func (w *watchdog) check() {
	w.fireAt.Store(0)
	dl := time.Duration(w.deadline.Load())
	if dl <= 0 {
		return // paused (arm sets the timer again) or ended
	}
	if left := dl - monoNow(); left > 0 {
		w.fireAt.Store(int64(dl))
		w.timer.Reset(left)
		return
	}
	if w.deadline.CompareAndSwap(int64(dl), wdFired) {
		w.h.cancel(&timeoutError{what: "no data received", d: w.d})
	} else {
		w.check() // armed, paused or ended meanwhile
	}
}

// arm starts, or restarts, the countdown.
func (w *watchdog) arm() {
	if w.timer == nil {
		return
	}
	dl := monoNow() + w.d
	if !w.set(int64(dl)) {
		return
	}
	if at := time.Duration(w.fireAt.Load()); at == 0 || dl < at {
		w.fireAt.Store(int64(dl))
		w.timer.Reset(w.d)
	}
}

// pause stops the countdown.
func (w *watchdog) pause() {
	if w.timer != nil {
		w.set(0)
	}
}

// end stops the watchdog for good.
func (w *watchdog) end() {
	if w.timer != nil {
		w.set(wdEnded)
		w.timer.Stop()
	}
}

// timeoutError is the cause of a timeout the package enforces.
type timeoutError struct {
	what string
	d    time.Duration
}

func (e *timeoutError) Error() string { return fmt.Sprintf("%s for %v", e.what, e.d) }

// Timeout reports true: this is a timeout (the net.Error convention).
func (e *timeoutError) Timeout() bool { return true }

// totalTimeoutError is the cause of a Timeout.Total expiry; it matches
// context.DeadlineExceeded.
type totalTimeoutError struct{ d time.Duration }

func (e *totalTimeoutError) Error() string {
	return fmt.Sprintf("the total timeout of %v was exceeded", e.d)
}
func (e *totalTimeoutError) Timeout() bool { return true }
func (e *totalTimeoutError) Unwrap() error { return context.DeadlineExceeded }
