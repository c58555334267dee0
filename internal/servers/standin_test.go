package servers

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The stand-ins are checked twice: each answer against what the real
// server is known to answer (its status line and a part that matters), and,
// where the real server is installed, byte for byte against the real
// server's answer to the same request, dates, ports and versions aside.

// exchange is one request, written as raw bytes, and what the server is
// expected to answer: its status line (or its start, for HTTP/0.9 and
// servers that close without answering) and a part of the response.
type exchange struct {
	name     string
	request  string // {{addr}} is replaced by the server's host:port
	status   string
	contains string
}

// roundTrip sends raw to addr, closes the sending side, and returns all
// the server sent before it closed the connection.
func roundTrip(t *testing.T, addr, raw string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, strings.ReplaceAll(raw, "{{addr}}", addr)); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("%q: the server did not close the connection; it sent %q", raw, buf.String())
	}
	return buf.String()
}

var (
	httpDates  = regexp.MustCompile(`[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT`)
	serverLine = regexp.MustCompile(`(?m)^Server: .*\r$`)
	etagTime   = regexp.MustCompile(`"[0-9a-f]+-([0-9a-f]+)"`)
	boundary   = regexp.MustCompile(`\b\d{20}\b`)
	sessionID  = regexp.MustCompile(`sessionid=\d+`)
	allowLine  = regexp.MustCompile(`(?m)^Allow: (.*)\r$`)
)

// normalize hides what differs between two servers that answer alike:
// dates, the Server header, the port, the time in nginx's ETag, nginx's
// multipart boundaries, the session id (the time) a cookie server sets and
// the order of the methods in Werkzeug's Allow (a Python set's).
func normalize(resp string, port int) string {
	resp = allowLine.ReplaceAllStringFunc(resp, func(line string) string {
		methods := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "Allow: "), "\r"), ", ")
		slices.Sort(methods)
		return "Allow: " + strings.Join(methods, ", ") + "\r"
	})
	resp = httpDates.ReplaceAllString(resp, "<date>")
	resp = serverLine.ReplaceAllString(resp, "Server: <server>\r")
	resp = etagTime.ReplaceAllString(resp, `"<mtime>-$1"`)
	resp = boundary.ReplaceAllString(resp, "<boundary>")
	resp = sessionID.ReplaceAllString(resp, "sessionid=<time>")
	return strings.ReplaceAll(resp, ":"+strconv.Itoa(port), ":<port>")
}

// compare runs the exchanges against the stand-in and, when it is not nil,
// the real server.
func compare(t *testing.T, standIn *StandIn, real *Process, exchanges []exchange) {
	t.Helper()
	for _, x := range exchanges {
		got := roundTrip(t, "127.0.0.1:"+strconv.Itoa(standIn.Port), x.request)
		if !strings.HasPrefix(got, x.status) || !strings.Contains(got, x.contains) {
			t.Errorf("%s: the stand-in answered\n%s\nwant %q ... %q", x.name, got, x.status, x.contains)
		}
		if real == nil {
			continue
		}
		want := roundTrip(t, "127.0.0.1:"+strconv.Itoa(real.Port), x.request)
		if g, w := normalize(got, standIn.Port), normalize(want, real.Port); g != w {
			t.Errorf("%s: the stand-in answered\n%q\nthe real server\n%q", x.name, g, w)
		}
	}
}

