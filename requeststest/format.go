package requeststest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An exchange is one request and its response, as Record writes it to a
// file and Replay reads it back. The file is plain text, made to be read
// in a diff:
//
//	### request
//	POST https://api.example.com/users?notify=1
//	Authorization: REDACTED
//	Content-Type: application/json
//
//	{"name":"gopher"}
//	### response
//	HTTP/1.1 201 Created
//	Content-Type: application/json
//
//	{"id":7}
//
// Each part is a first line, the headers sorted by name, and, when there
// is a body, an empty line and the body followed by a newline. A body that
// is not text (not UTF-8, control characters other than tab, CR and LF, or
// a line starting with "### ") is written as the line "### base64" and the
// body in base64, in lines of 76 characters.
type exchange struct {
	method, url string // url has any password redacted
	reqHeader   http.Header
	reqBody     []byte // nil when the request had no body
	proto       string // "HTTP/1.1"
	status      int
	reason      string // "Created"
	header      http.Header
	body        []byte
}

const (
	requestMark  = "### request\n"
	responseMark = "### response\n"
	base64Mark   = "### base64\n"
)

// encode returns the exchange as a file.
func (x *exchange) encode() []byte {
	var b bytes.Buffer
	b.WriteString(requestMark)
	fmt.Fprintf(&b, "%s %s\n", x.method, x.url)
	writePart(&b, x.reqHeader, x.reqBody)
	b.WriteString(responseMark)
	fmt.Fprintf(&b, "%s %d %s\n", x.proto, x.status, x.reason)
	writePart(&b, x.header, x.body)
	return b.Bytes()
}

// writePart writes the headers and the body of a request or a response.
func writePart(b *bytes.Buffer, h http.Header, body []byte) {
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			b.WriteString(name)
			b.WriteString(": ")
			b.WriteString(strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
			b.WriteByte('\n')
		}
	}
	if len(body) == 0 {
		return
	}
	b.WriteByte('\n')
	if isText(body) {
		b.Write(body)
		b.WriteByte('\n')
		return
	}
	b.WriteString(base64Mark)
	enc := base64.StdEncoding.EncodeToString(body)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteByte('\n')
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteByte('\n')
}

// isText reports whether body can be written as it is and read back the
// same.
func isText(body []byte) bool {
	if !utf8.Valid(body) || bytes.HasPrefix(body, []byte("### ")) || bytes.Contains(body, []byte("\n### ")) {
		return false
	}
	for _, c := range body {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// parseExchange reads a file that encode wrote, or that a person wrote or
// edited by the same rules; a missing newline at its very end is
// forgiven.
func parseExchange(data []byte) (*exchange, error) {
	rest, ok := bytes.CutPrefix(data, []byte(requestMark))
	if !ok {
		return nil, errors.New(`the file does not start with "### request"`)
	}
	i := bytes.Index(rest, []byte("\n"+responseMark))
	if i < 0 {
		return nil, errors.New(`no "### response" line`)
	}
	reqPart, respPart := rest[:i+1], rest[i+1+len(responseMark):]
	if !bytes.HasSuffix(respPart, []byte("\n")) {
		respPart = append(respPart, '\n')
	}

	x := new(exchange)
	first, hasBody, err := parsePart(reqPart, &x.reqHeader, &x.reqBody)
	if err != nil {
		return nil, fmt.Errorf("request: %w", err)
	}
	if !hasBody {
		x.reqBody = nil
	}
	x.method, x.url, _ = strings.Cut(first, " ")
	if x.method == "" || x.url == "" {
		return nil, fmt.Errorf("request line %q: want a method and a URL", first)
	}

	first, _, err = parsePart(respPart, &x.header, &x.body)
	if err != nil {
		return nil, fmt.Errorf("response: %w", err)
	}
	proto, status, _ := strings.Cut(first, " ")
	code, reason, _ := strings.Cut(status, " ")
	x.proto, x.reason = proto, reason
	x.status, err = strconv.Atoi(code)
	if _, _, okProto := http.ParseHTTPVersion(proto); err != nil || !okProto || x.status < 100 || x.status > 999 {
		return nil, fmt.Errorf("status line %q: want a version and a status code, as in %q", first, "HTTP/1.1 200 OK")
	}
	return x, nil
}

// parsePart reads what writePart wrote, after a first line; part ends in a
// newline.
func parsePart(part []byte, header *http.Header, body *[]byte) (first string, hasBody bool, err error) {
	line, part, _ := bytes.Cut(part, []byte("\n"))
	first = strings.TrimSuffix(string(line), "\r")
	*header = make(http.Header)
	for len(part) > 0 {
		line, rest, _ := bytes.Cut(part, []byte("\n"))
		l := strings.TrimSuffix(string(line), "\r")
		if l == "" {
			part = rest
			hasBody = true
			break
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			return "", false, fmt.Errorf("header line %q: want Name: value", l)
		}
		(*header)[name] = append((*header)[name], strings.TrimPrefix(value, " "))
		part = rest
	}
	if !hasBody {
		return first, false, nil
	}
	if enc, ok := bytes.CutPrefix(part, []byte(base64Mark)); ok {
		enc = bytes.Join(bytes.Fields(enc), nil)
		b := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
		n, err := base64.StdEncoding.Decode(b, enc)
		if err != nil {
			return "", false, fmt.Errorf("base64 body: %w", err)
		}
		*body = b[:n]
		return first, true, nil
	}
	*body = bytes.TrimSuffix(part, []byte("\n"))
	return first, true, nil
}
