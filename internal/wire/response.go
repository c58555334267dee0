package wire

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Limits on what a response may make the engine hold or do.
const (
	// MaxHeaderBytes bounds a response's status line and header block, and
	// again its trailers (net/http's default for servers, 1 MiB).
	MaxHeaderBytes = 1 << 20
	// max1xx is how many interim responses may come before the final one.
	max1xx = 5
	// maxChunkLine bounds a chunk-size line, extensions included.
	maxChunkLine = 4096
	// maxChunkDigits bounds the hexadecimal digits of a chunk size.
	maxChunkDigits = 16
	// maxChunkOverhead bounds what chunk lines may carry beyond the data
	// (extensions, padding), as net/http bounds it: 16 KiB past an
	// allowance of 16 bytes a chunk and twice its data.
	maxChunkOverhead = 16 << 10
)

// ProtocolError is a response the engine refuses to read: a malformed
// status line or header, a framing it cannot trust, or a body that breaks
// its own framing.
type ProtocolError struct {
	What string // what is wrong, e.g. "malformed status line"
	Data string // the offending bytes, quoted in the message; may be empty
	// Field names the header field at fault when its values contradict
	// each other ("Content-Length"), a header error rather than a broken
	// connection; it is empty otherwise.
	Field string
}

func (e *ProtocolError) Error() string {
	if e.Data == "" {
		return "malformed HTTP response: " + e.What
	}
	data := e.Data
	if len(data) > 80 {
		data = data[:80] + "..."
	}
	return fmt.Sprintf("malformed HTTP response: %s: %q", e.What, data)
}

func protocolError(what string, data []byte) error {
	return &ProtocolError{What: what, Data: string(data)}
}

// errServerClosed is the end of a connection before a byte of the response:
// on a reused connection, the server had closed it while it was idle.
var errServerClosed = errors.New("the server closed the connection before responding")

// framing is how a message body is delimited.
type framing uint8

const (
	noBody   framing = iota // no body at all
	byLength                // Content-Length bytes
	byChunks                // chunked transfer coding
	byClose                 // up to the end of the connection
)

// ReadResponse reads one response from br to a request made with method
// and returns it with its body framed (not read): the body reads from br.
// Interim (1xx) responses other than 101 are skipped, at most five of them.
// It refuses what it cannot frame safely with a *ProtocolError; see the
// package documentation for the rules. An input cut short is
// io.ErrUnexpectedEOF, but for an empty one: errServerClosed (on a pooled
// connection, the server closed it while it was idle).
func ReadResponse(br *bufio.Reader, method string) (*http.Response, error) {
	resp := new(http.Response)
	var p parser
	for n := 0; ; n++ {
		if err := p.readHead(br, method, resp); err != nil {
			if n > 0 && err == errServerClosed {
				err = io.ErrUnexpectedEOF // the response had begun, with an interim one
			}
			return nil, err
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			break
		}
		if n == max1xx {
			return nil, &ProtocolError{What: "too many interim (1xx) responses"}
		}
	}
	b := &body{br: br}
	b.frame(p.framing, resp.ContentLength)
	if p.framing == noBody {
		resp.Body = http.NoBody
	} else {
		resp.Body = b
	}
	return resp, nil
}

// parser reads response heads, reusing its line buffer.
type parser struct {
	lines    []byte // the header block's logical lines, each ending in '\n'
	framing  framing
	repaired bool // a field line was skipped or a value repaired (see readHeader)
}

// readHead reads a status line and header block into resp and works out
// the framing of the body. resp.Body is left alone.
func (p *parser) readHead(br *bufio.Reader, method string, resp *http.Response) error {
	budget := MaxHeaderBytes
	line, err := readLine(br, &budget, true)
	if err != nil {
		return err
	}
	if err := parseStatusLine(line, resp); err != nil {
		return err
	}
	p.repaired = false
	if resp.Header, err = p.readHeader(br, &budget, false); err != nil {
		return err
	}
	return p.frame(method, resp)
}

