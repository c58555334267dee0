package cli

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// echoServer answers every request with how its body came: its framing,
// its Content-Encoding and Content-Type, and the body itself, inflated
// when it was deflated.
func echoServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "deflate" {
			z, err := zlib.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			body = z
		}
		if r.URL.Path == "/307" {
			http.Redirect(w, r, "/", http.StatusTemporaryRedirect)
			return
		}
		b, _ := io.ReadAll(body)
		fmt.Fprintf(w, "te=%s cl=%d ce=%s ct=%s body=%s", strings.Join(r.TransferEncoding, ","), r.ContentLength,
			r.Header.Get("Content-Encoding"), r.Header.Get("Content-Type"), b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestUploadOptions checks --raw, --chunked and --compress on the wire.
func TestUploadOptions(t *testing.T) {
	srv := echoServer(t)
	long := strings.Repeat("gopher ", 100)
	jsonLong := `{"text":"` + long + `"}`
	cl := func(s string) string { return fmt.Sprint(len(deflate([]byte(s)))) }
	if len(deflate([]byte(`{"a":"1"}`))) <= 9 || len(deflate([]byte(long))) >= len(long) {
		t.Fatal("the cases below assume that deflate makes a short body longer and a long one shorter")
	}
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"--raw sends its argument as the body, as JSON", "", []string{"--raw", `{"a": 1}`, srv.URL},
			`te= cl=8 ce= ct=application/json body={"a": 1}`},
		{"--raw with --form sends it without a JSON type", "", []string{"-f", "--raw", "a=1&b=2", srv.URL},
			`te= cl=7 ce= ct= body=a=1&b=2`},
		{"--raw wins over stdin", "from stdin", []string{"--raw", "from raw", srv.URL}, `cl=8 ce= ct=application/json body=from raw`},
		{"--chunked sends a JSON body chunked", "", []string{"--chunked", srv.URL, "a=1"},
			`te=chunked cl=-1 ce= ct=application/json body={"a":"1"}`},
		{"--chunked sends a form body chunked with its type", "", []string{"--chunked", "-f", srv.URL, "a=1", "b=x y"},
			`te=chunked cl=-1 ce= ct=application/x-www-form-urlencoded body=a=1&b=x+y`},
		{"--chunked sends a body from stdin chunked", "piped", []string{"--chunked", srv.URL}, `te=chunked cl=-1 ce= ct=application/json body=piped`},
		{"--chunked without a body sends none", "", []string{"--chunked", srv.URL}, `te= cl=0 ce= ct= body=`},
		{"--compress deflates a body it makes smaller", "", []string{"-x", srv.URL, "text=" + long},
			`te= cl=` + cl(jsonLong) + ` ce=deflate ct=application/json body=` + jsonLong},
		{"--compress leaves a body it would make larger", "", []string{"--compress", srv.URL, "a=1"},
			`te= cl=9 ce= ct=application/json body={"a":"1"}`},
		{"-xx deflates even a body it makes larger", "", []string{"-xx", srv.URL, "a=1"},
			`te= cl=` + cl(`{"a":"1"}`) + ` ce=deflate ct=application/json body={"a":"1"}`},
		{"--compress --chunked sends the deflated body chunked", "", []string{"-x", "--chunked", srv.URL, "text=" + long},
			`te=chunked cl=-1 ce=deflate ct=application/json body=` + jsonLong},
		{"--compress deflates a raw body", "", []string{"-x", "--raw", long, srv.URL},
			`te= cl=` + cl(long) + ` ce=deflate ct=application/json body=` + long},
		{"a chunked body is sent again after a 307", "", []string{"-F", "--chunked", srv.URL + "/307", "a=1"},
			`te=chunked cl=-1 ce= ct=application/json body={"a":"1"}`},
		{"an explicit Content-Type is kept", "", []string{"-x", "--chunked", "--raw", long, srv.URL, "Content-Type:text/plain"},
			`te=chunked cl=-1 ce=deflate ct=text/plain body=` + long},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.stdin, c.args...)
			if r.status != 0 || !strings.Contains(r.stdout, c.want) {
				t.Errorf("exit %d %s\n got %q\nwant %q", r.status, r.stderr, r.stdout, c.want)
			}
		})
	}
	// A multipart body is deflated whole, its type and boundary kept.
	file := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(file, []byte(long), 0o644)
	r := runCLI(t, "", "-xx", "--chunked", "--boundary", "XyZ", srv.URL, "doc@"+file)
	if !strings.Contains(r.stdout, "te=chunked cl=-1 ce=deflate ct=multipart/form-data; boundary=XyZ body=--XyZ\r\n") || !strings.Contains(r.stdout, long) {
		t.Errorf("multipart: %d %q %s", r.status, r.stdout, r.stderr)
	}
}

