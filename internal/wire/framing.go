package wire

// This file frames a response's body from its head (RFC 9112 section 6.3):
// which of HEAD, the status, Transfer-Encoding and Content-Length decides
// where the body ends, and whether the connection serves another exchange.

import (
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// frame applies RFC 9112 section 6.3 to a response head: no body for HEAD,
// 1xx, 204 and 304; chunked when Transfer-Encoding says so (the only
// transfer coding decoded; HTTP/1.0 ignores the field), and up to the end
// of the connection when its final coding is another (RFC 9112 6.3);
// else one valid Content-Length (repeats, as fields or in a comma-separated
// list, must agree once spaces and tabs around them are trimmed; other
// bytes, Unicode spaces included, make a value invalid); else up to the end
// of the connection. It sets ContentLength and Close.
func (p *parser) frame(method string, resp *http.Response) error {
	h := resp.Header
	// A head that needed repairs may have been framed otherwise by whoever
	// sent it: the connection is not trusted with another exchange.
	resp.Close = shouldClose(resp) || p.repaired
	chunked, toClose := false, false
	if te, ok := h["Transfer-Encoding"]; ok {
		switch {
		case resp.ProtoMinor == 0:
			resp.Close = true // RFC 9112 6.1: the framing of an HTTP/1.0 message with it is faulty
		case len(te) == 1 && isChunked(te[0]):
			chunked = true
		case len(te) != 1 || !wellFormedCodings(te):
			// Two fields are refused whatever they say, as net/http refuses
			// them: one list is what a sender writes.
			return &ProtocolError{What: "unsupported transfer encoding", Data: strings.Join(te, ", ")}
		case !finalChunked(te):
			// RFC 9112 6.3, rule 4: chunked is not the final coding, so
			// the body runs to the end of the connection, which serves
			// nothing else (as Python's http.client reads it). The codings
			// are not undone: the caller gets the bytes as sent.
			toClose = true
		default:
			// Chunked over other codings (gzip, chunked): the chunks can be
			// read, but not the coding under them.
			return &ProtocolError{What: "unsupported transfer encoding", Data: strings.Join(te, ", ")}
		}
	}
	if toClose {
		resp.Close = true
	}
	length := int64(-1)
	if cl := h["Content-Length"]; len(cl) > 0 && !toClose {
		first, ok := contentLength(cl)
		if !ok {
			return &ProtocolError{What: "conflicting Content-Length values", Data: strings.Join(cl, ", "), Field: "Content-Length"}
		}
		n, err := strconv.ParseUint(first, 10, 63)
		if err != nil {
			return &ProtocolError{What: "invalid Content-Length", Data: cl[0]}
		}
		length = int64(n)
	}
	code := resp.StatusCode
	switch {
	case method == http.MethodHead:
		p.framing, resp.ContentLength = noBody, length
	case code < 200 || code == http.StatusNoContent || code == http.StatusNotModified:
		p.framing, resp.ContentLength = noBody, 0
	case chunked:
		p.framing, resp.ContentLength = byChunks, -1
	case toClose:
		p.framing, resp.ContentLength, resp.Close = byClose, -1, true
	case length == 0:
		p.framing, resp.ContentLength = noBody, 0
	case length > 0:
		p.framing, resp.ContentLength = byLength, length
	default:
		p.framing, resp.ContentLength, resp.Close = byClose, -1, true
	}
	return nil
}

// contentLength returns the one value of the Content-Length fields cl, each
// of which may be a comma-separated list (RFC 9110 section 8.6: "42, 42"
// stands for 42), with spaces and tabs around each member trimmed; ok is
// false when two members differ. The value is not checked here: an empty
// member makes it "".
func contentLength(cl []string) (v string, ok bool) {
	v = strings.Trim(cl[0], " \t")
	if len(cl) == 1 && strings.IndexByte(v, ',') < 0 {
		return v, true // the usual case, without allocating
	}
	v, _, _ = strings.Cut(v, ",")
	v = strings.Trim(v, " \t")
	for _, field := range cl {
		for m := range strings.SplitSeq(field, ",") {
			switch m = strings.Trim(m, " \t"); {
			case m == "":
				return "", true // an empty member: an invalid value
			case m != v:
				return "", false
			}
		}
	}
	return v, true
}

// wellFormedCodings reports whether the fields te list transfer codings
// that are tokens (parameters allowed): an empty list, an empty member, or
// a byte no token holds (a Kelvin sign for the k of chunked) is refused,
// whatever the coding.
func wellFormedCodings(te []string) bool {
	for _, field := range te {
		for m := range strings.SplitSeq(field, ",") {
			name, _, _ := strings.Cut(strings.Trim(m, " \t"), ";")
			name = strings.Trim(name, " \t")
			if name == "" {
				return false
			}
			for i := 0; i < len(name); i++ {
				if !httpguts.IsTokenRune(rune(name[i])) {
					return false
				}
			}
		}
	}
	return true
}

// finalChunked reports whether the last transfer coding the fields te
// list is chunked.
func finalChunked(te []string) bool {
	last := te[len(te)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return isChunked(strings.Trim(last, " \t"))
}

// isChunked reports whether a Transfer-Encoding value is "chunked", its
// letters in any case. The comparison is ASCII's: strings.EqualFold would
// also take "chun\u212aed" (a Kelvin sign for the k), which net/http
// refuses and an intermediary before us need not read as chunked, so that
// the two would frame the body differently.
func isChunked(v string) bool {
	const chunked = "chunked"
	if len(v) != len(chunked) {
		return false
	}
	for i := range len(chunked) {
		if v[i]|0x20 != chunked[i] {
			return false
		}
	}
	return true
}

// shouldClose reports whether the server ends the connection after this
// response: HTTP/1.0 unless it says keep-alive, and "Connection: close".
func shouldClose(resp *http.Response) bool {
	conn := resp.Header["Connection"]
	if resp.ProtoMinor == 0 {
		return !httpguts.HeaderValuesContainsToken(conn, "keep-alive") || httpguts.HeaderValuesContainsToken(conn, "close")
	}
	return len(conn) > 0 && httpguts.HeaderValuesContainsToken(conn, "close")
}
