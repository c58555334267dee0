package httpcache

// Answering from the store: the response a stored entry makes, with its
// Age and Cache-Status, for RoundTrip and for Fresh.

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

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

func addStatus(h http.Header, params string) {
	h.Add("Cache-Status", Name+"; "+params)
}
