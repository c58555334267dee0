package httpcache

// Validation (RFC 9111 section 4.3): forwarding a request, with the
// stored response's validators when the cache asks; a 304 that refreshes
// the stored response; a stale response standing in for an error.

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

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
