package wire

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzWriteRequest checks the request writer against net/http's request
// parser: a request the engine agrees to send is read back by
// http.ReadRequest as the same method, target, Host, fields and body; one
// it refuses is an *InvalidError.
func FuzzWriteRequest(f *testing.F) {
	f.Add("GET", "/a?b=c", "example.com", "X-Name", "value", []byte(nil), false)
	f.Add("POST", "/p%20q", "h:8080", "Content-Type", "application/json", []byte(`{"a":1}`), false)
	f.Add("PUT", "/", "h", "X", "a\r\nInjected: 1", []byte("x"), true)
	f.Add("GET\n", "/", "h", "X", "v", []byte(nil), false)
	f.Add("GET", "/ HTTP/1.1\r\nX: y", "h", "X", "v", []byte(nil), false)
	f.Add("GET", "/", "h\r\nX: 1", "X", "v", []byte(nil), false)
	f.Add("PATCH", "/", "h", "X\x00", "v", []byte("abc"), true)
	f.Fuzz(func(t *testing.T, method, target, host, name, value string, body []byte, chunked bool) {
		u := &url.URL{Scheme: "http", Host: "example.com", Opaque: target}
		req := &Request{Method: method, URL: u, Host: host, Header: http.Header{name: {value}}}
		if body != nil {
			req.Body, req.ContentLength = bytes.NewReader(body), int64(len(body))
			if chunked {
				req.ContentLength = -1
			}
		}
		target = req.target(false)
		if err := req.validate(target, false); err != nil {
			var ie *InvalidError
			if !errors.As(err, &ie) {
				t.Fatalf("validate = %v; want an *InvalidError", err)
			}
			return
		}
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		req.writeHead(bw, target, "")
		if req.Body != nil {
			if err := req.writeBody(bw); err != nil {
				t.Fatal(err)
			}
		}
		bw.Flush()
		got, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(buf.Bytes())))
		if err != nil {
			// net/http's server is stricter than RFC 9110 in places a
			// client need not follow; what it refuses must still be one
			// request, not two.
			if bytes.Count(buf.Bytes(), []byte("\r\n\r\n")) > 1 && body == nil {
				t.Fatalf("%q: not one request: %v", buf.Bytes(), err)
			}
			return
		}
		gotBody, _ := io.ReadAll(got.Body)
		if got.Method != method || got.RequestURI != target || got.Host != req.host() || !bytes.Equal(gotBody, body) {
			t.Fatalf("%q read back as %s %s Host %q body %q", buf.Bytes(), got.Method, got.RequestURI, got.Host, gotBody)
		}
		if !skipHeader(http.CanonicalHeaderKey(name)) && http.CanonicalHeaderKey(name) != "Host" {
			if v := got.Header.Values(name); len(v) != 1 || v[0] != strings.Trim(value, " \t") {
				t.Fatalf("%q: field %q read back as %q; want %q", buf.Bytes(), name, v, value)
			}
		}
	})
}
