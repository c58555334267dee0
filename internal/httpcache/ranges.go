package httpcache

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// serveRange makes resp, a stored response, answer a request's Range (RFC
// 9110 section 14): one byte range from a stored 200 is a 206 cut from it;
// a stored 206 answers the Range it was stored for, or one inside it.
// Other ranges (several, or not bytes) get the stored 200 whole. It
// reports false when the entry cannot answer.
func serveRange(resp *http.Response, s *stored, rng string) bool {
	if s.m.status == http.StatusPartialContent {
		if rng == s.m.reqRange {
			return true
		}
		start, end, total, ok := parseContentRange(s.m.header.Get("Content-Range"))
		if !ok || s.data == nil {
			return false
		}
		a, b, ok := parseRange(rng, total)
		if !ok || a < start || b > end {
			return false
		}
		from, to := a-start, b-start+1
		to = min(to, int64(len(s.data)))
		if from >= to {
			return false
		}
		cut(resp, s.data[from:to], a, a+to-from-1, total)
		return true
	}
	if s.m.status != http.StatusOK || s.size < 0 {
		return true
	}
	a, b, ok := parseRange(rng, s.size)
	if !ok {
		return true
	}
	if s.data != nil {
		cut(resp, s.data[a:b+1], a, b, s.size)
		return true
	}
	if _, err := io.CopyN(io.Discard, s.body, a); err != nil {
		return false
	}
	cut(resp, nil, a, b, s.size)
	resp.Body = readCloser{io.LimitReader(s.body, b-a+1), s.body}
	return true
}

func cut(resp *http.Response, data []byte, a, b, total int64) {
	resp.StatusCode, resp.Status = http.StatusPartialContent, "206 Partial Content"
	resp.Header.Set("Content-Range", "bytes "+strconv.FormatInt(a, 10)+"-"+strconv.FormatInt(b, 10)+"/"+strconv.FormatInt(total, 10))
	resp.Header.Set("Content-Length", strconv.FormatInt(b-a+1, 10))
	resp.ContentLength = b - a + 1
	if data != nil {
		resp.Body.Close()
		resp.Body = readCloser{bytes.NewReader(data), nopCloser{}}
	}
}

// parseRange reads a single byte range, "bytes=a-b", "bytes=a-" or
// "bytes=-n", against a representation of size bytes, and returns its
// first and last positions.
func parseRange(rng string, size int64) (a, b int64, ok bool) {
	spec, found := strings.CutPrefix(trimOWS(rng), "bytes=")
	if !found || strings.Contains(spec, ",") || size <= 0 {
		return 0, 0, false
	}
	first, last, found := strings.Cut(trimOWS(spec), "-")
	if !found {
		return 0, 0, false
	}
	if first == "" {
		n, err := strconv.ParseInt(last, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		return max(size-n, 0), size - 1, true
	}
	a, err := strconv.ParseInt(first, 10, 64)
	if err != nil || a < 0 || a >= size {
		return 0, 0, false
	}
	b = size - 1
	if last != "" {
		if b, err = strconv.ParseInt(last, 10, 64); err != nil || b < a {
			return 0, 0, false
		}
		b = min(b, size-1)
	}
	return a, b, true
}

// parseContentRange reads "bytes a-b/total".
func parseContentRange(v string) (a, b, total int64, ok bool) {
	spec, found := strings.CutPrefix(trimOWS(v), "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	r, t, found := strings.Cut(spec, "/")
	first, last, found2 := strings.Cut(r, "-")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	a, err1 = strconv.ParseInt(first, 10, 64)
	b, err2 = strconv.ParseInt(last, 10, 64)
	total, err3 = strconv.ParseInt(t, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || a < 0 || b < a || total <= b {
		return 0, 0, 0, false
	}
	return a, b, total, true
}

func validContentRange(h http.Header) bool {
	_, _, _, ok := parseContentRange(h.Get("Content-Range"))
	return ok
}

// complete answers a GET for the whole of a representation whose first
// bytes are stored (a 206 from 0): it asks for the rest only (RFC 9111
// section 3.4), with If-Range on a strong validator, and joins the two
// parts into a 200, which it stores. Any other answer goes to the caller
// as it is, stored if it may be.
func (t *Transport) complete(req *http.Request, s *stored, primary string) (*http.Response, error) {
	start, end, total, ok := parseContentRange(s.m.header.Get("Content-Range"))
	if !ok || start != 0 || s.data == nil || int64(len(s.data)) != end+1 {
		s.close()
		return t.forward(req, req, nil, freshness{}, directives{maxAge: -1}, primary, "partial")
	}
	out := req.Clone(req.Context())
	out.Header.Set("Range", "bytes="+strconv.FormatInt(end+1, 10)+"-")
	if etag := s.m.header.Get("Etag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		out.Header.Set("If-Range", etag)
	}
	reqTime := t.now()
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		s.close()
		return nil, err
	}
	respTime := t.now()
	a, b, rest, ok := parseContentRange(resp.Header.Get("Content-Range"))
	if resp.StatusCode != http.StatusPartialContent || !ok || a != end+1 || b != total-1 || rest != total || total-a > maxBuffered {
		s.close()
		resp.Request = req
		status := "fwd=partial; fwd-status=" + strconv.Itoa(resp.StatusCode)
		if resp.StatusCode != http.StatusPartialContent && t.storeResponse(req, resp, reqTime, respTime, primary) {
			status += "; stored"
		}
		addStatus(resp.Header, status)
		return resp, nil
	}
	tail, err := io.ReadAll(io.LimitReader(resp.Body, total-a+1))
	resp.Body.Close()
	if err != nil || int64(len(tail)) != total-a {
		s.close()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	whole := make([]byte, 0, total)
	whole = append(append(whole, s.data...), tail...)
	s.close()
	h := mergeHeader(s.m.header, resp.Header)
	h.Del("Content-Range")
	h.Set("Content-Length", strconv.FormatInt(total, 10))
	full := &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(whole)), ContentLength: total, Request: req,
	}
	status := "fwd=partial; fwd-status=206"
	if t.storeResponse(req, full, reqTime, respTime, primary) {
		status += "; stored"
	}
	h = h.Clone()
	addStatus(h, status)
	full.Header = h
	return full, nil
}
