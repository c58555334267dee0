package requests

import (
	"context"
	"net/http/httptrace"
	"sync"
	"time"
)

// hopCtx makes a hop the cancelable context its request carries, in place
// of context.WithCancelCause, which costs a request more: its cancelCtx and
// cancel function, and the map of children in which net/http's own context
// for the request registers. net/http derives that context from the hop
// through AfterFunc instead (the afterFuncer interface of package context),
// and the hop keeps the function it is given in a slot of its own.
type hopCtx struct {
	parent     context.Context
	mu         sync.Mutex
	done       chan struct{} // made when first asked for
	cause      error         // why the hop was cancelled; nil until it is
	deadline   bool          // Err is context.DeadlineExceeded, not Canceled
	ownTrace   bool          // Value answers traceKey with the hop's trace
	after      []func()      // run once the hop is cancelled
	afterSlot  [1]func()
	stopParent func() bool // unregisters from a cancelable parent
}

// closedChan is the Done channel of a hop cancelled before anyone asked.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// initContext makes the hop a child of parent.
func (h *hop) initContext(parent context.Context) {
	c := &h.hopCtx
	c.parent = parent
	c.after = c.afterSlot[:0]
	if parent.Done() == nil {
		return // never cancelled
	}
	if err := parent.Err(); err != nil {
		h.cancelWith(err, context.Cause(parent))
		return
	}
	c.stopParent = context.AfterFunc(parent, func() { h.cancelWith(parent.Err(), context.Cause(parent)) })
}

// Deadline is the parent's.
func (h *hop) Deadline() (time.Time, bool) { return h.hopCtx.parent.Deadline() }

// Done is closed when the hop is cancelled.
func (h *hop) Done() <-chan struct{} {
	c := &h.hopCtx
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
		if c.cause != nil {
			close(c.done)
		}
	}
	return c.done
}

// Err is nil until the hop is cancelled.
func (h *hop) Err() error {
	c := &h.hopCtx
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.cause == nil:
		return nil
	case c.deadline:
		return context.DeadlineExceeded
	}
	return context.Canceled
}

// AfterFunc runs f once the hop is cancelled. The stop function it returns
// does not unregister f, which then runs, to no effect, when the hop ends:
// its only caller is package context, whose cancel functions are idempotent
// and which ignores what stop reports.
func (h *hop) AfterFunc(f func()) (stop func() bool) {
	c := &h.hopCtx
	c.mu.Lock()
	if c.cause != nil {
		c.mu.Unlock()
		go f()
		return stopNothing
	}
	c.after = append(c.after, f)
	c.mu.Unlock()
	return stopNothing
}

func stopNothing() bool { return false }

// cancel cancels the hop for cause.
func (h *hop) cancel(cause error) { h.cancelWith(context.Canceled, cause) }

// cancelWith cancels the hop with err, context.Canceled or
// context.DeadlineExceeded (a parent's Err), for cause.
func (h *hop) cancelWith(err, cause error) {
	c := &h.hopCtx
	c.mu.Lock()
	if c.cause != nil {
		c.mu.Unlock()
		return
	}
	if cause == nil {
		cause = err
	}
	c.cause, c.deadline = cause, err == context.DeadlineExceeded
	if c.done == nil {
		c.done = closedChan
	} else {
		close(c.done)
	}
	after, stop := c.after, c.stopParent
	c.after, c.stopParent = nil, nil
	c.mu.Unlock()
	for _, f := range after {
		f()
	}
	if stop != nil {
		stop()
	}
}

// causeOf is why the hop was cancelled, nil while it is not.
func (h *hop) causeOf() error {
	c := &h.hopCtx
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cause
}

// traceKey is the key under which net/http/httptrace keeps a ClientTrace in
// a context, learnt by asking ContextClientTrace to look in a context that
// records what it is asked for, then checked against WithClientTrace. A hop
// answers it itself, which spares the context WithClientTrace would add to
// every request. It is nil, and WithClientTrace is used, should httptrace
// ever find its trace another way.
var traceKey = learnTraceKey()

// cancelCtxKey is the key under which package context finds a cancelCtx
// (context.Cause asks for it), learnt the same way. A hop answers it with
// nil, so that context.Cause(h) is h.Err() and not the parent's cause.
var cancelCtxKey = learnCancelCtxKey()

// keyRecorder is a context that remembers the last key it was asked for.
type keyRecorder struct {
	context.Context
	key any
}

func (r *keyRecorder) Value(key any) any {
	r.key = key
	return nil
}

// Err reports a cancelled context: context.Cause asks only those.
func (r *keyRecorder) Err() error { return context.Canceled }

func learnTraceKey() any {
	t := &httptrace.ClientTrace{}
	traced := httptrace.WithClientTrace(context.Background(), t)
	return learnKey(func(ctx context.Context) { httptrace.ContextClientTrace(ctx) },
		func(key any) bool { return traced.Value(key) == t })
}

func learnCancelCtxKey() any {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return learnKey(func(ctx context.Context) { context.Cause(ctx) },
		func(key any) bool { return ctx.Value(key) != nil })
}

// learnKey returns the key ask looks up in the context it is given, when
// check confirms it, else nil.
func learnKey(ask func(context.Context), check func(key any) bool) any {
	r := &keyRecorder{Context: context.Background()}
	ask(r)
	if r.key == nil || !check(r.key) {
		return nil
	}
	return r.key
}
