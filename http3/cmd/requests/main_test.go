package main

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-requests/requests/http3/internal/testcert"

	"github.com/go-requests/requests/internal/cli"
	qhttp3 "github.com/quic-go/quic-go/http3"
	"go.uber.org/goleak"
)

// cert is the certificate of the test servers, for 127.0.0.1, and caFile
// its PEM file, for --verify.
var (
	cert   tls.Certificate
	caFile string
)

// TestMain makes the certificate, and checks that nothing is left running
// at the end (the Transport closed at exit).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "requests-http3")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var c *testcert.Cert
	if c, err = testcert.New(); err == nil {
		cert = c.TLS
		caFile = filepath.Join(dir, "ca.pem")
		err = os.WriteFile(caFile, c.CertPEM, 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// protoHandler answers with the protocol the request came over.
var protoHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.Proto) })

// startOrigin serves h over HTTPS on TCP and, with h3, over HTTP/3 on
// the UDP port of the same number, where --http3 looks for it; it
// returns the origin's URL. The servers stop at the end of the test.
func startOrigin(t *testing.T, h http.Handler, h3 bool) string {
	t.Helper()
	tlsConf := &tls.Config{Certificates: []tls.Certificate{cert}}
	for try := 0; ; try++ {
		tcp := httptest.NewUnstartedServer(h)
		tcp.TLS = tlsConf
		port := tcp.Listener.Addr().(*net.TCPAddr).Port
		if !h3 {
			tcp.StartTLS()
			t.Cleanup(tcp.Close)
			return tcp.URL
		}
		udp, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			tcp.Close()
			if try == 20 {
				t.Fatalf("no UDP port to match TCP port %d: %v", port, err)
			}
			continue
		}
		srv := &qhttp3.Server{Handler: h, TLSConfig: tlsConf}
		done := make(chan struct{})
		go func() {
			defer close(done)
			srv.Serve(udp)
		}()
		tcp.StartTLS()
		t.Cleanup(func() {
			srv.Close()
			udp.Close()
			<-done
			tcp.Close()
		})
		return tcp.URL
	}
}

// runCommand runs the command in-process, its streams piped.
func runCommand(args ...string) (status int, stdout, stderr string) {
	var out, errb bytes.Buffer
	status = run(args, &cli.Env{Stdout: &out, Stderr: &errb})
	return status, out.String(), errb.String()
}

func TestHTTP3(t *testing.T) {
	h3 := startOrigin(t, protoHandler, true)
	tcpOnly := startOrigin(t, protoHandler, false)
	plain := httptest.NewServer(protoHandler)
	t.Cleanup(plain.Close)
	cases := []struct {
		name           string
		args           []string
		status         int
		stdout, stderr string // stdout's start, stderr's
	}{
		{"an https origin that speaks HTTP/3 is reached over HTTP/3, trusted by --verify", []string{"--http3", "--verify", caFile, "-p", "hb", h3 + "/"},
			0, "HTTP/3.0 200 OK\n", ""},
		{"--verify no reaches HTTP/3 too", []string{"--http3", "--verify", "no", "-p", "hb", h3 + "/"}, 0, "HTTP/3.0 200 OK\n", ""},
		{"an untrusted certificate is refused, over HTTP/3 as over TCP", []string{"--http3", h3 + "/"}, 1, "",
			"requests: error: TLS error: GET " + h3 + "/"},
		{"an origin without HTTP/3 is reached over TCP", []string{"--http3", "--verify", caFile, tcpOnly + "/"}, 0, "HTTP/1.1", ""},
		{"an http URL goes over TCP, without a word", []string{"--http3", plain.URL + "/"}, 0, "HTTP/1.1", ""},
		{"without --http3, TCP", []string{"--verify", caFile, h3 + "/"}, 0, "HTTP/1.1", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, stdout, stderr := runCommand(c.args...)
			if status != c.status || !strings.HasPrefix(stdout, c.stdout) || !strings.HasPrefix(stderr, c.stderr) || c.stderr == "" && stderr != "" {
				t.Errorf("requests %q: exit %d, stdout %q, stderr %q; want %d, %q and %q", c.args, status, stdout, stderr, c.status, c.stdout, c.stderr)
			}
			if strings.HasPrefix(c.stdout, "HTTP/3.0") && !strings.HasSuffix(stdout, "\n\nHTTP/3.0") {
				t.Errorf("requests %q: the handler did not see HTTP/3: %q", c.args, stdout)
			}
		})
	}
}

// TestHTTP3Refuses checks that --http3 is refused with the options it
// would not be used with, or would not keep the setting of.
func TestHTTP3Refuses(t *testing.T) {
	cases := []struct {
		args  []string
		other string
	}{
		{[]string{"--http3", "--proxy", "http://127.0.0.1:3128", "https://example.test/"}, "--proxy"},
		{[]string{"--proxy=https:http://127.0.0.1:3128", "--http3", "https://example.test/"}, "--proxy"},
		{[]string{"--http3", "--unix-socket", "/run/x.sock", "https://example.test/"}, "--unix-socket"},
		{[]string{"--http3", "--path-as-is", "https://example.test/a/../b"}, "--path-as-is"},
	}
	for _, c := range cases {
		status, stdout, stderr := runCommand(c.args...)
		want := "requests: error: --http3 cannot be used with " + c.other + "\n"
		if status != 2 || stdout != "" || stderr != want {
			t.Errorf("requests %q: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, status, stdout, stderr, want)
		}
	}
}
