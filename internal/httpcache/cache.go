// Package httpcache is an RFC 9111 private HTTP cache as an
// http.RoundTripper: freshness, validation, Vary, the request and response
// directives, invalidation by unsafe methods, stale-while-revalidate and
// stale-if-error (RFC 5861), and a Cache-Status field (RFC 9211) on every
// response it returns. It stores the bytes as they came (still
// Content-Encoded) in a Store, while the caller reads them.
package httpcache

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
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

// staleOnError reports whether a stale response may stand in for an error
// of the origin (RFC 5861 section 4).
func staleOnError(s *stored, f freshness, rcc directives) bool {
	if s == nil || s.cc.mustRevalidate || s.cc.noCache {
		return false
	}
	window := max(s.cc.staleIfError, rcc.staleIfError)
	return window > 0 && f.staleness() <= window
}

// staleOnFailure reports whether a stale response may stand in when the
// origin cannot be reached, and why: under stale-if-error, or because the
// cache is disconnected, which RFC 9111 section 4.2.4 allows unless the
// response says must-revalidate or no-cache or the caller asked for a
// validated one. The caller's own cancellation is never covered.
func staleOnFailure(req *http.Request, s *stored, f freshness, rcc directives) string {
	if s == nil || req.Context().Err() != nil {
		return ""
	}
	if staleOnError(s, f, rcc) {
		return "stale-if-error"
	}
	if s.cc.mustRevalidate || s.cc.noCache || rcc.noCache || rcc.maxAge >= 0 || rcc.minFresh >= 0 {
		return ""
	}
	return "disconnected"
}

// forward sends out (req, or a conditional request made from it) below and
// handles the answer: a 304 refreshes s, an error may be covered by s
// under stale-if-error, and a full response is stored when it may be.
func (t *Transport) forward(req, out *http.Request, s *stored, f freshness, rcc directives, primary, fwd string) (*http.Response, error) {
	reqTime := t.now()
	resp, err := t.next.RoundTrip(out)
	respTime := t.now()
	if err != nil {
		if detail := staleOnFailure(req, s, f, rcc); detail != "" {
			if r := t.serve(req, s, f, "fwd="+fwd+"; detail="+detail); r != nil {
				return r, nil
			}
		}
		s.close()
		return nil, err
	}
	if s != nil && out != req && resp.StatusCode == http.StatusNotModified {
		return t.refreshed(req, resp, s, reqTime, respTime, fwd)
	}
	if s != nil && staleOnError(s, f, rcc) && isServerError(resp.StatusCode) {
		drain(resp.Body)
		if r := t.serve(req, s, f, "fwd="+fwd+"; fwd-status="+strconv.Itoa(resp.StatusCode)+"; detail=stale-if-error"); r != nil {
			return r, nil
		}
	}
	s.close()
	resp.Request = req // not the conditional request made from it
	status := "fwd=" + fwd + "; fwd-status=" + strconv.Itoa(resp.StatusCode)
	if req.Method == http.MethodGet && t.store != nil {
		if t.storeResponse(req, resp, reqTime, respTime, primary) {
			status += "; stored"
		}
	}
	addStatus(resp.Header, status)
	return resp, nil
}

func isServerError(code int) bool {
	switch code {
	case 500, 502, 503, 504:
		return true
	}
	return false
}

// refreshed answers req with the stored response s, its header updated
// from the 304 it was validated with (RFC 9111 section 4.3.4), and stores
// the update.
func (t *Transport) refreshed(req *http.Request, resp *http.Response, s *stored, reqTime, respTime time.Time, fwd string) (*http.Response, error) {
	drain(resp.Body)
	m := *s.m
	m.header = mergeHeader(s.m.header, resp.Header)
	m.requestTime, m.responseTime = reqTime, respTime
	s.m, s.standing = &m, nil
	s.cc = parseDirectives(m.header)
	if s.data == nil && s.size >= 0 && s.size <= maxBuffered {
		data, err := io.ReadAll(s.body)
		s.body.Close()
		if err != nil {
			return nil, err
		}
		s.data, s.body = data, readCloser{bytes.NewReader(data), nopCloser{}}
	}
	if s.data != nil {
		if w, err := t.store.Put(req.Context(), s.key); err == nil {
			ew := newEntryWriter(w, kindResponse, encodeMeta(&m))
			ew.Write(s.data)
			ew.commit()
		}
		f := freshnessOf(&m, s.cc, t.now())
		if r := t.serve(req, s, f, "fwd="+fwd+"; fwd-status=304; detail=revalidated"); r != nil {
			return r, nil
		}
		return t.pass(req, "fwd=miss")
	}
	// A large body is rewritten as the caller reads it.
	f := freshnessOf(&m, s.cc, t.now())
	mb := encodeMeta(&m)
	r := t.serve(req, s, f, "fwd="+fwd+"; fwd-status=304; detail=revalidated")
	if r == nil {
		return t.pass(req, "fwd=miss")
	}
	if r.Body != http.NoBody {
		if w, err := t.store.Put(req.Context(), s.key); err == nil {
			r.Body = &storingBody{rc: r.Body, ew: newEntryWriter(w, kindResponse, mb), want: s.size}
		}
	}
	return r, nil
}

// mergeHeader is stored updated with the fields of a 304: each field the
// 304 carries replaces the stored one, but for those that describe the
// stored bytes.
func mergeHeader(stored, update http.Header) http.Header {
	h := stored.Clone()
	for k, vs := range storableHeader(update) {
		if noUpdate[k] {
			continue
		}
		h[k] = vs
	}
	return h
}

// serve builds the response to req from s. It returns nil, s closed, when
// the entry cannot answer after all (a range it does not hold).
func (t *Transport) serve(req *http.Request, s *stored, f freshness, status string) *http.Response {
	closeBody(req)
	resp := response(s, f, status)
	resp.Request = req
	h := resp.Header
	if rng := req.Header.Get("Range"); rng != "" && req.Method == http.MethodGet {
		if !serveRange(resp, s, rng) {
			s.close()
			return nil
		}
	}
	if req.Method == http.MethodHead {
		s.close()
		resp.Body = http.NoBody
	} else if conditional(req.Header) && resp.StatusCode == http.StatusOK && notModified(req.Header, h) {
		s.close()
		resp.StatusCode, resp.Status = http.StatusNotModified, "304 Not Modified"
		resp.Body, resp.ContentLength = http.NoBody, 0
		h.Del("Content-Length")
	}
	s.body = nil
	return resp
}

// response is the stored response s as the cache returns it, with its
// Age and Cache-Status (status, its parameters after the cache's name;
// "hit" gains the time to live). The response takes s's header and body.
func response(s *stored, f freshness, status string) *http.Response {
	resp := new(http.Response)
	fill(resp, s.m, s.m.header, nil, s.body, s.size, f, status)
	return resp
}

// fill sets resp to a stored response of head m: its header h (a copy for
// this response alone, which it takes, adding Age and Cache-Status in the
// room of spare while there is some) and its body.
func fill(resp *http.Response, m *meta, h http.Header, spare []string, body io.ReadCloser, size int64, f freshness, status string) {
	field := func(v string) []string {
		if len(spare) == 0 {
			return []string{v}
		}
		one := spare[:1:1]
		one[0], spare = v, spare[1:]
		return one
	}
	h["Age"] = field(strconv.FormatInt(int64(f.age/time.Second), 10))
	var b [64]byte
	line := append(append(b[:0], Name+"; "...), status...)
	if status == "hit" {
		line = strconv.AppendInt(append(line, "; ttl="...), int64((f.lifetime-f.age)/time.Second), 10)
	}
	if old := h["Cache-Status"]; len(old) > 0 {
		h["Cache-Status"] = append(old[:len(old):len(old)], string(line))
	} else {
		h["Cache-Status"] = field(string(line))
	}
	*resp = http.Response{
		Status:        m.statusText,
		StatusCode:    m.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          body,
		ContentLength: size,
	}
	if m.proto == "HTTP/2.0" {
		resp.Proto, resp.ProtoMajor, resp.ProtoMinor = m.proto, 2, 0
	}
}

// Fresh answers a GET from the store at once, into resp, when a fresh
// stored response fits it and nothing of the request asks for more than a
// plain hit (no Cache-Control or Pragma, no Range, no condition);
// otherwise it reports false, and the request goes through RoundTrip,
// which looks again. host is the request's Host when it differs from u's.
// It consults only a store of this package (memory or disk), which cannot
// stall the caller; with another store it always reports false. The
// response's Request is nil.
func (t *Transport) Fresh(ctx context.Context, u *url.URL, host string, h http.Header, resp *http.Response) bool {
	if !t.local() || len(h["Cache-Control"]) > 0 || len(h["Pragma"]) > 0 || len(h["Range"]) > 0 || conditional(h) {
		return false
	}
	primary, ok := primaryKey(u, host)
	if !ok {
		return false
	}
	now := t.now()
	if e := t.memoized(h, primary); e != nil {
		// Held in memory and decoded before: the head is copied once,
		// into the response.
		f := e.st.at(e.meta.responseTime, now)
		if e.meta.status == http.StatusPartialContent || e.cc.noCache || !f.fresh() {
			return false
		}
		header, spare := e.head.header(2)
		fill(resp, e.meta, header, spare, &sliceBody{b: e.body}, int64(len(e.body)), f, "hit")
		return true
	}
	s, _ := t.lookup(ctx, h, primary)
	if s == nil {
		return false
	}
	f := s.freshness(now)
	if s.m.status == http.StatusPartialContent || s.cc.noCache || !f.fresh() {
		s.close()
		return false
	}
	fill(resp, s.m, s.m.header, nil, s.body, s.size, f, "hit")
	return true
}

// local reports whether the store is one of this package's.
func (t *Transport) local() bool {
	switch t.store.(type) {
	case *MemoryStore, *DiskStore:
		return true
	}
	return false
}

// gatewayTimeout is the answer to only-if-cached when nothing stored fits
// (RFC 9111 section 5.2.1.7).
func gatewayTimeout(req *http.Request) *http.Response {
	h := http.Header{"Content-Length": {"0"}}
	addStatus(h, "fwd=miss; detail=only-if-cached")
	return &http.Response{
		Status: "504 Gateway Timeout", StatusCode: http.StatusGatewayTimeout,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: http.NoBody, Request: req,
	}
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

func hasValidator(h http.Header) bool {
	return h.Get("Etag") != "" || h.Get("Last-Modified") != ""
}

// conditional reports whether the caller made its request conditional.
func conditional(h http.Header) bool {
	for _, k := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"} {
		if len(h[k]) > 0 {
			return true
		}
	}
	return false
}

// setValidators makes h, a request's header, conditional on the stored
// response's validators.
func setValidators(h, stored http.Header) {
	if etag := stored.Get("Etag"); etag != "" {
		h.Set("If-None-Match", etag)
	}
	if lm := stored.Get("Last-Modified"); lm != "" {
		h.Set("If-Modified-Since", lm)
	}
}

// notModified evaluates a caller's If-None-Match, else If-Modified-Since,
// against a stored 200 (RFC 9110 section 13.2.2).
func notModified(req, stored http.Header) bool {
	if inm := req.Get("If-None-Match"); inm != "" {
		etag := strings.TrimPrefix(stored.Get("Etag"), "W/")
		if etag == "" {
			return false
		}
		for _, e := range strings.Split(inm, ",") {
			e = trimOWS(e)
			if e == "*" || strings.TrimPrefix(e, "W/") == etag {
				return true
			}
		}
		return false
	}
	if ims, ok := parseHTTPDate(req.Get("If-Modified-Since")); ok {
		if lm, ok := headerDate(stored, "Last-Modified"); ok {
			return !lm.After(ims)
		}
	}
	return false
}

func addStatus(h http.Header, params string) {
	h.Add("Cache-Status", Name+"; "+params)
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
