package wire

import (
	"context"
	"sync/atomic"
	"time"
)

// SilenceTimer enforces a read timeout where no socket deadline can: over
// a RoundTripper, an HTTP/2 stream or an HTTP/3 one. It runs while the
// client waits on the peer (Arm before each wait, Pause after) and, when
// one silence outlasts the limit, cancels the exchange's context with a
// *TimeoutError as cause. It is the one silence timer of the library: the
// root package, the HTTP/2 path and the http3 module use it.
//
// Arm, Pause and Fired are safe for concurrent use (an upload is read in
// another goroutine than the response).
type SilenceTimer struct {
	limit  time.Duration // <= 0: it never fires
	timer  *time.Timer
	cancel context.CancelCauseFunc
	fired  atomic.Bool
}

// NewSilenceTimer returns a stopped timer that calls cancel when a silence
// outlasts limit; a limit <= 0 never fires.
func NewSilenceTimer(limit time.Duration, cancel context.CancelCauseFunc) *SilenceTimer {
	t := new(SilenceTimer)
	t.init(limit, cancel)
	return t
}

// init sets up a timer in place (a field of an HTTP/2 stream, which saves
// an allocation); the zero SilenceTimer never fires.
func (t *SilenceTimer) init(limit time.Duration, cancel context.CancelCauseFunc) {
	t.limit, t.cancel = limit, cancel
	if limit > 0 {
		t.timer = time.AfterFunc(limit, t.expire)
		t.timer.Stop() // until Arm
	}
}

func (t *SilenceTimer) expire() {
	t.fired.Store(true)
	t.cancel(&TimeoutError{Limit: t.limit})
}

// Arm starts, or restarts, the countdown of one silence.
func (t *SilenceTimer) Arm() { t.ArmFor(t.limit) }

// ArmFor starts the countdown with d instead of the limit (the first wait,
// which may include making the connection); d <= 0 leaves it stopped.
func (t *SilenceTimer) ArmFor(d time.Duration) {
	if t.timer != nil && d > 0 {
		t.timer.Reset(d)
	}
}

// Pause stops the countdown.
func (t *SilenceTimer) Pause() {
	if t.timer != nil {
		t.timer.Stop()
	}
}

// Fired reports whether the timer cancelled the exchange.
func (t *SilenceTimer) Fired() bool { return t.fired.Load() }

// Limit is the read timeout the timer enforces; <= 0 for none.
func (t *SilenceTimer) Limit() time.Duration { return t.limit }
