package requests_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
)

// echo is what httpbin's /anything reports of a request.
type echo struct {
	Method  string
	URL     string
	Args    map[string][]string
	Headers map[string][]string
	Form    map[string][]string
	Data    string
	JSON    any
}

func decodeEcho(t *testing.T, resp *requests.Response) echo {
	t.Helper()
	var e echo
	if err := resp.JSON(&e); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return e
}

func TestVerbsSendTheirMethod(t *testing.T) {
	ctx := context.Background()
	verbs := map[string]func(context.Context, string, ...requests.Option) (*requests.Response, error){
		"GET": requests.Get, "POST": requests.Post, "PUT": requests.Put, "PATCH": requests.Patch,
		"DELETE": requests.Delete, "OPTIONS": requests.Options,
	}
	for method, verb := range verbs {
		resp, err := verb(ctx, httpbinURL+"/anything")
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if method == "OPTIONS" { // httpbin answers OPTIONS itself (CORS)
			if resp.StatusCode != 200 || resp.Request.Method != "OPTIONS" {
				t.Errorf("Options: %v %s", resp, resp.Request.Method)
			}
			continue
		}
		if e := decodeEcho(t, resp); e.Method != method {
			t.Errorf("%s sent %s", method, e.Method)
		}
	}
	resp, err := requests.Do(ctx, "propfind", httpbinURL+"/anything")
	if err != nil || resp.Request.Method != "PROPFIND" {
		t.Fatalf("Do(propfind) = %v, %v; want the method upper-cased", resp, err)
	}
	resp, err = requests.Head(ctx, httpbinURL+"/get")
	if err != nil || resp.StatusCode != 200 || len(resp.Content()) != 0 {
		t.Fatalf("Head = %v, %v, %d bytes", resp, err, len(resp.Content()))
	}
}

func TestDefaultHeaders(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/anything")
	if err != nil {
		t.Fatal(err)
	}
	h := decodeEcho(t, resp).Headers
	want := map[string]string{
		"User-Agent":      "go-requests/" + requests.Version,
		"Accept":          "*/*",
		"Accept-Encoding": "gzip, deflate, br, zstd",
		"Connection":      "keep-alive",
	}
	for k, v := range want {
		if got := strings.Join(h[k], ","); got != v {
			t.Errorf("sent %s: %q; want %q", k, got, v)
		}
		if got := resp.Request.Header.Get(k); got != v {
			t.Errorf("Request.Header %s = %q; want %q", k, got, v)
		}
	}
	resp, _ = requests.Get(context.Background(), httpbinURL+"/anything", requests.Headers{"user-agent": "Go script"})
	if got := decodeEcho(t, resp).Headers["User-Agent"]; len(got) != 1 || got[0] != "Go script" {
		t.Errorf("User-Agent override sent %q", got)
	}
}

func TestBodies(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name          string
		opt           requests.Option
		contentType   string
		contentLength string
		chunked       bool
		body          string
	}{
		{"a form is url-encoded, keys sorted", requests.Form{"name": "Peter", "a b": "c&d"}, "application/x-www-form-urlencoded", "20", false, "a+b=c%26d&name=Peter"},
		{"JSON is compact and names its type", requests.JSON(map[string]any{"a": 1, "b": "<é>"}), "application/json", "18", false, `{"a":1,"b":"<é>"}`},
		{"bytes have a length and no type", requests.Data([]byte("raw")), "", "3", false, "raw"},
		{"a string has a length", requests.Data("raw string"), "", "10", false, "raw string"},
		{"a strings.Reader has a length", requests.Data(strings.NewReader("reader")), "", "6", false, "reader"},
		{"a reader of unknown length is chunked", requests.Data(io.MultiReader(strings.NewReader("chu"), strings.NewReader("nked"))), "", "", true, "chunked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			var body []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r
				body, _ = io.ReadAll(r.Body)
			}))
			defer srv.Close()
			resp, err := requests.Post(ctx, srv.URL, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if ct := got.Header.Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type %q; want %q", ct, tt.contentType)
			}
			if cl := got.Header.Get("Content-Length"); cl != tt.contentLength {
				t.Errorf("Content-Length %q; want %q", cl, tt.contentLength)
			}
			if chunked := len(got.TransferEncoding) > 0; chunked != tt.chunked {
				t.Errorf("chunked = %v; want %v", chunked, tt.chunked)
			}
			if string(body) != tt.body {
				t.Errorf("body %q; want %q", body, tt.body)
			}
			if tt.contentLength != "" && resp.Request.Header.Get("Content-Length") != tt.contentLength {
				t.Errorf("Request.Header Content-Length = %q", resp.Request.Header.Get("Content-Length"))
			}
		})
	}
}