// TestVerboseChunkedBody checks that -v shows a chunked body, and on a
// terminal hides a deflated one.
func TestVerboseChunkedBody(t *testing.T) {
	srv := echoServer(t)
	r := runCLI(t, "", "-p", "HB", "--chunked", srv.URL, "a=1")
	if !strings.Contains(r.stdout, "Transfer-Encoding: chunked\n") || !strings.HasSuffix(r.stdout, "\n\n{\"a\":\"1\"}\n") {
		t.Errorf("%q", r.stdout)
	}
	var out bytes.Buffer
	Main([]string{"-p", "HB", "--pretty", "none", "-xx", srv.URL, "a=1"}, &Env{Stdout: &out, Stderr: io.Discard, StdoutTTY: true})
	if !strings.Contains(out.String(), "Content-Encoding: deflate") || !strings.Contains(out.String(), binaryNote) {
		t.Errorf("%q", out.String())
	}
}

// TestResponseOverrides checks --response-charset and --response-mime.
func TestResponseOverrides(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/latin1":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8") // it is not
			w.Write([]byte("caf\xe9"))
		case "/json":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte(`{"b":1,"a":[true]}`))
		}
	}))
	defer srv.Close()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a body is decoded with the charset the response names", []string{"--pretty", "format", srv.URL + "/latin1"}, "caf\ufffd\n"},
		{"--response-charset decodes it with another", []string{"--pretty", "format", "--response-charset", "latin1", srv.URL + "/latin1"}, "café\n"},
		{"--response-charset applies to a stream", []string{"-S", "--pretty", "format", "--response-charset", "latin1", srv.URL + "/latin1"}, "café\n"},
		{"--response-charset leaves raw output alone", []string{"--response-charset", "latin1", srv.URL + "/latin1"}, "caf\xe9"},
		{"a body of an unknown type is not formatted", []string{"--pretty", "format", srv.URL + "/json"}, `{"b":1,"a":[true]}` + "\n"},
		{"--response-mime formats it as the type given", []string{"--pretty", "format", "--response-mime", "application/json", srv.URL + "/json"},
			"{\n    \"a\": [\n        true\n    ],\n    \"b\": 1\n}\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.args...)
			if r.status != 0 || r.stdout != c.want {
				t.Errorf("exit %d %s: got %q, want %q", r.status, r.stderr, r.stdout, c.want)
			}
		})
	}
}

