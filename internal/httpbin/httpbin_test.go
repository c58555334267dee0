package httpbin_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-requests/requests/internal/httpbin"
	"github.com/go-requests/requests/internal/testserver"
)

var base string

func TestMain(m *testing.M) {
	srv := httptest.NewServer(httpbin.New())
	base = srv.URL
	os.Exit(testserver.Main(m, func() {
		http.DefaultClient.CloseIdleConnections()
		srv.Close()
	}))
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func do(t *testing.T, method, path, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestEndpoints(t *testing.T) {
	t.Cleanup(noRedirect.CloseIdleConnections)
	host := strings.TrimPrefix(base, "http://")
	tests := []struct {
		name                    string
		method, path, ct, body  string
		status                  int
		header, value, contains string
	}{
		{"GET /get echoes the query as arrays", "GET", "/get?a=1&a=2", "", "", 200, "Content-Type", jsonType, `"a": [
      "1",
      "2"
    ]`},
		{"the echo names the full URL", "GET", "/get?x=y", "", "", 200, "", "", `"url": "http://` + host + `/get?x=y"`},
		{"POST /get is refused by method", "POST", "/get", "", "", 405, "Allow", "GET, HEAD", ""},
		{"/post reads a form", "POST", "/post", "application/x-www-form-urlencoded", "a=1&b=%C3%A9", 200, "", "", `"form": {
    "a": [
      "1"
    ],
    "b": [
      "é"
    ]
  }`},
		{"/post parses JSON", "POST", "/post", "application/json", `{"k":[1,2.5]}`, 200, "", "", `"json": {
    "k": [
      1,
      2.5
    ]
  }`},
		{"/post refuses broken JSON", "POST", "/post", "application/json", `{`, 400, "", "", `"detail": "error parsing request body: unexpected EOF"`},
		{"an unknown type comes back as a data URL", "PUT", "/put", "image/png", "\x89PNG", 200, "", "", `"data": "data:image/png;base64,iVBORw=="`},
		{"/anything takes any method", "PROPFIND", "/anything/x", "text/plain", "hi", 200, "", "", `"method": "PROPFIND"`},
		{"/status/418 is a teapot", "GET", "/status/418", "", "", 418, "X-More-Info", "http://tools.ietf.org/html/rfc2324", "I'm a teapot!"},
		{"/status/401 challenges", "GET", "/status/401", "", "", 401, "WWW-Authenticate", `Basic realm="Fake Realm"`, ""},
		{"/status/302 redirects to /redirect/1", "GET", "/status/302", "", "", 302, "Location", "/redirect/1", ""},
		{"/status/abc is a bad request", "GET", "/status/abc", "", "", 400, "", "", `"error": "Bad Request"`},
		{"/redirect/3 is relative", "GET", "/redirect/3", "", "", 302, "Location", "/relative-redirect/2", ""},
		{"the last redirect goes to /get", "GET", "/relative-redirect/1", "", "", 302, "Location", "/get", ""},
		{"/absolute-redirect/2 names the host", "GET", "/absolute-redirect/2?q=1", "", "", 302, "Location", "http://" + host + "/absolute-redirect/1", ""},
		{"/redirect-to takes a status", "GET", "/redirect-to?url=/get&status_code=307", "", "", 307, "Location", "/get", ""},
		{"/redirect-to refuses a relative path", "GET", "/redirect-to?url=get", "", "", 403, "", "", ""},
		{"/json is the slideshow", "GET", "/json", "", "", 200, "Content-Type", jsonType, `"title": "Sample Slide Show"`},
		{"/html is a page", "GET", "/html", "", "", 200, "Content-Type", "text/html; charset=utf-8", "Moby-Dick"},
		{"/encoding/utf8 is UTF-8", "GET", "/encoding/utf8", "", "", 200, "", "", "∮ E⋅da = Q"},
		{"/cookies/set sets and redirects", "GET", "/cookies/set?a=1", "", "", 302, "Set-Cookie", "a=1; Path=/; HttpOnly", ""},
		{"/cookies/delete expires", "GET", "/cookies/delete?a", "", "", 302, "Location", "/cookies", ""},
		{"/basic-auth without credentials is 401", "GET", "/basic-auth/u/p", "", "", 401, "WWW-Authenticate", `Basic realm="Fake Realm"`, `"authenticated": false`},
		{"/hidden-basic-auth hides itself", "GET", "/hidden-basic-auth/u/p", "", "", 404, "", "", ""},
		{"/bearer without a token is 401", "GET", "/bearer", "", "", 401, "WWW-Authenticate", "Bearer", ""},
		{"/bytes/5 has a length", "GET", "/bytes/5", "", "", 200, "Content-Length", "5", ""},
		{"/range/30 serves the alphabet", "GET", "/range/30", "", "", 200, "ETag", "range30", "abcdefghijklmnopqrstuvwxyzabcd"},
		{"/base64 decodes", "GET", "/base64/Y2Fmw6k=", "", "", 200, "Content-Type", textType, "café"},
		{"/response-headers sets headers", "GET", "/response-headers?X-A=1", "", "", 200, "X-A", "1", `"X-A": [`},
		{"every answer allows any origin", "GET", "/uuid", "", "", 200, "Access-Control-Allow-Origin", "*", `"uuid": "`},
		{"a preflight is answered", "OPTIONS", "/post", "", "", 200, "Access-Control-Max-Age", "3600", ""},
		{"/brotli is not served, as in go-httpbin", "GET", "/brotli", "", "", 501, "", "", ""},
		{"/drip sends asterisks", "GET", "/drip?numbytes=3&duration=0&delay=0", "", "", 200, "Content-Length", "3", "***"},
		{"/delay/0 echoes", "GET", "/delay/0", "", "", 200, "", "", `"method": "GET"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, tt.method, tt.path, tt.ct, tt.body)
			if resp.StatusCode != tt.status {
				t.Errorf("%s %s = %d; want %d\n%s", tt.method, tt.path, resp.StatusCode, tt.status, body)
			}
			if tt.header != "" && resp.Header.Get(tt.header) != tt.value {
				t.Errorf("%s %s: %s = %q; want %q", tt.method, tt.path, tt.header, resp.Header.Get(tt.header), tt.value)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("%s %s: body %q lacks %q", tt.method, tt.path, body, tt.contains)
			}
		})
	}
}

const (
	jsonType = "application/json; charset=utf-8"
	textType = "text/plain; charset=utf-8"
)

func TestMultipartFilesAndFields(t *testing.T) {
	t.Cleanup(noRedirect.CloseIdleConnections)
	body := "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\n\r\ncontent\r\n--B--\r\n"
	_, got := do(t, "POST", "/post", "multipart/form-data; boundary=B", body)
	var v struct{ Form, Files map[string][]string }
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatal(err)
	}
	if v.Form["f"][0] != "v" || v.Files["up"][0] != "content" {
		t.Errorf("multipart = %+v; want form f=v, file up=content", v)
	}
}

func TestDigestAuth(t *testing.T) {
	t.Cleanup(noRedirect.CloseIdleConnections)
	resp, _ := do(t, "GET", "/digest-auth/auth/user/pass", "", "")
	if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), `Digest qop=auth, realm="go-httpbin", algorithm=MD5, nonce=`) {
		t.Fatalf("challenge = %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	// RFC 2617's worked example, moved to this user, password and path.
	const uri = "/digest-auth/auth/user/pass"
	ha1 := md5hex("user:go-httpbin:pass")
	ha2 := md5hex("GET:" + uri)
	response := md5hex(ha1 + ":abc:00000001:xyz:auth:" + ha2)
	req, _ := http.NewRequest("GET", base+uri, nil)
	req.Header.Set("Authorization", `Digest username="user", realm="go-httpbin", nonce="abc", uri="`+uri+`", qop=auth, nc=00000001, cnonce="xyz", response="`+response+`"`)
	got, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got.Body.Close()
	if got.StatusCode != 200 {
		t.Errorf("a right digest = %d; want 200", got.StatusCode)
	}
}

func TestWaitsEndWithTheClient(t *testing.T) {
	srv := httptest.NewServer(httpbin.New())
	client := srv.Client()
	for _, path := range []string{"/delay/10", "/drip?duration=5&numbytes=5", "/drip?delay=0&duration=5&numbytes=5", "/range/100?duration=5"} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		cancel()
	}
	// Close waits for the handlers: they must have noticed the client left.
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("closing the server took %v: a handler kept waiting after its client left", d)
	}
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