func TestContentLengthWithoutBody(t *testing.T) {
	// requests sends Content-Length: 0 for every method but GET and HEAD.
	seen := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen[r.Method] = strings.Join(r.Header.Values("Content-Length"), ",")
	}))
	defer srv.Close()
	want := map[string]string{"GET": "", "HEAD": "", "POST": "0", "PUT": "0", "PATCH": "0", "DELETE": "0", "OPTIONS": "0"}
	for method := range want {
		if _, err := requests.Do(context.Background(), method, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	for method, cl := range want {
		if seen[method] != cl {
			t.Errorf("%s without a body sent Content-Length %q; want %q", method, seen[method], cl)
		}
	}
}

func TestJSONRefusesNaN(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for _, v := range []any{map[string]any{"x": nanValue()}, []float64{infValue(1)}, infValue(-1)} {
		_, err := requests.Post(context.Background(), srv.URL, requests.JSON(v))
		if !errors.Is(err, requests.ErrInvalidJSON) || !errors.Is(err, requests.ErrRequest) {
			t.Errorf("JSON(%v): %v; want ErrInvalidJSON", v, err)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the server", hits.Load())
	}
}

func TestInvalidHeadersAreNeverSent(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	bad := []requests.Headers{
		{"X-A": "v\r\nInjected: yes"},
		{"X-A": "v\nx"},
		{"X-A\r\nInjected": "v"},
		{"X-A": " leading space"},
		{" X-A": "v"},
		{"X:A": "v"},
		{"": "v"},
		{"X-A": "nul\x00"},
	}
	for _, h := range bad {
		_, err := requests.Get(context.Background(), srv.URL, h)
		if !errors.Is(err, requests.ErrInvalidHeader) {
			t.Errorf("Get with %q: %v; want ErrInvalidHeader", h, err)
		}
	}
	s := requests.NewSession(requests.Headers{"X-Bad": "a\rb"})
	defer s.Close()
	if _, err := s.Get(context.Background(), srv.URL); !errors.Is(err, requests.ErrInvalidHeader) {
		t.Errorf("Session with a bad header: %v; want ErrInvalidHeader", err)
	}
	if _, err := requests.Get(context.Background(), srv.URL, requests.BearerAuth("t\r\nX: y")); !errors.Is(err, requests.ErrInvalidHeader) {
		t.Errorf("BearerAuth with CRLF: %v; want ErrInvalidHeader", err)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("%d connections were made for invalid headers", n)
	}
}

func TestURLsAreRefusedBeforeSending(t *testing.T) {
	tests := []struct {
		url  string
		kind error
	}{
		{"", requests.ErrURLRequired},
		{"", requests.ErrMissingSchema},
		{"example.com/path", requests.ErrMissingSchema},
		{"ftp://127.0.0.1/file", requests.ErrInvalidSchema},
		{"localhost:8080", requests.ErrInvalidSchema},
		{"http://", requests.ErrInvalidURL},
		{"http://*.example.com/", requests.ErrInvalidURL},
		{"http://.example.com/", requests.ErrInvalidURL},
		{"http://a b.com/", requests.ErrInvalidURL},
		{"http://127.0.0.1:99999/", requests.ErrInvalidURL},
		{"http://127.0.0.1:port/", requests.ErrInvalidURL},
	}
	for _, tt := range tests {
		_, err := requests.Get(context.Background(), tt.url)
		if !errors.Is(err, tt.kind) || !errors.Is(err, requests.ErrRequest) {
			t.Errorf("Get(%q) = %v; want %v", tt.url, err, tt.kind)
		}
	}
	_, err := requests.Get(context.Background(), "http://user:secret@*.example.com/")
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q shows the password", err)
	}
}

func TestURLPreparation(t *testing.T) {
	var target string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { target = r.RequestURI }))
	defer srv.Close()
	ctx := context.Background()
	tests := []struct {
		name, url string
		params    requests.Params
		target    string
	}{
		{"leading white space is dropped", "  \t" + srv.URL + "/a", nil, "/a"},
		{"a space becomes %20", srv.URL + "/a b?c d", nil, "/a%20b?c%20d"},
		{"escapes are never doubled", srv.URL + "/a%20b%2Fc", nil, "/a%20b%2Fc"},
		{"escapes of unreserved characters are undone", srv.URL + "/%7Euser", nil, "/~user"},
		{"params go before the fragment, which is not sent", srv.URL + "/p?a=1#frag", requests.Params{"b": "2"}, "/p?a=1&b=2"},
		{"params encode like urlencode", srv.URL + "/", requests.Params{"q": "a b/c", "n": 23, "f": 1.5, "t": true, "l": []string{"x", "y"}, "nil": nil}, "/?f=1.5&l=x&l=y&n=23&q=a+b%2Fc&t=true"},
		{"non-ASCII is sent as UTF-8", srv.URL + "/é", requests.Params{"ü": "ö"}, "/%C3%A9?%C3%BC=%C3%B6"},
		{"dot segments are removed", srv.URL + "/a/../b/./c", nil, "/b/c"},
	}
	for _, tt := range tests {
		resp, err := requests.Get(ctx, tt.url, tt.params)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if target != tt.target {
			t.Errorf("%s: Get(%q) sent %q; want %q", tt.name, tt.url, target, tt.target)
		}
		_ = resp
	}
	resp, _ := requests.Get(ctx, srv.URL+"/p#frag")
	if resp.URL.Fragment != "frag" {
		t.Errorf("Response.URL = %s; want the fragment kept, as requests keeps it", resp.URL)
	}
	_, err := requests.Get(ctx, srv.URL, requests.Params{"x": struct{}{}})
	if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("an unsupported Params value: %v", err)
	}
}

