package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
	"github.com/mccutchen/go-httpbin/v2/httpbin"
)

// section is one program of the tutorial and what its output must show.
type section struct {
	title   string
	program string   // the twin, under examples/
	server  string   // the server it talks to: a Python script of the tutorial, or nginxServer
	expect  []string // what the output must contain
}

// pythonModules lists the modules a Python server imports besides the
// standard library.
var pythonModules = map[string][]string{"examples/upload_image/testdata/app.py": {"flask"}}

var sections = []section{
	{"Library version", "version", "", []string{requests.Version, "Copyright"}},
	{"Reading a web page", "read_page", "", []string{"<h1>Example Domain</h1>"}},
	{"Resource management", "resource_management", "", []string{"<h1>Example Domain</h1>"}},
	{"Stripping HTML tags", "strip_tags", "", []string{"\nExample Domain\n", "documentation examples"}},
	{"Getting status", "get_status", "", []string{"200\n404\n"}},
	{"The Response object", "response_object", "", []string{"Status code: 200", "OK: true", "/get?lang=go", "Redirects: 0", "Encoding: utf-8", "Sent headers:", "Body (JSON):", " args: map[lang:[go]]"}},
	{"Python requests raise_for_status", "raise_for_status", "", []string{"Status code: 200 — OK", "HTTP error: 404 Client Error: Not Found for url:", "HTTP error: 500 Server Error: Internal Server Error for url:"}},
	{"RequestException", "exceptions", "", []string{"HTTPError — 404 Client Error", "ReadTimeout — server connected but stalled", "OK — status 200", "ConnectionError — DNS failure", "InvalidURL — malformed URL"}},
	{"HTTP request methods", "head_request", "", []string{"Server:  requests-for-go tour", "Last modified:  Wed, 06 May 2026 14:17:14 GMT", "Content type:  text/html"}},
	{"Python requests get method", "mget", "", []string{`"name": [`, `"Peter"`}},
	{"Python requests get method, with params", "mget2", "", []string{"/get?age=23&name=Peter\n", `"age": [`}},
	{"Python requests timeout attribute", "timeout_request", "", []string{"Status code: 200", "Read timed out — server connected but did not respond in time"}},
	{"Python requests redirection", "redirect", "", []string{"200\n[<Response [302]>]\n"}},
	{"Python requests redirection, not followed", "redirect2", "", []string{"302\n", "/redirect-to?url=/\n"}},
	{"Redirect with nginx", "redirect3", nginxServer, []string{"200\n[<Response [301]>]\n", "/newpage.html\n", "This is a new page"}},
	{"User agent", "user_agent", "examples/user_agent/testdata/http_server.py", []string{"Go script"}},
	{"Python requests post value", "post_value", "", []string{`"form": {`, `"Peter"`, "application/x-www-form-urlencoded"}},
	{"Python requests upload image", "upload_image", "examples/upload_image/testdata/app.py", []string{"image uploaded successfully"}},
	{"Reading JSON from a server", "read_json", "examples/read_json/testdata/server.py", []string{"Name: Jane, age: 17"}},
	{"Sending JSON to a server", "send_json", "examples/send_json/testdata/server.py", []string{"name: Jane\nage: 17"}},
	{"Sending cookies from the client", "cookie_request", "examples/cookie_request/testdata/server.py", []string{"Received cookies: theme=dark; user=jane"}},
	{"Receiving cookies set by the server", "cookie_set_request", "examples/cookie_set_request/testdata/server.py", []string{"Cookies received:\n sessionid = ", " theme = dark\n user = jane\n", "Client sent cookies: sessionid=", "; theme=dark; user=jane"}},
	{"Retrieving definitions from a dictionary", "get_term", "", []string{"a domesticated carnivore", "Fido"}},
	{"Python requests streaming", "streaming", "", []string{"Saved to java25spec.pdf (5,331,364 bytes)"}},
	{"Python requests credentials", "credentials", nginxServer, []string{"This is a secure page."}},
}

// nginxServer names the tutorial's nginx setup as a section's server.
const nginxServer = "nginx"

// run starts the servers, builds the twins, runs every section and returns
// the exit status.
func run(ctx context.Context, out io.Writer) int {
	start := time.Now()
	root, err := moduleRoot(ctx)
	if err != nil {
		fmt.Fprintln(out, "tour:", err)
		return 1
	}
	bin, err := os.MkdirTemp("", "requests-tour-")
	if err != nil {
		fmt.Fprintln(out, "tour:", err)
		return 1
	}
	defer os.RemoveAll(bin)
	if err := build(ctx, root, bin); err != nil {
		fmt.Fprintln(out, "tour: building the examples:", err)
		return 1
	}
	hb, err := serve(httpbin.New())
	if err != nil {
		fmt.Fprintln(out, "tour:", err)
		return 1
	}
	defer hb.Close()
	page, err := serve(http.HandlerFunc(examplePage))
	if err != nil {
		fmt.Fprintln(out, "tour:", err)
		return 1
	}
	defer page.Close()
	work, err := os.MkdirTemp("", "requests-tour-work-") // where the twins write files
	if err != nil {
		fmt.Fprintln(out, "tour:", err)
		return 1
	}
	defer os.RemoveAll(work)
	env := append(os.Environ(), "HTTPBIN_URL="+hb.URL, "EXAMPLE_URL="+page.URL, "DOCS_URL="+page.URL,
		"DICTIONARY_URL="+page.URL+"/browse/",
		"IMAGE_FILE="+filepath.Join(root, "examples", "upload_image", "data", "sid.jpg"))

	failed := 0
	for i, s := range sections {
		fmt.Fprintf(out, "\n== %d. %s (examples/%s) ==\n", i+1, s.title, s.program)
		if err := s.run(ctx, out, root, bin, work, env); err != nil {
			failed++
			fmt.Fprintf(out, "-- FAILED: %v\n", err)
		}
		if ctx.Err() != nil {
			fmt.Fprintln(out, "tour: interrupted")
			return 1
		}
	}
	fmt.Fprintf(out, "\n%d of %d sections succeeded in %.1fs\n", len(sections)-failed, len(sections), time.Since(start).Seconds())
	if failed > 0 {
		return 1
	}
	return 0
}

