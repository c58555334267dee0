package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/httpbin"
	"github.com/go-requests/requests/internal/testserver"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var binURL string

// runAsCommand, in the environment, makes the test binary the command
// itself (see asCommand).
const runAsCommand = "REQUESTS_CLI_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(runAsCommand) != "" {
		os.Exit(Main(os.Args[1:], OSEnv()))
	}
	srv := httptest.NewServer(httpbin.New())
	binURL = srv.URL
	os.Exit(testserver.Main(m, func() {
		requests.CloseIdleConnections()
		srv.Close()
	}))
}

type result struct {
	status         int
	stdout, stderr string
}

// runCLI runs the command in-process with piped (non-terminal) streams.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb}
	if stdin != "" {
		env.Stdin, env.StdinPiped = strings.NewReader(stdin), true
	}
	status := Main(args, env)
	return result{status, out.String(), errb.String()}
}

// port is the httpbin address as ":PORT", for the shorthand.
func port() string { return binURL[strings.LastIndex(binURL, ":"):] }

// normalize hides what changes between runs.
func normalize(s string) string {
	s = strings.ReplaceAll(s, strings.TrimPrefix(binURL, "http://"), "HOST")
	s = strings.ReplaceAll(s, "localhost"+port(), "HOST")
	s = strings.ReplaceAll(s, requests.Version, "VERSION")
	return s
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"get-params-headers", "", []string{port() + "/get", "a==1", "a==2", "X-Token:abc", "-b"}},
		{"query-order", "", []string{"--offline", "-p", "H", "example.test/search?lang=en", "q==go", "page==2", "q==a b"}},
		{"post-json", "", []string{"POST", binURL + "/post", "name=gopher", "n:=3", "tags:=[\"a\",\"b\"]", "-p", "Bb"}},
		{"form", "", []string{"-f", binURL + "/post", "k=v", "k=w", "-p", "HB", "--offline"}},
		{"offline-json", "", []string{"--offline", "PUT", "example.test/items/1", "done:=true", "User-Agent:"}},
		{"stdin-body", `{"from": "stdin"}`, []string{binURL + "/anything", "-p", "Bb"}},
		{"curl", "", []string{"--curl", "-a", "user:secret", "example.test/x", "q==1"}},
		{"pretty-format", "", []string{binURL + "/json", "--pretty", "format"}},
		{"pretty-colors", "", []string{binURL + "/json", "--pretty", "all", "-b"}},
		{"headers-only", "", []string{binURL + "/response-headers?X-A=1", "-h"}},
		{"nested-json", "", []string{"--offline", "--pretty", "format", "example.test/api", "user[name]=gopher", "user[langs][]=go",
			"user[langs][]=c", "user[age]:=16", `user[\1]=one`, "points[0][x]:=1", "points[0][y]:=2", "points[1][x]:=3", `a\[b\]=literal`}},
		{"nested-json-array", "", []string{"--offline", "-p", "B", "example.test/api", "[]:=1", "[][k]=v", "[]=x"}},
		{"curl-reveal", "", []string{"--curl-reveal", "-a", "user:secret", "example.test/x", "q==1"}},
		{"raw-offline", "", []string{"--offline", "--raw", `{"from": "raw"}`, "example.test/raw"}},
		{"chunked-compress-offline", "", []string{"--offline", "-p", "H", "--chunked", "-xx", "example.test/up", "a=1"}},
		{"all-redirects", "", []string{"-F", "--all", "-h", binURL + "/redirect/2"}},
		{"all-history-print", "", []string{"-F", "--all", "-P", "H", "-p", "Hb", binURL + "/redirect/1"}},
		{"format-options", "", []string{binURL + "/json", "-b", "--pretty", "format", "--format-options", "json.indent:2,json.sort_keys:false"}},
		{"completion-bash", "", []string{"--completion", "bash"}},
		{"completion-zsh", "", []string{"--completion", "zsh"}},
		{"completion-fish", "", []string{"--completion", "fish"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.stdin, c.args...)
			if r.status != 0 {
				t.Fatalf("exit %d: %s", r.status, r.stderr)
			}
			out := r.stdout
			if strings.HasPrefix(c.name, "headers-only") || strings.HasPrefix(c.name, "all-") { // the Date changes
				out = dropLine(out, "Date:")
			}
			golden(t, c.name, normalize(out))
		})
	}
}