// TestFormatOptions checks --format-options, --sorted and --unsorted on
// a JSON body.
func TestFormatOptions(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"z":"1","a":[1]}`))
	}))
	defer srv.Close()
	base := []string{"-b", "--pretty", "format", srv.URL}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"keys are sorted and indented by 4 by default", nil, "{\n    \"a\": [\n        1\n    ],\n    \"z\": \"1\"\n}\n"},
		{"json.indent sets the indentation", []string{"--format-options", "json.indent:2"}, "{\n  \"a\": [\n    1\n  ],\n  \"z\": \"1\"\n}\n"},
		{"json.sort_keys:false keeps the order", []string{"--format-options=json.sort_keys:false,json.indent:1"}, "{\n \"z\": \"1\",\n \"a\": [\n  1\n ]\n}\n"},
		{"--unsorted keeps the order", []string{"--unsorted"}, "{\n    \"z\": \"1\",\n    \"a\": [\n        1\n    ]\n}\n"},
		{"--sorted after --unsorted sorts again", []string{"--unsorted", "--sorted"}, "{\n    \"a\": [\n        1\n    ],\n    \"z\": \"1\"\n}\n"},
		{"json.format:false leaves the body as sent", []string{"--format-options", "json.format:false"}, `{"z":"1","a":[1]}` + "\n"},
		{"headers.sort and xml options are accepted", []string{"--format-options", "headers.sort:false,xml.format:true,xml.indent:2"}, "{\n    \"a\": [\n        1\n    ],\n    \"z\": \"1\"\n}\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append(append([]string{}, base...), c.args...)...)
			if r.status != 0 || r.stdout != c.want {
				t.Errorf("exit %d %s: got %q, want %q", r.status, r.stderr, r.stdout, c.want)
			}
		})
	}
}

// TestNoColor checks that NO_COLOR turns colours off on a terminal,
// whatever --style says, and that --pretty all turns them back on.
func TestNoColor(t *testing.T) {
	cases := []struct {
		name    string
		noColor bool
		args    []string
		colors  bool
	}{
		{"a terminal has colours", false, nil, true},
		{"--style auto has colours", false, []string{"--style", "auto"}, true},
		{"NO_COLOR turns them off", true, nil, false},
		{"NO_COLOR turns them off with --style auto", true, []string{"-s", "auto"}, false},
		{"NO_COLOR keeps the formatting", true, []string{"--pretty", "format"}, false},
		{"--pretty all on the command line overrides NO_COLOR", true, []string{"--pretty", "all"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			env := &Env{Stdout: &out, Stderr: io.Discard, StdoutTTY: true, NoColor: c.noColor}
			if st := Main(append([]string{"--offline", "example.test", "a=1"}, c.args...), env); st != 0 {
				t.Fatalf("exit %d", st)
			}
			if got := strings.Contains(out.String(), "\x1b["); got != c.colors {
				t.Errorf("colours %v, want %v: %q", got, c.colors, out.String())
			}
			if !strings.Contains(out.String(), "{\n    ") {
				t.Errorf("not formatted: %q", out.String())
			}
		})
	}
}

// TestAllHistory checks --all and --history-print on a chain of
// redirects.
func TestAllHistory(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			http.Redirect(w, r, "/c", http.StatusMovedPermanently)
		case "/raw":
			w.Header().Set("Location", "/c")
			w.WriteHeader(http.StatusFound)
			w.Write([]byte("no newline"))
		default:
			w.Write([]byte("final\n"))
		}
	}))
	defer srv.Close()
	cases := []struct {
		name string
		args []string
		want []string // the first lines of the messages, in order
	}{
		{"without --all only the final response is printed", []string{"-h"}, []string{"HTTP/1.1 200 OK"}},
		{"--all prints each redirect first", []string{"--all", "-h"}, []string{"HTTP/1.1 302 Found", "HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"}},
		{"--all -v prints each request too", []string{"--all", "-v"}, []string{"GET /a HTTP/1.1", "HTTP/1.1 302 Found", "GET /b HTTP/1.1", "HTTP/1.1 301 Moved Permanently", "GET /c HTTP/1.1", "HTTP/1.1 200 OK"}},
		{"--history-print chooses what is printed of the redirects", []string{"--all", "-P", "H", "-h"}, []string{"GET /a HTTP/1.1", "GET /b HTTP/1.1", "HTTP/1.1 200 OK"}},
		{"--history-print without --all prints no redirect", []string{"-P", "H", "-h"}, []string{"HTTP/1.1 200 OK"}},
	}
	// A redirect's body that does not end its line is ended before the
	// next exchange.
	if r := runCLI(t, "", "-F", "--all", "-b", srv.URL+"/raw"); r.stdout != "no newline\n\nfinal\n" {
		t.Errorf("--all -b: %q", r.stdout)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"-F", srv.URL + "/a"}, c.args...)...)
			var got []string
			for _, l := range strings.Split(r.stdout, "\n") {
				if strings.HasPrefix(l, "HTTP/") || strings.HasPrefix(l, "GET ") {
					got = append(got, l)
				}
			}
			if r.status != 0 || strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("exit %d %s: got %q, want %q\n%s", r.status, r.stderr, got, c.want, r.stdout)
			}
		})
	}
}

// TestSessionReadOnly checks that --session-read-only uses a session and
// leaves its file as it was.
func TestSessionReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	if r := runCLI(t, "", "--session", path, binURL+"/get", "X-Team:go"); r.status != 0 {
		t.Fatalf("%d %s", r.status, r.stderr)
	}
	before, _ := os.ReadFile(path)
	r := runCLI(t, "", "--session-read-only", path, "-F", binURL+"/cookies/set?k=v", "X-Other:1")
	after, _ := os.ReadFile(path)
	if r.status != 0 || !bytes.Equal(before, after) {
		t.Errorf("exit %d %s; the file changed:\n%s\n%s", r.status, r.stderr, before, after)
	}
	r = runCLI(t, "", "--session-read-only", path, binURL+"/headers")
	if !strings.Contains(r.stdout, `"X-Team"`) {
		t.Errorf("the session's header was not sent: %s", r.stdout)
	}
	// A read-only session that does not exist is not created.
	missing := filepath.Join(t.TempDir(), "none.json")
	if r := runCLI(t, "", "--session-read-only", missing, binURL+"/get"); r.status != 0 {
		t.Errorf("%d %s", r.status, r.stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the read-only session was created: %v", err)
	}
}

// TestSmallOptions checks the options that are a line or two each.
func TestSmallOptions(t *testing.T) {
	netrc := filepath.Join(t.TempDir(), "netrc")
	os.WriteFile(netrc, []byte("machine example.test login u password p\n"), 0o600)
	t.Setenv("NETRC", netrc)
	cases := []struct {
		name, want string
		args       []string
		absent     bool
	}{
		{"--default-scheme https applies to a URL without a scheme", "curl https://example.test/x", []string{"--curl", "--default-scheme", "https", "example.test/x"}, false},
		{"--default-scheme applies to a localhost shorthand", "curl https://localhost:1/x", []string{"--curl", "--default-scheme", "https", ":1/x"}, false},
		{"--default-scheme leaves a URL with a scheme alone", "curl http://example.test/x", []string{"--curl", "--default-scheme", "https", "http://example.test/x"}, false},
		{"~/.netrc supplies credentials", "Authorization: Basic dTpw\n", []string{"--offline", "example.test"}, false},
		{"--ignore-netrc does not use them", "Authorization:", []string{"--offline", "--ignore-netrc", "example.test"}, true},
		{"--boundary sets the multipart boundary", "Content-Type: multipart/form-data; boundary=b0und\n", []string{"--offline", "--multipart", "--boundary", "b0und", "example.test", "a=1"}, false},
		{"--meta prints the elapsed time only", "Elapsed time: ", []string{"-m", binURL + "/get"}, false},
		{"--manual is --help", "usage: requests", []string{"--manual"}, false},
		{"--max-headers lets a response with that many headers through", "X-A: 1", []string{"-h", "--max-headers", "7", binURL + "/response-headers?X-A=1"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.args...)
			if r.status != 0 || strings.Contains(r.stdout, c.want) == c.absent {
				t.Errorf("exit %d %s: %q in %q: %v", r.status, r.stderr, c.want, r.stdout, !c.absent)
			}
		})
	}
	if r := runCLI(t, "", "-m", binURL+"/get"); strings.Contains(r.stdout, "{") {
		t.Errorf("--meta printed more: %q", r.stdout)
	}
	if r := runCLI(t, "", "--max-headers", "2", binURL+"/get"); r.status != 1 || !strings.Contains(r.stderr, "got more than 2 headers") {
		t.Errorf("--max-headers: %d %q", r.status, r.stderr)
	}
	if r := runCLI(t, "", "--debug", binURL+"/get"); r.status != 0 || !strings.Contains(r.stderr, "requests ") || !strings.Contains(r.stderr, "/get") {
		t.Errorf("--debug: %d %q", r.status, r.stderr)
	}
}

// TestOptionErrors checks the exit status and message of a bad use of
// the newer options.
func TestOptionErrors(t *testing.T) {
	cases := []struct {
		args   []string
		stderr string
	}{
		{[]string{"--raw", "x", binURL + "/post", "a=1"}, "--raw and data items cannot be used together"},
		{[]string{"--style", "monokai", binURL}, `--style: "monokai" is not available`},
		{[]string{"--format-options", "json.indent:x", binURL}, "json.indent takes a number"},
		{[]string{"--format-options", "json.colour:true", binURL}, `unknown option "json.colour"`},
		{[]string{"--format-options", "json.sort_keys", binURL}, "is not KEY:VALUE"},
		{[]string{"--response-charset", "klingon", binURL}, `"klingon" is not a known charset`},
		{[]string{"--response-mime", "json", binURL}, "is not a MIME type"},
		{[]string{"--session", "a.json", "--session-read-only", "b.json", binURL}, "cannot be used together"},
		{[]string{"--history-print", "x", binURL}, `--history-print: "x" is not made of`},
		{[]string{"--default-scheme", "ftp", binURL}, `--default-scheme: "ftp" is not http or https`},
		{[]string{"--boundary", "", binURL}, "is not a multipart boundary"},
		{[]string{"--max-headers", "-1", binURL}, "--max-headers"},
	}
	for _, c := range cases {
		r := runCLI(t, "", c.args...)
		if r.status != 2 || !strings.Contains(r.stderr, c.stderr) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, r.status, r.stderr, c.stderr)
		}
	}
}

// TestMoreItems checks the request items httpie 3 has besides the
// common ones: Header;, name==@file and field@file;type=.
func TestMoreItems(t *testing.T) {
	dir := t.TempDir()
	q := filepath.Join(dir, "q.txt")
	os.WriteFile(q, []byte("from a file\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"Header; sends an empty header", []string{"--offline", "-p", "H", "example.test", "X-Empty;"}, "X-Empty: \n"},
		{"a backslash escapes ; in a name", []string{"--offline", "-p", "B", "example.test", `a\;b=c`}, `{"a;b":"c"}`},
		{"name==@file reads a query parameter from a file", []string{"--offline", "-p", "H", "example.test/p", "q==@" + q}, "GET /p?q=from+a+file HTTP/1.1\n"},
		{"field@file;type= sets the part's type", []string{"--offline", "-p", "B", "--multipart", "--boundary", "b", "example.test", "doc@" + q + ";type=text/x-note"},
			"Content-Type: text/x-note\r\n\r\nfrom a file\n"},
		{"-vv prints the metadata too", []string{"-vv", binURL + "/get"}, "\nElapsed time: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.args...)
			if r.status != 0 || !strings.Contains(r.stdout, c.want) {
				t.Errorf("exit %d %s: no %q in %q", r.status, r.stderr, c.want, r.stdout)
			}
		})
	}
	if r := runCLI(t, "", "--offline", "example.test", "X-A;b"); r.status != 2 || !strings.Contains(r.stderr, `nothing may follow ";"`) {
		t.Errorf("Header;value: %d %q", r.status, r.stderr)
	}
}

// TestJSONKeyOrder checks that a JSON body keeps its keys in the order of
// the items, as httpie sends them, and raw JSON its own order and numbers.
func TestJSONKeyOrder(t *testing.T) {
	cases := []struct {
		name  string
		items []string
		body  string
	}{
		{"the keys are sent in the order of the items", []string{"z=1", "a=2", "m:=3"}, `{"z":"1","a":"2","m":3}`},
		{"a key set again keeps its place", []string{"z=1", "a=2", "z:=true"}, `{"z":true,"a":"2"}`},
		{"nested objects keep their order", []string{"u[z]=1", "u[a]=2", "b=3"}, `{"u":{"z":"1","a":"2"},"b":"3"}`},
		{"raw JSON keeps its order and its numbers", []string{`o:={"b":1.50,"a":12345678901234567890,"c":[{"y":1,"x":2}]}`},
			`{"o":{"b":1.50,"a":12345678901234567890,"c":[{"y":1,"x":2}]}}`},
		{"a value equal to its key is a value", []string{"a=a"}, `{"a":"a"}`},
		{"<, > and & are not escaped", []string{"a=<b>&c"}, `{"a":"<b>&c"}`},
		{"an empty raw object and array stay empty", []string{"o:={}", "l:=[]"}, `{"o":{},"l":[]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"--offline", "-p", "B", "example.test/p"}, c.items...)...)
			if r.status != 0 || strings.TrimSpace(r.stdout) != c.body {
				t.Errorf("%q: exit %d, body %s %s; want %s", c.items, r.status, r.stdout, r.stderr, c.body)
			}
		})
	}
	// --unsorted shows the body in its order; the default sorts it.
	r := runCLI(t, "", "--offline", "-p", "B", "--pretty", "format", "--unsorted", "example.test", "z=1", "a=2")
	if r.stdout != "{\n    \"z\": \"1\",\n    \"a\": \"2\"\n}\n" {
		t.Errorf("--unsorted: %q", r.stdout)
	}
	if r := runCLI(t, "", "--offline", "example.test", "x:=1 2"); r.status != 2 || !strings.Contains(r.stderr, "not JSON") {
		t.Errorf("two values: %d %q", r.status, r.stderr)
	}
}
