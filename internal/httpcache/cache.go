// Package httpcache is an RFC 9111 private HTTP cache as an
// http.RoundTripper: freshness, validation, Vary, the request and response
// directives, invalidation by unsafe methods, stale-while-revalidate and
// stale-if-error (RFC 5861), and a Cache-Status field (RFC 9211) on every
// response it returns. It stores the bytes as they came (still
// Content-Encoded) in a Store, while the caller reads them.
package httpcache

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Name is the cache's name in the Cache-Status field.
const Name = "go-requests"

// Transport is the cache in front of the RoundTripper below it. It is
// safe for concurrent use.
type Transport struct {
	// Inline makes the cache validate a response it may serve under
	// stale-while-revalidate before answering, in the caller's RoundTrip,
	// instead of answering at once and validating in the background. Set
	// it when the RoundTripper below cannot take a request after the call
	// that made it returned (its context carries that call's state).
	Inline bool

	store Store
	next  http.RoundTripper
	now   func() time.Time // the clock; tests set it

	// background revalidations (stale-while-revalidate)
	bgMu     sync.Mutex // guards bgCtx and orders bg.Add against Close
	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	inflight sync.Map // store key -> struct{}

	memo memo // decoded heads of entries held in memory
}

// backgroundTimeout bounds one background revalidation.
const backgroundTimeout = 30 * time.Second

// New returns the cache over next, keeping its entries in store. Close
// stops its background revalidations.
func New(store Store, next http.RoundTripper) *Transport {
	return &Transport{store: store, next: next, now: time.Now}
}

// Close cancels the revalidations the cache is making in the background
// (after serving a response under stale-while-revalidate) and waits for
// them to end. The cache keeps working after Close.
func (t *Transport) Close() error {
	t.bgMu.Lock()
	if t.bgCancel != nil {
		t.bgCancel()
		t.bgCtx, t.bgCancel = nil, nil
	}
	t.bgMu.Unlock()
	t.bg.Wait()
	return nil
}

// CloseIdleConnections does what Close does, then closes the idle
// connections of the RoundTripper below when it has such a method, so
// that a Session's Close leaves nothing running.
func (t *Transport) CloseIdleConnections() {
	t.Close()
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// stored is a response found in the store, its body open.
type stored struct {
	key  string
	m    *meta
	cc   directives
	body io.ReadCloser
	size int64
	data []byte

	standing *standing // known already (an entry of the memo), or nil
}

// freshness is the stored response's freshness at now.
func (s *stored) freshness(now time.Time) freshness {
	if s.standing != nil {
		return s.standing.at(s.m.responseTime, now)
	}
	return freshnessOf(s.m, s.cc, now)
}

func (s *stored) close() {
	if s != nil && s.body != nil {
		s.body.Close()
		s.body = nil
	}
}

// RoundTrip answers req from the store when RFC 9111 allows it, and
// otherwise passes it to the transport below, storing what may be stored
// as the caller reads it. It does not modify req; it closes req.Body.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return t.unsafe(req)
	}
	primary, ok := requestKey(req)
	if !ok {
		return t.pass(req, "fwd=bypass")
	}
	rcc := parseDirectives(req.Header)
	if len(req.Header["Cache-Control"]) == 0 && pragmaNoCache(req.Header) {
		rcc.noCache = true
	}
	if rcc.noStore {
		return t.pass(req, "fwd=request")
	}
	ctx := req.Context()
	s, fwd := t.lookup(ctx, req.Header, primary)
	now := t.now()
	rangeHeader := req.Header.Get("Range")
	if s != nil && s.m.status == http.StatusPartialContent && (rangeHeader == "" || req.Method == http.MethodHead) {
		if rangeHeader == "" && req.Method == http.MethodGet && !conditional(req.Header) {
			return t.complete(req, s, primary)
		}
		s.close()
		s, fwd = nil, "miss"
	}
	var f freshness
	if s != nil {
		f = s.freshness(now)
		if t.usable(s, f, rcc) {
			if resp := t.serve(req, s, f, "hit"); resp != nil {
				return resp, nil
			}
			s, fwd = nil, "miss"
		}
	}
	if s != nil && !t.Inline && !s.cc.noCache && !s.cc.mustRevalidate && !rcc.noCache && rcc.maxAge < 0 &&
		s.cc.staleWhileRevalidate > 0 && f.staleness() <= s.cc.staleWhileRevalidate {
		t.revalidateLater(req, s)
		if resp := t.serve(req, s, f, "hit"); resp != nil {
			return resp, nil
		}
		s, fwd = nil, "miss"
	}
	if rcc.onlyIfCached {
		s.close()
		closeBody(req)
		return gatewayTimeout(req), nil
	}
	if s != nil && (conditional(req.Header) || rangeHeader != "" || req.Method == http.MethodHead || !hasValidator(s.m.header)) {
		// The request is not one the cache validates its entry with: it
		// goes as it is, the entry kept only to stand in for an error.
		return t.forward(req, req, s, f, rcc, primary, "stale")
	}
	if s == nil {
		return t.forward(req, req, nil, f, rcc, primary, fwd)
	}
	// Validate the stored response (RFC 9111 section 4.3.1).
	out := req.Clone(ctx)
	setValidators(out.Header, s.m.header)
	how := "stale"
	if f.fresh() {
		how = "request"
	}
	return t.forward(req, out, s, f, rcc, primary, how)
}

