package cli

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuiet checks that --quiet prints nothing on stdout, yet still sends
// the request and still writes --output.
func TestQuiet(t *testing.T) {
	r := runCLI(t, "", "-q", "-v", binURL+"/json")
	if r.status != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("-q: exit %d, stdout %q, stderr %q", r.status, r.stdout, r.stderr)
	}
	path := filepath.Join(t.TempDir(), "out.json")
	r = runCLI(t, "", "--quiet", binURL+"/json", "-o", path)
	if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), "slideshow") || r.stdout != "" {
		t.Errorf("-q -o: %q %v, stdout %q", data, err, r.stdout)
	}
	r = runCLI(t, "", "-q", "-d", "-o", filepath.Join(t.TempDir(), "d"), binURL+"/bytes/100")
	if r.status != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("-q -d: exit %d, stdout %q, stderr %q", r.status, r.stdout, r.stderr)
	}
}

// TestUnixSocket sends a request to a server listening on a Unix socket;
// the URL's host is only the Host header.
func TestUnixSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "rq") // short: socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("no Unix sockets: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("host=" + r.Host + " path=" + r.URL.Path))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	r := runCLI(t, "", "--unix-socket", sock, "http://docker/v1/info")
	if r.status != 0 || r.stdout != "host=docker path=/v1/info" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.status, r.stdout, r.stderr)
	}
}

// TestPathAsIs checks that --path-as-is keeps dot segments on the wire,
// which are otherwise removed.
func TestPathAsIs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.RequestURI))
	}))
	defer srv.Close()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"dot segments are removed by default", []string{srv.URL + "/a/../b/./c?q=1"}, "/b/c?q=1"},
		{"--path-as-is keeps them", []string{"--path-as-is", srv.URL + "/a/../b/./c?q=1"}, "/a/../b/./c?q=1"},
		{"--path-as-is keeps the query items", []string{"--path-as-is", srv.URL + "/x/..", "k==v"}, "/x/..?k=v"},
		{"--path-as-is without dots changes nothing", []string{"--path-as-is", srv.URL + "/plain"}, "/plain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", c.args...)
			if r.status != 0 || r.stdout != c.want {
				t.Errorf("exit %d, got %q %s; want %q", r.status, r.stdout, r.stderr, c.want)
			}
		})
	}
	if r := runCLI(t, "", "--path-as-is", "--proxy", "http://127.0.0.1:1", srv.URL+"/a/../b"); r.status != 2 || !strings.Contains(r.stderr, "--path-as-is cannot be used with --proxy") {
		t.Errorf("with --proxy: %d %q", r.status, r.stderr)
	}
}