func TestIDNAHost(t *testing.T) {
	var host string
	s := requests.NewSession()
	defer s.Close()
	s.Mount("http://", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		host = r.URL.Host
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	}))
	if _, err := s.Get(context.Background(), "http://Bücher.example/"); err != nil {
		t.Fatal(err)
	}
	if host != "xn--bcher-kva.example" {
		t.Errorf("host %q; want xn--bcher-kva.example", host)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestKeepAliveConnectionsAreReused(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	for range 20 {
		if _, err := requests.Get(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("20 package-level Gets opened %d connections; want 1", n)
	}
}

func TestJSONResponse(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/json")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := resp.JSON(&v); err != nil || v["slideshow"] == nil {
		t.Errorf("JSON = %v, %v", v, err)
	}
	resp, _ = requests.Get(context.Background(), httpbinURL+"/html")
	err = resp.JSON(&v)
	var syntax *json.SyntaxError
	if !errors.Is(err, requests.ErrJSONDecode) || !errors.Is(err, requests.ErrInvalidJSON) || !errors.As(err, &syntax) {
		t.Errorf("JSON of HTML = %v; want ErrJSONDecode wrapping the *json.SyntaxError", err)
	}
}

func TestHostHeader(t *testing.T) {
	var host string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { host = r.Host }))
	defer srv.Close()
	if _, err := requests.Get(context.Background(), srv.URL, requests.Headers{"Host": "virtual.example"}); err != nil {
		t.Fatal(err)
	}
	if host != "virtual.example" {
		t.Errorf("Host sent %q; want the caller's", host)
	}
}

func TestMountedTransportWithoutBody(t *testing.T) {
	s := requests.NewSession()
	defer s.Close()
	s.Mount("http://nobody/", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}}, nil
	}))
	resp, err := s.Get(context.Background(), "http://nobody/x")
	if err != nil || len(resp.Content()) != 0 {
		t.Fatalf("%v, %v", resp, err)
	}
}
