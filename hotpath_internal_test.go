package requests

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// The hop answers for its trace only when it learnt httptrace's key; should
// that stop working, every request would pay for WithClientTrace again.
func TestTraceKeyLearnt(t *testing.T) {
	if traceKey == nil {
		t.Fatal("httptrace's context key was not learnt")
	}
}

func TestURLCache(t *testing.T) {
	const raw, query = "HTTP://Example.COM:80/a/../b c?x=1", "y=%C3%A9"
	want, err := parsePreparedURL(raw, query)
	if err != nil {
		t.Fatal(err)
	}
	h := urlCache.hash(raw, query)
	urlCache.entries[h%urlCacheSlots].Store(nil) // whatever earlier tests left
	urlCache.seen[h%urlCacheSlots].Store(0)
	for i := range 3 {
		got, err := prepareURL(raw, query)
		if err != nil || got != want {
			t.Fatalf("call %d: %+v, %v; want %+v", i, got.u, err, want.u)
		}
		// Kept from the second call on, not before.
		if _, kept := urlCache.get(h, raw, query); kept != (i >= 1) {
			t.Fatalf("after call %d, cached: %v", i, kept)
		}
	}
	// Another query is another URL.
	if got, _ := prepareURL(raw, "y=2"); got.u.RawQuery != "x=1&y=2" {
		t.Errorf("another query: %q", got.u.RawQuery)
	}
	// What a cache hit gives, and the request made of it, are their own.
	hit, _ := prepareURL(raw, query)
	src := http.Header{"A": {"1"}}
	pr := newPreparedRequest(&hit, src, true)
	pr.URL.Path, hit.u.RawQuery = "/changed", "changed"
	pr.Header["A"][0] = "2"
	if again, _ := prepareURL(raw, query); again != want {
		t.Errorf("a change to a request's URL reached the cache: %+v", again.u)
	}
	if src["A"][0] != "1" {
		t.Error("a change to a request's header reached the header it was copied from")
	}
	// Credentials are never kept.
	const secret = "http://user:pw@example.com/"
	for range 3 {
		if _, err := prepareURL(secret, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, kept := urlCache.get(urlCache.hash(secret, ""), secret, ""); kept {
		t.Error("a URL with credentials was cached")
	}
}

// A hop is a context.Context that behaves as context.WithCancelCause's
// does, for package context and for net/http.
func TestHopContext(t *testing.T) {
	if cancelCtxKey == nil {
		t.Fatal("package context's cancelCtx key was not learnt")
	}
	pr := &PreparedRequest{Method: "GET", URL: &url.URL{Scheme: "http", Host: "h"}}

	// A child made by package context follows the hop.
	h := newHop(context.Background(), pr, &Timeout{})
	child, stop := context.WithCancel(h)
	defer stop()
	var ran atomic.Int32
	stopF := context.AfterFunc(h, func() { ran.Add(1) })
	stoppedF := context.AfterFunc(h, func() { ran.Add(100) })
	if !stoppedF() {
		t.Error("stopping an AfterFunc before the hop ends: false")
	}
	if h.Err() != nil || child.Err() != nil {
		t.Fatal("cancelled before its time")
	}
	cause := errors.New("cause")
	h.cancel(cause)
	<-child.Done()
	<-h.Done()
	if h.Err() != context.Canceled || child.Err() != context.Canceled || h.causeOf() != cause || context.Cause(h) != context.Canceled {
		t.Errorf("after cancel: Err %v, child %v, cause %v, context.Cause %v", h.Err(), child.Err(), h.causeOf(), context.Cause(h))
	}
	deadline := time.Now().Add(time.Second)
	for ran.Load() != 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if ran.Load() != 1 || stopF() {
		t.Errorf("AfterFunc ran %d; stop after it ran reported true", ran.Load())
	}
	h.cancel(errors.New("again")) // a second cancel changes nothing
	if h.causeOf() != cause {
		t.Error("a second cancel replaced the cause")
	}

	// The parent's cancellation and deadline reach the hop, with the
	// parent's cause.
	parent, cancelParent := context.WithCancelCause(context.Background())
	h = newHop(parent, pr, &Timeout{})
	cancelParent(cause)
	select {
	case <-h.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the parent's cancellation did not reach the hop")
	}
	if h.Err() != context.Canceled || h.causeOf() != cause {
		t.Errorf("parent cancelled: %v, %v", h.Err(), h.causeOf())
	}
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancelExpired()
	if h := newHop(expired, pr, &Timeout{}); h.Err() != context.DeadlineExceeded {
		t.Errorf("an expired parent: %v", h.Err())
	}
	if d, ok := newHop(expired, pr, &Timeout{}).Deadline(); !ok || d.After(time.Now()) {
		t.Error("the parent's deadline is not the hop's")
	}

	// A hop registers with a cancelable parent while it runs, and a
	// finished hop leaves nothing registered there.
	var counting registrations
	counting.Context, cancelParent = context.WithCancelCause(context.Background())
	defer cancelParent(nil)
	h = newHop(&counting, pr, &Timeout{})
	if n := counting.live.Load(); n != 1 {
		t.Errorf("a running hop: %d registrations with its parent; want 1", n)
	}
	h.done()
	if n := counting.live.Load(); n != 0 {
		t.Errorf("a finished hop: %d registrations left with its parent", n)
	}
	if h.causeOf() != errExchangeDone {
		t.Errorf("a finished hop's cause: %v", h.causeOf())
	}
}

// registrations is a cancelable context that counts the functions
// registered with it (package context registers through AfterFunc) and not
// yet stopped.
type registrations struct {
	context.Context
	live atomic.Int32
}

// Value hides the cancelCtx inside, which package context would otherwise
// register with directly.
func (r *registrations) Value(key any) any {
	if key == cancelCtxKey {
		return nil
	}
	return r.Context.Value(key)
}

func (r *registrations) AfterFunc(f func()) func() bool {
	r.live.Add(1)
	stop := context.AfterFunc(r.Context, f)
	return func() bool {
		r.live.Add(-1)
		return stop()
	}
}

// The hop is allocated on every request. An object of more than 512 bytes
// with pointers carries an 8-byte header: past 760 bytes the allocator
// rounds a hop up to 896.
func TestHopSize(t *testing.T) {
	if n := unsafe.Sizeof(hop{}); n > 760 {
		t.Errorf("a hop is %d bytes; keep it within 760 (with its header, the 768-byte size class)", n)
	}
}

// writeCounter counts the writes made to it.
type writeCounter int

func (w *writeCounter) Write(p []byte) (int, error) { *w++; return len(p), nil }

// A small body in memory leaves with the headers, in one write; behind the
// upload wrapper (here because of a progress callback) net/http flushes
// the headers first.
func TestSmallBodyLeavesWithHeaders(t *testing.T) {
	u, _ := url.Parse("http://example.com/post")
	body := []byte(`{"name":"gopher"}`)
	for _, tc := range []struct {
		progress func(sent, total int64)
		writes   writeCounter
	}{{nil, 1}, {func(int64, int64) {}, 2}} {
		pr := &PreparedRequest{Method: "POST", URL: u, Header: http.Header{}, Body: body, payload: payload{bytes: body, length: int64(len(body))}}
		h := newHop(context.Background(), pr, &Timeout{})
		req, err := h.request(pr, tc.progress)
		if err != nil {
			t.Fatal(err)
		}
		var n writeCounter
		bw := bufio.NewWriter(&n)
		if err := req.Write(bw); err != nil {
			t.Fatal(err)
		}
		bw.Flush()
		h.done()
		if n != tc.writes {
			t.Errorf("progress %v: the request left in %d writes; want %d", tc.progress != nil, n, tc.writes)
		}
	}
}