func dropLine(s, prefix string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, prefix) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func TestExitCodes(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	cases := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{binURL + "/get"}, 0, ""},
		{[]string{binURL + "/status/404"}, 0, ""},
		{[]string{"--check-status", binURL + "/status/404"}, 4, "requests: warning: HTTP 404 Not Found\n"},
		{[]string{"--check-status", binURL + "/status/503"}, 5, "HTTP 503"},
		{[]string{"--check-status", binURL + "/redirect/1"}, 3, "HTTP 302"},
		{[]string{"--check-status", "-F", binURL + "/redirect/1"}, 0, ""},
		{[]string{binURL + "/post", "a"}, 2, `"a" is not a request item`},
		{[]string{binURL + "/post", "=x"}, 2, "has no name"},
		{[]string{binURL + "/post", "f@/no/such/file"}, 2, "cannot read /no/such/file"},
		{[]string{binURL + "/post", "x:={bad"}, 2, "not JSON"},
		{[]string{"--nope", binURL}, 2, "unknown option --nope"},
		{[]string{"--timeout", "abc", binURL}, 2, "--timeout"},
		{[]string{}, 2, "a URL is required"},
		{[]string{"http://" + closed + "/"}, 1, "requests: error: connection error: GET http://" + closed + "/"},
		{[]string{"--timeout", "0.2", binURL + "/delay/2"}, 2, "read timeout"},                    // httpie's exit status for a timeout
		{[]string{"-F", "--max-redirects", "2", binURL + "/redirect/5"}, 6, "too many redirects"}, // and for too many redirects
		{[]string{"--timeout", "0", binURL + "/get"}, 0, ""},                                      // no timeout, as in httpie
		{[]string{"--timeout", "-1", binURL + "/get"}, 2, "--timeout"},
		{[]string{"ftp://x/"}, 2, `"ftp://x/": the scheme "ftp" is not http or https`},
		{[]string{"http://exa mple.test/"}, 2, "is not a valid URL"},
		{[]string{"http://[::1/"}, 2, "is not a valid URL"},
		{[]string{"http:///path"}, 2, "has no host"},
		{[]string{"--offline", "file:///etc/passwd"}, 2, "is not http or https"},
		{[]string{"--curl", "gopher://x/"}, 2, "is not http or https"},
		{[]string{"-q", binURL + "/get"}, 0, ""},
		{[]string{"-q", "--check-status", binURL + "/status/404"}, 4, "HTTP 404"},
		{[]string{"-qq", "--check-status", binURL + "/status/404"}, 4, ""},
		{[]string{"-q", "http://" + closed + "/"}, 1, "connection error"},
		{[]string{"--completion", "tcsh"}, 2, `--completion: "tcsh" is not bash, zsh or fish`},
		{[]string{"--unix-socket", "", binURL}, 2, "--unix-socket: give the path"},
		{[]string{"--unix-socket", "/no/such.sock", "http://docker/info"}, 1, "connection error"},
		{[]string{"--auth", "user", binURL + "/get"}, 2, "no terminal to ask"},
	}
	for _, c := range cases {
		r := runCLI(t, "", c.args...)
		if r.status != c.status || !strings.Contains(r.stderr, c.stderr) || c.stderr == "" && r.stderr != "" {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, r.status, r.stderr, c.status, c.stderr)
		}
		if strings.Contains(r.stderr, "goroutine ") || strings.Count(r.stderr, "\n") > 1 {
			t.Errorf("%q: more than one line on stderr: %q", c.args, r.stderr)
		}
	}
}