// startReal starts a real server, or returns nil when it is not installed
// (a failure with REQUESTS_INTEGRATION=required).
func startReal(t *testing.T, p *Process, err error) *Process {
	t.Helper()
	if err != nil {
		if IsMissing(err) && os.Getenv("REQUESTS_INTEGRATION") != "required" {
			t.Logf("not compared with the real server: %v", err)
			return nil
		}
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

func startFake(t *testing.T, s *StandIn, err error) *StandIn {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// tutorialNginx returns the tutorial's nginx setup as the tour starts it,
// with server_tokens off so that nginx's pages do not carry its version.
func tutorialNginx(t *testing.T) (string, Files) {
	files, err := ReadFiles(filepath.Join("..", "..", "integration", "testdata", "nginx"))
	if err != nil {
		t.Fatal(err)
	}
	conf := "server_tokens off;\n" + files["tutorial.conf"]
	delete(files, "tutorial.conf")
	sum := sha1.Sum([]byte("7user"))
	files[".htpasswd"] = "# users\nuser7:{SHA}" + base64.StdEncoding.EncodeToString(sum[:]) + "\n"
	return conf, files
}

func TestNginxStandIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conf, files := tutorialNginx(t)
	s, err := NginxStandIn(ctx, conf, files)
	standIn := startFake(t, s, err)
	p, err := Nginx(ctx, conf, files)
	real := startReal(t, p, err)

	get := func(target, headers string) string {
		if !strings.Contains(headers, "Host:") {
			headers = "Host: {{addr}}\r\n" + headers
		}
		return "GET " + target + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n"
	}
	user7 := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("user7:7user")) + "\r\n"
	compare(t, standIn, real, []exchange{
		{"the tutorial's redirect", get("/oldpage.html", ""), "HTTP/1.1 301 Moved Permanently\r\n", "\r\nLocation: http://127.0.0.1:"},
		{"a redirect keeps the Host's name, not its port nor the query", get("/oldpage.html?x=1", "Host: Example.COM:99\r\n"),
			"HTTP/1.1 301 ", "Location: http://example.com:"},
		{"a redirect whatever the method", "DELETE /oldpage.html HTTP/1.1\r\nHost: {{addr}}\r\nConnection: close\r\n\r\n", "HTTP/1.1 301 ", ""},
		{"the new page", get("/newpage.html", ""), "HTTP/1.1 200 OK\r\n", "This is a new page"},
		{"HEAD", "HEAD /newpage.html HTTP/1.1\r\nHost: {{addr}}\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\n", "Accept-Ranges: bytes\r\n\r\n"},
		{"a path with dot segments and escapes", get("/x/./../%6eewpage.html", ""), "HTTP/1.1 200 OK\r\n", "new page"},
		{"a path above the root", get("/../newpage.html", ""), "HTTP/1.1 400 Bad Request\r\n", "<center><h1>400 Bad Request</h1></center>"},
		{"HTTP/1.1 without Host", "GET /newpage.html HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ", "Connection: close"},
		{"not HTTP", "GARBAGE\r\n\r\n", "HTTP/1.1 400 ", ""},
		{"POST to a file", "POST /newpage.html HTTP/1.1\r\nHost: {{addr}}\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=b",
			"HTTP/1.1 405 Not Allowed\r\n", ""},
		{"POST to nothing", "POST /nope HTTP/1.1\r\nHost: {{addr}}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "HTTP/1.1 404 Not Found\r\n", ""},
		{"PUT", "PUT /nope HTTP/1.1\r\nHost: {{addr}}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "HTTP/1.1 405 ", ""},
		{"a directory without an index", get("/", ""), "HTTP/1.1 403 Forbidden\r\n", ""},
		{"a missing page", get("/nope.html", ""), "HTTP/1.1 404 Not Found\r\n", ""},
		{"the secure page without credentials", get("/secure/", ""), "HTTP/1.1 401 Unauthorized\r\n",
			"WWW-Authenticate: Basic realm=\"Restricted Area\"\r\n"},
		{"the secure page", get("/secure/", user7), "HTTP/1.1 200 OK\r\n", "This is a secure page."},
		{"the secure page by its file", get("/secure/index.html", user7), "HTTP/1.1 200 OK\r\n", "secure page"},
		{"the secure directory without a slash", get("/secure?a=1", user7), "HTTP/1.1 301 ", "/secure/?a=1\r\n"},
		{"a wrong password", get("/secure/", "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("user7:nope"))+"\r\n"), "HTTP/1.1 401 ", ""},
		{"an unknown user", get("/secure/", "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("user8:7user"))+"\r\n"), "HTTP/1.1 401 ", ""},
		{"another scheme", get("/secure/", "Authorization: Bearer xyz\r\n"), "HTTP/1.1 401 ", ""},
		{"credentials before the method", "DELETE /secure/ HTTP/1.1\r\nHost: {{addr}}\r\nConnection: close\r\n\r\n", "HTTP/1.1 401 ", ""},
		{"a byte range", get("/newpage.html", "Range: bytes=0-5\r\n"), "HTTP/1.1 206 Partial Content\r\n", "Content-Range: bytes 0-5/113\r\n\r\n<!DOCT"},
		{"a suffix range", get("/newpage.html", "Range: bytes=-5\r\n"), "HTTP/1.1 206 ", "bytes 108-112/113"},
		{"two ranges", get("/newpage.html", "Range: bytes=0-1, 5-6\r\n"), "HTTP/1.1 206 ", "multipart/byteranges"},
		{"ranges larger than the file", get("/newpage.html", "Range: bytes=0-60,0-60\r\n"), "HTTP/1.1 200 ", ""},
		{"a range past the end", get("/newpage.html", "Range: bytes=500-\r\n"), "HTTP/1.1 416 Requested Range Not Satisfiable\r\n", "Content-Range: bytes */113"},
		{"a range that does not parse", get("/newpage.html", "Range: bytes=abc\r\n"), "HTTP/1.1 416 ", ""},
		{"another unit", get("/newpage.html", "Range: items=0-1\r\n"), "HTTP/1.1 200 ", ""},
		{"If-Range that does not match", get("/newpage.html", "Range: bytes=0-1\r\nIf-Range: \"x\"\r\n"), "HTTP/1.1 200 ", ""},
		{"If-None-Match *", get("/newpage.html", "If-None-Match: *\r\n"), "HTTP/1.1 304 Not Modified\r\n", ""},
		{"If-None-Match another", get("/newpage.html", "If-None-Match: \"x\"\r\n"), "HTTP/1.1 200 ", ""},
		{"If-Match another", get("/newpage.html", "If-Match: \"x\"\r\n"), "HTTP/1.1 412 Precondition Failed\r\n", ""},
		{"If-Modified-Since long ago", get("/newpage.html", "If-Modified-Since: Thu, 01 Jan 2004 00:00:00 GMT\r\n"), "HTTP/1.1 200 ", ""},
		{"If-Unmodified-Since long ago", get("/newpage.html", "If-Unmodified-Since: Thu, 01 Jan 2004 00:00:00 GMT\r\n"), "HTTP/1.1 412 ", ""},
		{"HTTP/1.0", "GET /oldpage.html HTTP/1.0\r\n\r\n", "HTTP/1.1 301 ", "Location: http://127.0.0.1:"},
		{"HTTP/1.0 keep-alive, then close", "GET /newpage.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" +
			"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 ", "Connection: keep-alive\r\n"},
		{"two requests, the first with a body", "POST /newpage.html HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + get("/oldpage.html", ""),
			"HTTP/1.1 405 ", "HTTP/1.1 301 "},
	})
}

func TestNginxStandInRefusesWhatItDoesNotImitate(t *testing.T) {
	t.Parallel()
	for name, conf := range map[string]string{
		"a regular expression location": "server { listen 127.0.0.1:{{.Port}}; location ~ \\.php$ { return 403; } }",
		"proxy_pass":                    "server { listen 127.0.0.1:{{.Port}}; location / { proxy_pass http://127.0.0.1:1; } }",
		"a crypt(3) password":           "server { listen 127.0.0.1:{{.Port}}; auth_basic x; auth_basic_user_file {{.Dir}}/apr1; }",
	} {
		s, err := NginxStandIn(context.Background(), conf, Files{"apr1": "u:$apr1$abc$def\n"})
		if err == nil {
			s.Stop()
			t.Errorf("%s: started", name)
		}
	}
}

// python returns the path of one of the tutorial's Python servers.
func python(name string) string { return filepath.Join("..", "..", "examples", name) }

// pythonPair starts a Python server's stand-in and, if python3 (and the
// modules) are installed, the server itself.
func pythonPair(t *testing.T, name string, modules ...string) (*StandIn, *Process) {
	ctx := context.Background()
	s, err := PythonStandIn(ctx, python(name))
	standIn := startFake(t, s, err)
	p, err := Python(ctx, python(name), modules...)
	return standIn, startReal(t, p, err)
}

func TestUserAgentStandIn(t *testing.T) {
	t.Parallel()
	standIn, real := pythonPair(t, "user_agent/testdata/http_server.py")
	compare(t, standIn, real, []exchange{
		{"the agent, in a body ended by closing", "GET /agent HTTP/1.1\r\nHost: {{addr}}\r\nUser-Agent: Go script\r\n\r\n",
			"HTTP/1.0 200 OK\r\n", "\r\nContent-type: text/html\r\n\r\nGo script"},
		{"an agent in UTF-8, read as Latin-1", "GET /agent HTTP/1.1\r\nUser-Agent: caf\xc3\xa9\r\n\r\n", "HTTP/1.0 200 OK\r\n", "caf\xc3\x83\xc2\xa9"},
		{"elsewhere", "GET /elsewhere HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK\r\n", "\r\n\r\nHello there"},
		{"a double slash", "GET //agent HTTP/1.1\r\nUser-Agent: x\r\n\r\n", "HTTP/1.0 200 ", "\r\n\r\nx"},
		{"no agent: the handler raised", "GET /agent HTTP/1.1\r\n\r\n", "HTTP/1.0 200 OK\r\n", "text/html\r\n\r\n"},
		{"POST", "POST /agent HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.0 501 Unsupported method ('POST')\r\n", "<p>Message: Unsupported method ('POST').</p>"},
		{"HEAD", "HEAD /agent HTTP/1.1\r\n\r\n", "HTTP/1.0 501 ", "Content-Length: 357\r\n\r\n"},
		{"HTTP/0.9", "GET /agent\r\nUser-Agent: x\r\n\r\n", "x", ""},
		// Errors found before the version is known are answered as to
		// HTTP/0.9: the page alone.
		{"HTTP/2.0", "GET /agent HTTP/2.0\r\n\r\n", "<!DOCTYPE HTML>", "<p>Error code: 505</p>\n        <p>Message: Invalid HTTP version (2.0).</p>"},
		{"a bad version", "GET /agent HTTP/1\r\n\r\n", "<!DOCTYPE HTML>", "Bad request version ('HTTP/1')"},
		{"not HTTP", "GARBAGE\r\n\r\n", "<!DOCTYPE HTML>", "Bad request syntax ('GARBAGE')"},
		{"four words", "GET /a b HTTP/1.1\r\n\r\n", "HTTP/1.0 400 Bad request syntax ('GET /a b HTTP/1.1')\r\n", ""},
	})
}

func TestJSONStandIns(t *testing.T) {
	t.Parallel()
	read, readReal := pythonPair(t, "read_json/testdata/server.py")
	compare(t, read, readReal, []exchange{
		{"the document", "GET / HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.0 200 OK\r\n", "Content-Length: 27\r\n\r\n{\"name\": \"Jane\", \"age\": 17}"},
		{"POST", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.0 501 ", ""},
	})
	send, sendReal := pythonPair(t, "send_json/testdata/server.py")
	post := func(body string) string {
		return "POST / HTTP/1.1\r\nHost: {{addr}}\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	compare(t, send, sendReal, []exchange{
		{"the tutorial's object", post(`{"name":"Jane","age":17}`), "HTTP/1.0 200 OK\r\n", "\r\n\r\nname: Jane\nage: 17"},
		{"every kind of value", post(`{"a":[1,"x",{"b":null}],"c":1.5,"d":true,"e":1e20,"f":"it's","g":"a\"b\n","h":1e16,` +
			`"i":123456789012345678901234567890,"j":0.0001,"k":1e-5,"l":-0.0,"m":NaN,"n":"\u00e9\u0001","o":[-Infinity,-0,1E400],` +
			`"p":["it's","\"","\\","\t\u0085\u00a0\u2028\ud83d\ude00"],"q":1234567.0,"r":{}}`), "HTTP/1.0 200 OK\r\n", "a: [1, 'x', {'b': None}]\nc: 1.5\nd: True\ne: 1e+20"},
		{"a key twice", post(`{"a":1,"b":2,"a":3}`), "HTTP/1.0 200 ", "\r\n\r\na: 3\nb: 2"},
		{"a byte order mark", post("\xef\xbb\xbf{\"a\": 1}"), "HTTP/1.0 200 ", "a: 1"},
		{"no object: the handler raised", post(`[1]`), "", ""},
		{"invalid UTF-8: the handler raised", post("{\"a\": \"\xff\"}"), "", ""},
		{"not JSON", post(`{"a":}`), "HTTP/1.0 400 Bad Request\r\n", "\r\n\r\n400 Bad Request: invalid JSON\n"},
		{"extra data", post(`{} {}`), "HTTP/1.0 400 ", ""},
		{"a control character", post("{\"a\":\"\x01\"}"), "HTTP/1.0 400 ", ""},
		{"an empty body", post(""), "HTTP/1.0 400 ", ""},
		{"a body shorter than said", "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{}", "HTTP/1.0 ", ""},
		{"GET", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.0 501 Unsupported method ('GET')\r\n", ""},
	})
}

func TestCookieStandIns(t *testing.T) {
	t.Parallel()
	echo, echoReal := pythonPair(t, "cookie_request/testdata/server.py")
	compare(t, echo, echoReal, []exchange{
		{"cookies", "GET / HTTP/1.1\r\nCookie: theme=dark; user=jane\r\n\r\n", "HTTP/1.0 200 OK\r\n", "\r\n\r\nReceived cookies: theme=dark; user=jane\n"},
		{"two Cookie headers", "GET / HTTP/1.1\r\nCookie: a=1\r\ncookie: b=2\r\n\r\n", "HTTP/1.0 200 ", "Received cookies: a=1\n"},
		{"no cookies", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.0 200 ", "Received cookies: (no cookies)\n"},
		{"an empty Cookie header", "GET / HTTP/1.1\r\nCookie:\r\n\r\n", "HTTP/1.0 200 ", "Received cookies: \n"},
	})
	set, setReal := pythonPair(t, "cookie_set_request/testdata/server.py")
	compare(t, set, setReal, []exchange{
		{"the cookies set", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.0 200 OK\r\n", "\r\nSet-Cookie: theme=dark; Path=/; Max-Age=3600; Expires="},
		{"the cookies sent back", "GET / HTTP/1.1\r\nCookie: theme=dark\r\n\r\n", "HTTP/1.0 200 ", "\r\n\r\nClient sent cookies: theme=dark\n"},
	})
}

func TestFlaskStandIn(t *testing.T) {
	t.Parallel()
	standIn, real := pythonPair(t, "upload_image/testdata/app.py", "flask")
	upload := func(target, disposition, extra string) string {
		body := "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n" +
			"--b\r\nContent-Disposition: form-data; " + disposition + "\r\nContent-Type: image/gif\r\n\r\nGIF89a\x00\x01\r\n--b--\r\n"
		return "POST " + target + " HTTP/1.1\r\nHost: {{addr}}\r\n" + extra + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	compare(t, standIn, real, []exchange{
		{"the home page", "GET / HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.1 200 OK\r\n", "Connection: close\r\n\r\nThis is home page"},
		{"HEAD", "HEAD /?a=b HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.1 200 OK\r\n", "Content-Length: 17\r\n"},
		{"OPTIONS", "OPTIONS /upload HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.1 200 OK\r\n", "Allow: OPTIONS, POST\r\n"},
		{"GET /upload", "GET /upload HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.1 405 METHOD NOT ALLOWED\r\n", "<h1>Method Not Allowed</h1>"},
		{"POST /", "POST / HTTP/1.1\r\nHost: {{addr}}\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 ", "Allow: GET, HEAD, OPTIONS\r\n"},
		{"elsewhere", "PUT /nope HTTP/1.1\r\nHost: {{addr}}\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 404 NOT FOUND\r\n", "<h1>Not Found</h1>"},
		{"a trailing slash", "GET /upload/ HTTP/1.1\r\nHost: {{addr}}\r\n\r\n", "HTTP/1.1 404 ", ""},
		{"an image", upload("/upload", `name="image"; filename="sid.gif"`, ""), "HTTP/1.1 200 OK\r\n", "\r\n\r\nimage uploaded successfully"},
		{"an image, merged slashes and 100-continue", upload("//upload", `name="image"; filename="second.gif"`, "Expect: 100-continue\r\n"),
			"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", "image uploaded successfully"},
		{"no image", upload("/upload", `name="photo"; filename="sid.gif"`, ""), "HTTP/1.1 200 ", "failed to upload image"},
		{"an image without a file name", upload("/upload", `name="image"; filename=""`, ""), "HTTP/1.1 200 ", "failed to upload image"},
		{"an image field that is no file", upload("/upload", `name="image"`, ""), "HTTP/1.1 200 ", "failed to upload image"},
		{"a directory that does not exist", upload("/upload", `name="image"; filename="sub/x.gif"`, ""), "HTTP/1.1 500 INTERNAL SERVER ERROR\r\n", ""},
		{"a form", "POST /upload HTTP/1.1\r\nHost: {{addr}}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\nimage=x",
			"HTTP/1.1 200 ", "failed to upload image"},
		{"a body cut short", "POST /upload HTTP/1.1\r\nHost: {{addr}}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 76\r\n\r\n" +
			"--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cut.gif\"\r\n\r\nGIF", "HTTP/1.1 200 ", "failed to upload image"},
	})
	for _, name := range []string{"sid.gif", "second.gif"} {
		got, err := os.ReadFile(filepath.Join(standIn.Dir, name))
		if err != nil || string(got) != "GIF89a\x00\x01" {
			t.Errorf("the stand-in saved %s as %q (%v)", name, got, err)
		}
		if real != nil {
			if want, err := os.ReadFile(filepath.Join(real.Dir, name)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("the stand-in saved %s as %q, Flask as %q (%v)", name, got, want, err)
			}
		}
	}
	// Flask would write ../escaped.gif beside its directory; the stand-in
	// refuses.
	got := roundTrip(t, "127.0.0.1:"+strconv.Itoa(standIn.Port), upload("/upload", `name="image"; filename="../escaped.gif"`, ""))
	if !strings.HasPrefix(got, "HTTP/1.1 500 ") {
		t.Errorf("a name outside its directory: %q", got)
	}
	if _, err := os.Stat(filepath.Join(standIn.Dir, "..", "escaped.gif")); err == nil {
		t.Error("the stand-in wrote outside its directory")
	}
}

func TestPythonStandInUnknownScript(t *testing.T) {
	if s, err := PythonStandIn(context.Background(), "examples/nope/server.py"); err == nil {
		s.Stop()
		t.Error("a stand-in for an unknown script started")
	}
}

// TestStandInStop checks that Stop ends open connections and removes the
// directory, and that a done context stops a stand-in.
func TestStandInStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := PythonStandIn(ctx, python("send_json/testdata/server.py"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n") // the server waits for the body
	cancel()
	done := make(chan struct{})
	go func() { s.Stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not return")
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Errorf("the directory is left: %v", err)
	}
	if _, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.Port)); err == nil {
		t.Error("still listening")
	}
}