// run runs one section: its server, if it has one, then its program.
func (s section) run(ctx context.Context, out io.Writer, root, bin, work string, env []string) error {
	if s.server != "" {
		srv, err := startServer(ctx, root, s.server)
		if err != nil {
			return err
		}
		defer srv.Stop()
		env = append(env, "SERVER_URL="+srv.URL)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, s.program))
	cmd.Env, cmd.Dir = env, work
	var buf bytes.Buffer
	cmd.Stdout = io.MultiWriter(out, &buf)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("examples/%s: %w", s.program, err)
	}
	for _, want := range s.expect {
		if !strings.Contains(buf.String(), want) {
			return fmt.Errorf("the output does not show %q", want)
		}
	}
	return nil
}

// startServer starts a section's server: the tutorial's nginx setup (from
// integration/testdata/nginx, with user7:7user), or a Python script.
func startServer(ctx context.Context, root, server string) (*servers.Process, error) {
	if server != nginxServer {
		return servers.Python(ctx, filepath.Join(root, server), pythonModules[server]...)
	}
	files, err := servers.ReadFiles(filepath.Join(root, "integration", "testdata", "nginx"))
	if err != nil {
		return nil, err
	}
	conf := files["tutorial.conf"]
	delete(files, "tutorial.conf")
	sum := sha1.Sum([]byte("7user"))
	files[".htpasswd"] = "user7:{SHA}" + base64.StdEncoding.EncodeToString(sum[:]) + "\n"
	return servers.Nginx(ctx, conf, files)
}

// moduleRoot finds the repository, wherever the tour is run from.
func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	p := strings.TrimSpace(string(gomod))
	if p == "" || p == os.DevNull {
		return "", errors.New("run the tour from inside the repository: go run ./examples/tour")
	}
	return filepath.Dir(p), nil
}

// build compiles every twin into bin with one go build.
func build(ctx context.Context, root, bin string) error {
	args := []string{"build", "-o", bin + string(filepath.Separator)}
	seen := map[string]bool{}
	for _, s := range sections {
		if !seen[s.program] {
			seen[s.program] = true
			args = append(args, "./examples/"+s.program)
		}
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// server is an HTTP server on a loopback port.
type server struct {
	URL string
	srv *http.Server
}

func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *server) Close() { s.srv.Close() }

// specSize is the size of the PDF the tutorial's streaming program saves.
const specSize = 5_331_364

// examplePage stands in for https://example.com: its page at /, and 404
// elsewhere; and for docs.oracle.com: a file as large as the Java language
// specification the streaming program downloads.
func examplePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/browse/dog" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, dictionaryPage)
		return
	}
	if r.URL.Path == "/javase/specs/jls/se25/jls25.pdf" {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(specSize))
		io.CopyN(w, pattern{}, specSize)
		return
	}
	w.Header().Set("Server", "requests-for-go tour")
	w.Header().Set("Last-Modified", "Wed, 06 May 2026 14:17:14 GMT")
	w.Header().Set("Content-Type", "text/html")
	if r.URL.Path != "/" {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<!doctype html><html><body><p>Not found</p></body></html>\n")
		return
	}
	io.WriteString(w, `<!doctype html>
<html>
<head>
<title>Example Domain</title>
<meta charset="utf-8">
</head>
<body>
<div>
<h1>Example Domain</h1>
<p>This domain is for use in documentation examples without needing permission.</p>
</div>
</body>
</html>
`)
}

// pattern is an endless reader of the same bytes.
type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "%PDF-1.7 requests for Go\n"[i%25]
	}
	return len(p), nil
}

// dictionaryPage is shaped like a dictionary.com entry: navigation and
// labels around the definitions the get_term program's XPaths look for.
const dictionaryPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Dog Definition &amp; Meaning</title>
<meta name="description" content="Dog definition: a domesticated canid."></head>
<body><nav><a href="/">Home</a> <a href="/browse">Browse</a></nav>
<main>
<h1>dog</h1>
<section class="definitions">
<p>noun</p>
<ol>
<li><span class="one-click-content">a domesticated carnivore, <i>Canis familiaris,</i> bred in many varieties.</span></li>
<li><span class="one-click-content">any carnivore of the family Canidae, including the wolves, jackals and foxes.</span></li>
<li><span class="one-click-content">the male of such an animal.</span></li>
</ol>
<p>Example: <span class="one-click-content">Fido the dog waited by the door every evening for the family to come home from work and school.</span></p>
</section>
</main>
<footer>© the dictionary stand-in of the tour</footer>
</body></html>
`