func TestItems(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	os.WriteFile(file, []byte("from file\n"), 0o644)
	jsonFile := filepath.Join(dir, "v.json")
	os.WriteFile(jsonFile, []byte(`{"deep":[1,2]}`), 0o644)
	r := runCLI(t, "", "--offline", "-p", "HB", "example.test/p", "X-File:@"+file, "s=@"+file, "j:=@"+jsonFile, `a\:b=c`)
	for _, want := range []string{"X-File: from file\n", `"j":{"deep":[1,2]}`, `"s":"from file\n"`, `"a:b":"c"`, "POST /p HTTP/1.1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("missing %q in\n%s", want, r.stdout)
		}
	}
	// A file part makes the request multipart, with the fields as form fields.
	r = runCLI(t, "", binURL+"/post", "doc@"+file, "name=x", "-b")
	if !strings.Contains(r.stdout, `"doc": [`) || !strings.Contains(r.stdout, "from file") || !strings.Contains(r.stdout, `"name": [`) {
		t.Errorf("multipart: %s %s", r.stdout, r.stderr)
	}
	// URL shorthands.
	for in, want := range map[string]string{":8080/x": "http://localhost:8080/x", ":/x": "http://localhost/x", ":": "http://localhost",
		"example.org": "http://example.org", "https://a/": "https://a/"} {
		if got := normalizeURL(in); got != want {
			t.Errorf("normalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSessionPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	r := runCLI(t, "", "--session", path, "-F", binURL+"/cookies/set?flavour=oat", "X-Team:go", "-a", "u:p")
	if r.status != 0 {
		t.Fatalf("first run: %d %s", r.status, r.stderr)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("session file: %v %v", fi, err)
	}
	r = runCLI(t, "", "--session", path, binURL+"/anything")
	for _, want := range []string{`"flavour=oat"`, `"X-Team": [`, `"Basic dTpw"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("second run lacks %s:\n%s", want, r.stdout)
		}
	}
	// A named session lives under the config directory, by host.
	cfg := t.TempDir()
	env := &Env{Stdout: io.Discard, Stderr: io.Discard, ConfigDir: cfg}
	if Main([]string{"--session", "dev", binURL + "/get", "X-A:1"}, env) != 0 {
		t.Fatal("named session run failed")
	}
	host := strings.ReplaceAll(strings.TrimPrefix(binURL, "http://"), ":", "_")
	if _, err := os.Stat(filepath.Join(cfg, "sessions", host, "dev.json")); err != nil {
		t.Error(err)
	}
}

// TestDownloadResume interrupts a download, then resumes it with -c.
func TestDownloadResume(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	var cut atomic.Bool
	cut.Store(true)
	var ranges atomic.Value
	ranges.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ranges.Store(r.Header.Get("Range"))
		if cut.Load() && r.Header.Get("Range") == "" {
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Length", fmt.Sprint(len(content)))
			w.Write(content[:300<<10])
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "file.bin", time.Time{}, bytes.NewReader(content))
	}))
	defer srv.Close()
	dir := t.TempDir()
	target := filepath.Join(dir, "file.bin")
	r := runCLI(t, "", "-d", "-o", target, srv.URL+"/file.bin")
	if r.status != 1 {
		t.Fatalf("interrupted download: exit %d %s", r.status, r.stderr)
	}
	if fi, err := os.Stat(target + ".part"); err != nil || fi.Size() == 0 {
		t.Fatalf("no partial file: %v", err)
	}
	if want := fmt.Sprintf("Downloading %q (1.0 MiB)\n", target); !strings.HasPrefix(r.stderr, want) {
		t.Errorf("the first run does not start with %q: %q", want, r.stderr)
	}
	cut.Store(false)
	r = runCLI(t, "", "-d", "-c", "-o", target, srv.URL+"/file.bin")
	if r.status != 0 {
		t.Fatalf("resumed download: exit %d %s", r.status, r.stderr)
	}
	got, _ := os.ReadFile(target)
	if !bytes.Equal(got, content) {
		t.Errorf("downloaded %d bytes, want %d", len(got), len(content))
	}
	if rg := ranges.Load().(string); !strings.HasPrefix(rg, "bytes=") || rg == "bytes=0-" {
		t.Errorf("the second request asked for %q, not the rest", rg)
	}
	if want := fmt.Sprintf("Resuming %q (1.0 MiB) at 300.0 KiB\n", target); !strings.HasPrefix(r.stderr, want) {
		t.Errorf("the resumed run does not start with %q: %q", want, r.stderr)
	}
	if !strings.Contains(r.stderr, "Downloaded 1.0 MiB") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

func TestOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.json")
	r := runCLI(t, "", binURL+"/json", "-o", path)
	data, err := os.ReadFile(path)
	if r.status != 0 || err != nil || !bytes.Contains(data, []byte(`"slideshow"`)) || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, file %q %v", r.status, r.stdout, data, err)
	}
}

func TestHelpAndVersion(t *testing.T) {
	if r := runCLI(t, "", "--help"); r.status != 0 || !strings.Contains(r.stdout, "usage: requests [METHOD] URL") {
		t.Errorf("%+v", r)
	}
	if r := runCLI(t, "", "--version"); r.status != 0 || r.stdout != requests.Version+"\n" {
		t.Errorf("%+v", r)
	}
}
