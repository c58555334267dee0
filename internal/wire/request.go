package wire

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Request is one exchange for Transport.RoundTrip. The response body of an
// HTTP/1.1 exchange lives in it: a Request serves one exchange and must not
// be reused until that body is closed.
type Request struct {
	Method string
	// URL is absolute: http or https, a host, the path and query as they
	// are sent. User and Fragment are ignored.
	URL *url.URL
	// Host is the Host header; URL.Host when empty.
	Host string
	// Header is sent as it is, but for Host, Content-Length and
	// Transfer-Encoding, which the engine writes itself.
	Header http.Header
	// Body is nil for none. An empty body with ContentLength 0 sends
	// "Content-Length: 0".
	Body io.Reader
	// ContentLength is Body's length; -1 sends the body chunked.
	ContentLength int64
	// GetBody returns a new copy of Body, for sending the request again on
	// a fresh connection when a pooled one turned out to be closed; nil
	// when the body cannot be sent again.
	GetBody func() (io.Reader, error)
	// Proxy is the proxy to go through; nil goes direct.
	Proxy *url.URL
	// ConnectTimeout bounds making a connection: dial, proxy handshake and
	// TLS handshake. Zero is no limit.
	ConnectTimeout time.Duration
	// ReadTimeout bounds each silence of the server: waiting for the
	// response and each read of its body; and each write of the request.
	// Zero is no limit.
	ReadTimeout time.Duration
	// Timing, when not nil, receives the exchange's timings.
	Timing *Timing

	body body    // the response body, over HTTP/1.1
	tail [2]byte // the body's last byte and the probe for one more (writeBody), without an allocation
	// All of the body but its last byte, as writeBody copies it, without
	// an allocation.
	lead struct {
		limited io.LimitedReader
		reader  bodyReader
	}
}

// Timing is where an exchange spent its time.
type Timing struct {
	DNS       time.Duration // resolving the host name
	Connect   time.Duration // the TCP connection
	TLS       time.Duration // the TLS handshake
	FirstByte time.Duration // from asking for a connection to the first byte of the response
	Reused    bool          // the connection had served an earlier request
}

// replayable reports whether req may be sent again after a connection
// failed under it: it has no body or one that can be had again, and its
// method is idempotent (or the request says it is, as net/http lets it)
// unless nothing of it was written.
func (req *Request) replayable(nothingWritten bool) bool {
	if req.Body != nil && req.GetBody == nil {
		return false
	}
	if nothingWritten {
		return true
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}

// rewind makes Body new again for sending the request once more.
func (req *Request) rewind() error {
	if req.GetBody == nil {
		return nil
	}
	body, err := req.GetBody()
	if err != nil {
		return &Error{Op: "write", Err: &bodyError{err}}
	}
	req.Body = body
	return nil
}

// closeRequested reports whether the request asks to end the connection
// after it.
func (req *Request) closeRequested() bool {
	return httpguts.HeaderValuesContainsToken(req.Header["Connection"], "close")
}

// expectsContinue reports whether the body waits for a 100 Continue.
func (req *Request) expectsContinue() bool {
	return req.Body != nil && req.ContentLength != 0 &&
		httpguts.HeaderValuesContainsToken(req.Header["Expect"], "100-continue")
}

// InvalidError is a request the engine refuses to send: nothing of it was
// written.
type InvalidError struct {
	What  string // "method", "request target", "Host", "header name", "header value"
	Value string
}

func (e *InvalidError) Error() string {
	return "invalid request " + e.What + " " + strconv.Quote(e.Value)
}

// target returns the request-target: absolute-form through a forward
// proxy, origin-form otherwise.
func (req *Request) target(absolute bool) string {
	u := req.URL
	if absolute {
		c := *u
		c.User, c.Fragment, c.RawFragment = nil, "", ""
		return c.String()
	}
	return OriginForm(u)
}

// OriginForm is the request target of u sent to an origin (RFC 9112
// section 3.2.1): its path, "/" when empty, and its query.
func OriginForm(u *url.URL) string {
	if u.Opaque != "" {
		return u.RequestURI()
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery == "" && !u.ForceQuery {
		return path
	}
	return path + "?" + u.RawQuery
}

// host returns the Host header's value.
func (req *Request) host() string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// validate refuses a request that would put bytes on the wire that break
// its framing: CR, LF, NUL or other controls in the request line or a
// header, a method or header name that is not a token, an origin-form
// target that does not start with a slash.
func (req *Request) validate(target string, absolute bool) error {
	if !absolute && target != "*" && !strings.HasPrefix(target, "/") {
		return &InvalidError{"request target", target} // origin-form starts with a slash
	}
	if req.Method == "" || strings.IndexFunc(req.Method, func(r rune) bool { return r >= 0x80 || !isTokenTable[r] }) >= 0 {
		return &InvalidError{"method", req.Method}
	}
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c == 0x7f {
			return &InvalidError{"request target", target}
		}
	}
	if !httpguts.ValidHostHeader(req.host()) {
		return &InvalidError{"Host", req.host()}
	}
	for k, vv := range req.Header {
		if !httpguts.ValidHeaderFieldName(k) {
			return &InvalidError{"header name", k}
		}
		for _, v := range vv {
			for i := 0; i < len(v); i++ {
				if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
					return &InvalidError{"header value", k + ": " + v}
				}
			}
		}
	}
	return nil
}