// readLine returns the next line without its LF and the one CR before it.
// The line is valid until the next read from br. A line cut by the end of
// the input is an error; first says the line would be the first byte of a
// response, where the end of the input is errServerClosed.
func readLine(br *bufio.Reader, budget *int, first bool) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			if len(long) > *budget {
				return nil, errHeaderTooLarge
			}
			line, err = br.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	if *budget -= len(line); *budget < 0 {
		return nil, errHeaderTooLarge
	}
	if err != nil {
		if err == io.EOF {
			if first && len(line) == 0 {
				return nil, errServerClosed
			}
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

var errHeaderTooLarge = &ProtocolError{What: "the response head is larger than 1 MiB"}

// parseStatusLine reads "HTTP/1.1 200 OK". The version must be HTTP/1.x
// and the code three digits from 100 to 999; the reason may be missing.
func parseStatusLine(line []byte, resp *http.Response) error {
	proto, status, ok := bytes.Cut(line, []byte{' '})
	if !ok {
		return protocolError("malformed status line", line)
	}
	switch string(proto) {
	case "HTTP/1.1":
		resp.Proto, resp.ProtoMajor, resp.ProtoMinor = "HTTP/1.1", 1, 1
	case "HTTP/1.0":
		resp.Proto, resp.ProtoMajor, resp.ProtoMinor = "HTTP/1.0", 1, 0
	default:
		if len(proto) != 8 || string(proto[:7]) != "HTTP/1." || proto[7] < '0' || proto[7] > '9' {
			return protocolError("malformed HTTP version", proto)
		}
		resp.Proto, resp.ProtoMajor, resp.ProtoMinor = string(proto), 1, int(proto[7]-'0')
	}
	status = bytes.TrimLeft(status, " ")
	code := status
	if i := bytes.IndexByte(status, ' '); i >= 0 {
		code = status[:i]
	}
	if len(code) != 3 || !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]) || code[0] == '0' {
		return protocolError("malformed status code", code)
	}
	resp.StatusCode = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
	resp.Status = statusString(status, resp.StatusCode)
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// statusString returns status as a string, without allocating for the
// usual "200 OK".
func statusString(status []byte, code int) string {
	if code == 200 && string(status) == "200 OK" {
		return "200 OK"
	}
	return string(status)
}

// readHeader reads a header block (or, for a trailer, a trailer section)
// up to its empty line, folding obs-fold continuations into their line with
// one space, as net/http does. Values are substrings of one string made for
// the whole block.
//
// A field line that cannot be read is skipped, with the lines that continue
// it, where net/http refuses the response: a line without a colon, one
// whose name is empty or has a control character or a byte that is not
// ASCII (see headerName), and a continuation with no field line before it
// (RFC 9112 section 2.2 lets a recipient consume such a line "without
// further processing"). A NUL or a CR in a value is read as a space (RFC
// 9110 section 5.5), except in Content-Length and Transfer-Encoding, where
// it refuses the head: no guess is made about framing, and in Set-Cookie,
// which keeps it: RFC 6265bis section 5.6 has a user agent ignore such a
// cookie, which a space would have made acceptable to the jar (net/http's
// transport refuses the whole response). Other control
// characters are kept, as RFC 9110 allows and requests keeps them. Each of
// these sets p.repaired, and a repaired head closes the connection after
// its response.
func (p *parser) readHeader(br *bufio.Reader, budget *int, trailer bool) (http.Header, error) {
	lines := p.lines[:0]
	n := 0             // logical lines
	skipping := true   // a continuation line now would continue no field line
	kind := otherField // of the field being read
	for {
		line, err := readLine(br, budget, false)
		if err != nil {
			p.lines = lines
			return nil, err
		}
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if skipping {
				p.repaired = true
				continue
			}
			if err := p.repairValue(line, kind); err != nil {
				p.lines = lines
				return nil, err
			}
			// obs-fold: the previous line goes on, after one space.
			lines = append(lines[:len(lines)-1], ' ')
			lines = append(lines, trimOWS(line)...)
			lines = append(lines, '\n')
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			p.repaired, skipping = true, true
			continue
		}
		skipping = false
		kind = fieldKindOf(line[:colon], trailer)
		if err := p.repairValue(line[colon+1:], kind); err != nil {
			p.lines = lines
			return nil, err
		}
		lines = append(lines, trimOWS(line)...)
		lines = append(lines, '\n')
		n++
	}
	p.lines = lines
	if n == 0 {
		return http.Header{}, nil
	}
	return p.parseHeaderLines(lines, n), nil
}

// Kinds of field, for what a NUL or a CR in the value does (see
// repairValue).
const (
	otherField   = iota // repaired: read as a space
	framingField        // Content-Length or Transfer-Encoding of a head: refused
	cookieField         // Set-Cookie: kept, for the cookie jar to ignore the cookie
)

// fieldKindOf returns the kind of the field with this name, in any case.
func fieldKindOf(name []byte, trailer bool) int {
	switch len(name) {
	case len("Content-Length"):
		if !trailer && bytes.EqualFold(name, []byte("Content-Length")) {
			return framingField
		}
	case len("Transfer-Encoding"):
		if !trailer && bytes.EqualFold(name, []byte("Transfer-Encoding")) {
			return framingField
		}
	case len("Set-Cookie"):
		if bytes.EqualFold(name, []byte("Set-Cookie")) {
			return cookieField
		}
	}
	return otherField
}

