package wire

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
	"golang.org/x/net/http2/hpack"
)

// Heads over HTTP/2: the request's encoded, the response's (and its
// trailers) taken from the decoded fields.

// encodeHead encodes the request's head, under wmu: the pseudo-headers,
// then the fields in lower case but for those HTTP/2 has no use for.
func (cc *h2Conn) encodeHead(req *Request, length int64) []byte {
	cc.hbuf.Reset()
	e := cc.henc
	e.WriteField(hpack.HeaderField{Name: ":method", Value: req.Method})
	e.WriteField(hpack.HeaderField{Name: ":scheme", Value: req.URL.Scheme})
	e.WriteField(hpack.HeaderField{Name: ":authority", Value: req.host()})
	e.WriteField(hpack.HeaderField{Name: ":path", Value: OriginForm(req.URL)})
	for k, vs := range req.Header {
		name, ok := h2Lower[k]
		if !ok {
			name = strings.ToLower(k)
		}
		switch name {
		case "host", "content-length", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade":
			continue
		case "te":
			if !httpguts.HeaderValuesContainsToken(vs, "trailers") {
				continue
			}
			vs = []string{"trailers"}
		}
		for _, v := range vs {
			e.WriteField(hpack.HeaderField{Name: name, Value: v})
		}
	}
	if length > 0 || length == 0 && req.Body != nil || length == 0 && (req.Method == "POST" || req.Method == "PUT" || req.Method == "PATCH") {
		var b [20]byte
		e.WriteField(hpack.HeaderField{Name: "content-length", Value: string(strconv.AppendInt(b[:0], length, 10))})
	}
	return cc.hbuf.Bytes()
}

// takeHead takes a decoded response head, under cc.mu, in the reader's
// goroutine: an interim (1xx) one is skipped. The fields' values share
// one backing array.
func (s *h2Stream) takeHead(fields []hpack.HeaderField, end bool) error {
	status, regular := -1, 0
	for _, f := range fields {
		if f.IsPseudo() {
			if regular > 0 || f.Name != ":status" || status >= 0 || len(f.Value) != 3 {
				return malformed("pseudo-header " + f.Name)
			}
			code, err := strconv.Atoi(f.Value)
			if err != nil || code < 100 {
				return malformed(":status " + f.Value)
			}
			status = code
			continue
		}
		if !validFieldName(f.Name) || !httpguts.ValidHeaderFieldValue(f.Value) {
			return malformed("field " + f.Name)
		}
		regular++
	}
	switch {
	case status < 0:
		return malformed("head without :status")
	case status == http.StatusSwitchingProtocols:
		return malformed(":status 101")
	case status < 200:
		if end {
			return malformed("interim head ending the stream")
		}
		return nil
	}
	h := make(http.Header, regular)
	vals := make([]string, regular)
	i := 0
	for _, f := range fields {
		if f.IsPseudo() {
			continue
		}
		key := h2CanonicalKey(f.Name)
		vals[i] = f.Value
		if old, ok := h[key]; ok {
			h[key] = append(old, f.Value)
		} else {
			h[key] = vals[i : i+1 : i+1]
		}
		i++
	}
	resp := s.resp
	*resp = http.Response{
		Status:        h2Status(status),
		StatusCode:    status,
		Proto:         "HTTP/2.0",
		ProtoMajor:    2,
		Header:        h,
		ContentLength: -1,
		TLS:           s.cc.tls,
		Body:          s,
	}
	if cl := h["Content-Length"]; len(cl) == 1 {
		n, err := strconv.ParseUint(cl[0], 10, 63)
		if err != nil {
			return malformed("Content-Length " + cl[0])
		}
		resp.ContentLength, s.want = int64(n), int64(n)
	} else if len(cl) > 1 {
		return malformed("Content-Length listed more than once")
	} else if end && s.req.Method != http.MethodHead {
		resp.ContentLength = 0
	}
	for _, v := range h["Trailer"] { // announced, and taken out, as net/http does
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				if resp.Trailer == nil {
					resp.Trailer = make(http.Header)
				}
				resp.Trailer[http.CanonicalHeaderKey(name)] = nil
			}
		}
	}
	delete(h, "Trailer")
	s.noBody = s.req.Method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified
	s.gotHead = true
	if s.req.Timing != nil {
		s.firstByte = time.Now()
	}
	s.timer.Pause()
	if end {
		s.endLocked()
	}
	return nil
}

// takeTrailer takes the trailer section, which ends the stream.
func (s *h2Stream) takeTrailer(fields []hpack.HeaderField, end bool) error {
	if !end {
		return malformed("trailer section not ending the stream")
	}
	t := make(http.Header, len(fields))
	for _, f := range fields {
		if f.IsPseudo() || !validFieldName(f.Name) || !httpguts.ValidHeaderFieldValue(f.Value) {
			return malformed("trailer field " + f.Name)
		}
		key := h2CanonicalKey(f.Name)
		t[key] = append(t[key], f.Value)
	}
	s.trailer = t
	s.endLocked()
	return nil
}

func malformed(what string) error {
	return &ProtocolError{What: "malformed HTTP/2 response: " + what}
}

// validFieldName reports whether name is a token in lower case, as
// HTTP/2 field names are.
func validFieldName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return httpguts.ValidHeaderFieldName(name)
}

// h2CanonicalKey is the http.Header key of a field name.
func h2CanonicalKey(name string) string {
	if k, ok := h2Canonical[name]; ok {
		return k
	}
	return http.CanonicalHeaderKey(name)
}

// h2Lower and h2Canonical map common field names between their two
// forms, sparing an allocation per field of each head.
var h2Lower, h2Canonical = func() (map[string]string, map[string]string) {
	names := []string{
		"accept", "accept-charset", "accept-encoding", "accept-language", "accept-ranges",
		"access-control-allow-origin", "age", "allow", "authorization", "cache-control",
		"content-disposition", "content-encoding", "content-language", "content-length",
		"content-location", "content-range", "content-type", "cookie", "date", "etag",
		"expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match",
		"if-range", "if-unmodified-since", "last-modified", "link", "location",
		"max-forwards", "origin", "proxy-authenticate", "proxy-authorization", "range",
		"referer", "refresh", "retry-after", "server", "set-cookie",
		"strict-transport-security", "te", "trailer", "transfer-encoding", "user-agent",
		"vary", "via", "www-authenticate", "x-content-type-options", "x-forwarded-for",
		"x-frame-options", "x-request-id", "idempotency-key", "connection", "keep-alive",
		"proxy-connection", "upgrade",
	}
	lower, canon := make(map[string]string, len(names)), make(map[string]string, len(names))
	for _, n := range names {
		c := http.CanonicalHeaderKey(n)
		lower[c], canon[n] = n, c
	}
	return lower, canon
}()

// h2Status is the Status of a response: "200 OK".
func h2Status(code int) string {
	if code < len(h2Statuses) && h2Statuses[code] != "" {
		return h2Statuses[code]
	}
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
}

var h2Statuses = func() (s [600]string) {
	for code := range s {
		if text := http.StatusText(code); text != "" {
			s[code] = strconv.Itoa(code) + " " + text
		}
	}
	return s
}()