// skipHeader lists the fields the engine writes itself.
func skipHeader(k string) bool {
	switch k {
	case "Host", "Content-Length", "Transfer-Encoding":
		return true
	}
	return false
}

// writeHead writes the request line and header block to bw. proxyAuth,
// when not empty, is a Proxy-Authorization value for a forward proxy.
func (req *Request) writeHead(bw *bufio.Writer, target, proxyAuth string) {
	bw.WriteString(req.Method)
	bw.WriteByte(' ')
	bw.WriteString(target)
	bw.WriteString(" HTTP/1.1\r\nHost: ")
	bw.WriteString(req.host())
	bw.WriteString("\r\n")
	// The fields in sorted order, so that what is sent does not vary from
	// one run to the next.
	var stack [24]string
	keys := stack[:0]
	for k := range req.Header {
		if !skipHeader(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range req.Header[k] {
			bw.WriteString(k)
			bw.WriteString(": ")
			bw.WriteString(strings.TrimSpace(v))
			bw.WriteString("\r\n")
		}
	}
	if proxyAuth != "" {
		bw.WriteString("Proxy-Authorization: ")
		bw.WriteString(proxyAuth)
		bw.WriteString("\r\n")
	}
	if req.Body != nil {
		if req.ContentLength >= 0 {
			var num [20]byte
			bw.WriteString("Content-Length: ")
			bw.Write(strconv.AppendInt(num[:0], req.ContentLength, 10))
			bw.WriteString("\r\n")
		} else {
			bw.WriteString("Transfer-Encoding: chunked\r\n")
		}
	}
	bw.WriteString("\r\n")
}

// errBodyLength is a body that ended before its ContentLength.
type errBodyLength struct{ want, got int64 }

func (e *errBodyLength) Error() string {
	if e.got > e.want {
		return "request body grew beyond its " + strconv.FormatInt(e.want, 10) + " bytes while it was sent (a file being written to?)"
	}
	return "request body ended after " + strconv.FormatInt(e.got, 10) + " of its " + strconv.FormatInt(e.want, 10) + " bytes"
}

// bodyError is a failure of the request body's own reader, as opposed to
// the connection.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "reading the request body: " + e.err.Error() }
func (e *bodyError) Unwrap() error { return e.err }

// writeBody writes the request body: ContentLength bytes, or chunks flushed
// as they come when the length is unknown.
func (req *Request) writeBody(bw *bufio.Writer) error {
	if req.ContentLength >= 0 {
		// All but the last byte, then the last byte with a probe for one
		// more: a body longer than its length (a file that grew as it was
		// sent, a multipart body whose closing boundary would be cut off)
		// fails before its last byte leaves, so the server sees an
		// incomplete request rather than a wrong one; net/http refuses it
		// too.
		head := max(req.ContentLength-1, 0)
		req.lead.limited = io.LimitedReader{R: req.Body, N: head}
		req.lead.reader = bodyReader{&req.lead.limited}
		n, err := io.Copy(bw, &req.lead.reader)
		if err != nil {
			return err
		}
		if n != head {
			return &bodyError{&errBodyLength{req.ContentLength, n}}
		}
		tail := req.tail[:]
		want := int(req.ContentLength-head) + 1
		k, err := io.ReadFull(req.Body, tail[:want])
		switch {
		case k == want:
			return &bodyError{&errBodyLength{req.ContentLength, n + int64(k)}}
		case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
			return &bodyError{err}
		case n+int64(k) != req.ContentLength:
			return &bodyError{&errBodyLength{req.ContentLength, n + int64(k)}}
		}
		_, err = bw.Write(tail[:k])
		return err
	}
	bp := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(bp)
	buf := *bp
	for {
		n, err := req.Body.Read(buf)
		if n > 0 {
			var size [16]byte
			bw.Write(strconv.AppendInt(size[:0], int64(n), 16))
			bw.WriteString("\r\n")
			bw.Write(buf[:n])
			bw.WriteString("\r\n")
			if werr := bw.Flush(); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			_, werr := bw.WriteString("0\r\n\r\n")
			return werr
		}
		if err != nil {
			return &bodyError{err}
		}
	}
}

// bodyReader tells the request body's errors from the connection's.
type bodyReader struct{ r io.Reader }

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		err = &bodyError{err}
	}
	return n, err
}