// repairValue replaces each NUL and CR of a field value (or of a line
// continuing one) with a space, in place, refuses it in a framing field,
// and keeps it in a Set-Cookie field.
// Other control characters are kept, but count as a repair: a head with
// them is not trusted with the connection ("Connection: close\x01" may
// have meant close). The bytes are the reader's, already consumed.
func (p *parser) repairValue(v []byte, kind int) error {
	for i, c := range v {
		switch {
		case c >= ' ' && c != 0x7f || c == '\t':
		case c == 0 || c == '\r':
			switch kind {
			case framingField:
				return protocolError("malformed header line", v)
			case otherField:
				v[i] = ' '
			}
			p.repaired = true
		default:
			p.repaired = true
		}
	}
	return nil
}

// parseHeaderLines turns n logical lines "Name: value\n" into a header,
// skipping those whose name is not one (see readHeader).
func (p *parser) parseHeaderLines(lines []byte, n int) http.Header {
	blob := string(lines)
	h := make(http.Header, n)
	values := make([]string, n)
	for off := 0; off < len(lines); {
		end := off + bytes.IndexByte(lines[off:], '\n')
		kv := lines[off:end]
		colon := bytes.IndexByte(kv, ':')
		name, ok := headerName(kv[:colon], blob[off:off+colon])
		if !ok {
			p.repaired = true
			off = end + 1
			continue
		}
		start := colon + 1
		for start < len(kv) && (kv[start] == ' ' || kv[start] == '\t') {
			start++
		}
		value := blob[off+start : end]
		if vv, seen := h[name]; seen {
			h[name] = append(vv, value)
		} else {
			values[0] = value
			h[name], values = values[:1:1], values[1:]
		}
		off = end + 1
	}
	return h
}

// headerName returns the canonical form of a header name: a common name
// interned, else s when b is canonical already. A name with a space or
// another visible ASCII byte outside the token set in it ("X Y", "X(Y)") is
// kept as it is: net/http keeps such names with a space, requests all of
// them. A name with a control character, DEL or a byte above 0x7f is not
// a name: the line is skipped.
func headerName(b []byte, s string) (string, bool) {
	if len(b) == 0 {
		return "", false
	}
	canonical, asIs := true, false
	upper := true
	for _, c := range b {
		switch {
		case c < ' ' || c >= 0x7f:
			return "", false
		case !validNameByte(c): // a space, or a separator such as '(' or '@'
			asIs = true
		case upper && 'a' <= c && c <= 'z', !upper && 'A' <= c && c <= 'Z':
			canonical = false
		}
		upper = c == '-'
	}
	if asIs {
		return s, true
	}
	if canonical {
		if k, ok := commonHeader[string(b)]; ok {
			return k, true
		}
		return s, true
	}
	var buf [64]byte
	c := buf[:0]
	if len(b) > len(buf) {
		c = make([]byte, 0, len(b))
	}
	upper = true
	for _, ch := range b {
		if upper && 'a' <= ch && ch <= 'z' {
			ch -= 'a' - 'A'
		} else if !upper && 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		c = append(c, ch)
		upper = ch == '-'
	}
	if k, ok := commonHeader[string(c)]; ok {
		return k, true
	}
	return string(c), true
}

// commonHeader interns the names responses usually carry, so that parsing
// them allocates nothing.
var commonHeader = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{
		"Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers",
		"Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
		"Age", "Allow", "Alt-Svc", "Cache-Control", "Connection", "Content-Disposition",
		"Content-Encoding", "Content-Language", "Content-Length", "Content-Location", "Content-Range",
		"Content-Security-Policy", "Content-Type", "Date", "Etag", "Expires", "Keep-Alive",
		"Last-Modified", "Link", "Location", "Pragma", "Proxy-Authenticate", "Proxy-Connection",
		"Referrer-Policy", "Retry-After", "Server", "Set-Cookie", "Strict-Transport-Security",
		"Trailer", "Transfer-Encoding", "Upgrade", "Vary", "Via", "Warning", "Www-Authenticate",
		"X-Content-Type-Options", "X-Frame-Options", "X-Powered-By", "X-Request-Id", "X-Xss-Protection",
	} {
		m[k] = k
	}
	return m
}()

// trimOWS trims spaces and tabs at both ends.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// validNameByte reports whether c is a tchar of RFC 9110.
func validNameByte(c byte) bool {
	return c < 0x80 && isTokenTable[c]
}

var isTokenTable = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()