// usable reports whether a stored response may answer the request without
// going to the origin (RFC 9111 section 4.2 and the request directives of
// section 5.2.1).
func (t *Transport) usable(s *stored, f freshness, rcc directives) bool {
	if s.cc.noCache || rcc.noCache {
		return false
	}
	// RFC 8246: a fresh immutable response is not revalidated on a reload
	// (max-age=0, what browsers send); no-cache still revalidates it.
	reload := rcc.maxAge == 0 || rcc.maxAge > 0 && f.age > rcc.maxAge
	if reload && !(s.cc.immutable && f.fresh()) {
		return false
	}
	if rcc.minFresh >= 0 && f.lifetime-f.age < rcc.minFresh {
		return false
	}
	if f.fresh() {
		return true
	}
	if s.cc.mustRevalidate {
		return false
	}
	return rcc.maxStaleAny || rcc.maxStale >= 0 && f.staleness() <= rcc.maxStale
}

// pass sends req below as it is, not storing the answer.
func (t *Transport) pass(req *http.Request, status string) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	addStatus(resp.Header, status)
	return resp, nil
}

// unsafe sends a request of another method below; after a success of an
// unsafe method it invalidates what the store holds for the target URI and
// for the Location and Content-Location of the answer on the same origin
// (RFC 9111 section 4.4).
func (t *Transport) unsafe(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	reqTime := t.now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	status := "fwd=method; fwd-status=" + strconv.Itoa(resp.StatusCode)
	if !safeMethod(req.Method) && resp.StatusCode >= 200 && resp.StatusCode < 400 && t.store != nil {
		if primary, ok := requestKey(req); ok {
			t.store.Delete(ctx, primary)
			for _, name := range []string{"Location", "Content-Location"} {
				if k, ok := sameOrigin(req, resp.Header.Get(name)); ok && k != primary {
					t.store.Delete(ctx, k)
				}
			}
			// A response to POST with explicit freshness whose
			// Content-Location is the target URI is its representation,
			// and answers a later GET (RFC 9110 section 9.3.3).
			cc := parseDirectives(resp.Header)
			explicit := cc.maxAge >= 0 || len(resp.Header["Expires"]) > 0
			if k, ok := sameOrigin(req, resp.Header.Get("Content-Location")); ok && k == primary && explicit &&
				req.Method == http.MethodPost && resp.StatusCode == http.StatusOK {
				if t.storeResponse(req, resp, reqTime, t.now(), primary) {
					status += "; stored"
				}
			}
		}
	}
	addStatus(resp.Header, status)
	return resp, nil
}

func safeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// sameOrigin resolves ref against the request URL and returns its key when
// it has the request's origin.
func sameOrigin(req *http.Request, ref string) (string, bool) {
	if ref == "" {
		return "", false
	}
	u, err := req.URL.Parse(ref)
	if err != nil {
		return "", false
	}
	k, ok := primaryKey(u, "")
	base, ok2 := primaryKey(req.URL, "")
	if !ok || !ok2 || origin(k) != origin(base) {
		return "", false
	}
	return k, true
}

// origin is the scheme://host[:port] part of a key.
func origin(key string) string {
	i := strings.Index(key, "://")
	if i < 0 {
		return key
	}
	if j := strings.IndexByte(key[i+3:], '/'); j >= 0 {
		return key[:i+3+j]
	}
	return key
}

func pragmaNoCache(h http.Header) bool {
	for _, v := range h["Pragma"] {
		for _, e := range strings.Split(v, ",") {
			if strings.EqualFold(trimOWS(e), "no-cache") {
				return true
			}
		}
	}
	return false
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// drain reads a little of a body, so that its connection may be reused,
// and closes it.
func drain(rc io.ReadCloser) {
	io.CopyN(io.Discard, rc, 4<<10)
	rc.Close()
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
