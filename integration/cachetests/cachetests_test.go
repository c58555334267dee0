//go:build cachetests

// Package cachetests scores the library's HTTP cache (internal/httpcache)
// with the http-tests cache-tests conformance suite, read from
// ../shared/cache-tests (or $CACHE_TESTS_DIR): the suite's origin server
// runs under node on a loopback port, the cache sits in front of it as a
// reverse proxy whose Transport is a Session's RoundTripper (the cache
// over the library's engine), and the suite's client runs in the private
// (browser) selection against the proxy. The required tests are scored
// with the suite's own determineTestResult. TestCacheTestsThroughTheVerbs
// scores the same cache as a Session's verbs use it, the proxy making each
// request with Session.Do.
//
// Each takes about a minute, so it is kept out of go test ./... by its build
// tag: go test -tags cachetests ./integration/cachetests (as .ci/run runs
// it). It skips when node or the suite is missing, unless
// REQUESTS_INTEGRATION=required (as .ci/run sets).
package cachetests

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// knownFailures lists the required tests that fail for a reason outside
// the cache, each with that reason. They count against the score all the
// same; the test does not fail for them. There is none today.
var knownFailures = map[string]string{}

// minOptimal is the least number of the suite's optional ("optimal")
// tests the cache must pass.
const minOptimal = 70

type result struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Result string `json:"result"`
	Detail string `json:"detail"`
}

func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("REQUESTS_INTEGRATION") == "required" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func suiteDir(t *testing.T) string {
	dir := os.Getenv("CACHE_TESTS_DIR")
	if dir == "" {
		// integration/cachetests -> the repository -> its parent
		dir = filepath.Join("..", "..", "..", "shared", "cache-tests")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(abs, "tests", "index.mjs")); err != nil {
		skipOrFail(t, "the cache-tests suite is not at %s (set CACHE_TESTS_DIR): %v", abs, err)
	}
	return abs
}

func TestCacheTests(t *testing.T) {
	// The cache as a program gets it: a Session's, whose RoundTripper (one
	// exchange through the cache and the library's own engine: no
	// redirects followed, no cookie jar, the body decoded only when it
	// asked for compression itself) is the reverse proxy's transport.
	s := requests.NewSession(requests.Cache(requests.MemoryCache(64<<20)), requests.TrustEnv(false))
	defer s.Close()
	runSuite(t, func(origin *url.URL) http.Handler {
		return &httputil.ReverseProxy{
			Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(origin) },
			Transport: s.RoundTripper(),
			ErrorLog:  log.New(io.Discard, "", 0), // the origin drops connections on purpose
		}
	})
}

// TestCacheTestsThroughTheVerbs scores the cache as a Session's verbs use
// it (where a fresh hit is answered before any transport is set up): the
// proxy makes each request with Session.Do, redirects not followed, the
// Session's default headers dropped, the body streamed as it came.
func TestCacheTestsThroughTheVerbs(t *testing.T) {
	s := requests.NewSession(requests.Cache(requests.MemoryCache(64<<20)), requests.TrustEnv(false),
		requests.AllowRedirects(false), requests.Stream(true),
		requests.DropHeaders("User-Agent", "Accept", "Accept-Encoding", "Connection"))
	defer s.Close()
	runSuite(t, func(origin *url.URL) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := requests.Headers{}
			for name, vs := range r.Header {
				h[name] = strings.Join(vs, ", ")
			}
			opts := []requests.Option{h}
			if r.ContentLength != 0 {
				opts = append(opts, requests.Data(r.Body))
			}
			resp, err := s.Do(r.Context(), r.Method, origin.String()+r.URL.RequestURI(), opts...)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			defer resp.Close()
			for name, vs := range resp.Header {
				w.Header()[name] = vs
			}
			w.WriteHeader(resp.StatusCode)
			io.Copy(w, resp.Reader())
		})
	})
}

// runSuite runs the suite's private selection against the handler proxy
// makes in front of its origin, and scores it.
func runSuite(t *testing.T, proxy func(origin *url.URL) http.Handler) {
	if testing.Short() {
		t.Skip("the conformance suite takes about a minute")
	}
	suite := suiteDir(t)
	node, err := exec.LookPath("node")
	if err != nil {
		skipOrFail(t, "node is not installed (Debian package nodejs): %v", err)
	}
	origin := startOrigin(t, node, suite)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: proxy(origin), ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "testdata/client.mjs", suite, "http://"+ln.Addr().String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the suite's client: %v", err)
	}
	var results []result
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("the suite's client printed %q: %v", line, err)
		}
		results = append(results, r)
	}
	score(t, results)
}

// score counts the results by kind, lists every failure, and fails the
// test on a required failure or too few optional passes.
func score(t *testing.T, results []result) {
	count := map[string][2]int{} // kind -> passed, total
	var failed []string
	for _, r := range results {
		c := count[r.Kind]
		c[1]++
		if r.Result == "pass" || r.Result == "yes" {
			c[0]++
		} else {
			failed = append(failed, r.Kind+" "+r.ID+" "+r.Result+" "+r.Detail)
		}
		count[r.Kind] = c
	}
	sort.Strings(failed)
	for _, f := range failed {
		t.Log(f)
	}
	req, opt, chk := count["required"], count["optimal"], count["check"]
	t.Logf("required %d/%d, optimal %d/%d, check yes %d/%d", req[0], req[1], opt[0], opt[1], chk[0], chk[1])
	for _, r := range results {
		if r.Kind == "required" && r.Result != "pass" {
			if why, ok := knownFailures[r.ID]; ok {
				t.Logf("%s fails, not in the cache: %s", r.ID, why)
				continue
			}
			t.Errorf("required test %s: %s %s", r.ID, r.Result, r.Detail)
		}
	}
	if req[1] != 137 {
		t.Errorf("the private selection has %d required tests; want 137 (has the suite changed?)", req[1])
	}
	if opt[0] < minOptimal {
		t.Errorf("optimal tests passed: %d; want at least %d", opt[0], minOptimal)
	}
}

// startOrigin starts the suite's origin server and returns its URL.
func startOrigin(t *testing.T, node, suite string) *url.URL {
	cmd := exec.Command(node, "testdata/origin.mjs", suite)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	port := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		port <- strings.TrimSpace(line)
		// The server logs warnings on stdout: keep the pipe drained.
		_, _ = bufio.NewReader(stdout).WriteTo(devNull{})
	}()
	select {
	case p := <-port:
		if p == "" {
			t.Fatal("the origin server did not start")
		}
		return &url.URL{Scheme: "http", Host: "127.0.0.1:" + p}
	case <-time.After(30 * time.Second):
		t.Fatal("the origin server did not print its port within 30s")
	}
	return nil
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }
