package requests_test

// The third round's faults (issue "faults, third round"): each test names
// the defect it guards against.

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
	"github.com/go-requests/requests/requeststest"
)

// slowBody yields n chunks, one every gap.
type slowBody struct {
	n   int
	gap time.Duration
}

func (b *slowBody) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(b.gap)
	b.n--
	return copy(p, "chunk "), nil
}

// Defect 1: an HTTP/2 upload longer than the read timeout failed with
// ErrReadTimeout, the timer running from the start of the round trip while
// nothing reset it as the body went out. An upload that progresses is no
// silence, over HTTP/2 as over HTTP/1.1.
func TestH2UploadLongerThanReadTimeout(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %d", r.Proto, len(b))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close) // after the parallel cases, which a defer would not wait for
	s := requests.NewSession(requests.Verify(false))
	t.Cleanup(func() { s.Close() })
	for _, name := range []string{"engine", "wrapped"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opts := []requests.Option{requests.Data(&slowBody{n: 6, gap: 150 * time.Millisecond}), requests.Timeout{Read: 500 * time.Millisecond}}
			if name == "wrapped" {
				opts = append(opts, requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper { return next }))
			}
			resp, err := s.Post(context.Background(), srv.URL, opts...)
			if err != nil {
				t.Fatalf("a 900 ms HTTP/2 upload with a 500 ms read timeout: %v", err)
			}
			if resp.Text() != "HTTP/2.0 36" {
				t.Errorf("the server got %q; want HTTP/2.0 36", resp.Text())
			}
		})
	}
}

// Defect 2: Content-Length was trusted as an allocation size: eight
// responses announcing 60 MB and sending 10 bytes allocated 457 MiB.
func TestAnnouncedLengthIsNoAllocationSize(t *testing.T) {
	leakCheck(t)
	url := testserver.Raw(t, testserver.ReplyAndClose("HTTP/1.1 200 OK\r\nContent-Length: 60000000\r\n\r\n0123456789"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 8 {
		if _, err := requests.Get(context.Background(), url); !errors.Is(err, requests.ErrRequest) {
			t.Fatalf("a body cut short of its Content-Length: %v; want an error", err)
		}
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("eight 10-byte bodies announcing 60 MB allocated %d MiB; want what was received, not what was announced", grew>>20)
	}
}

// DownloadProgress works on any response, streamed or not, not only with
// Download.
func TestDownloadProgressOnAnyResponse(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write(make([]byte, 100000))
	}))
	defer srv.Close()
	for _, stream := range []bool{false, true} {
		var last, total int64
		resp, err := requests.Get(context.Background(), srv.URL, requests.Stream(stream), requests.DownloadProgress(func(done, n int64) { last, total = done, n }))
		if err != nil {
			t.Fatal(err)
		}
		if stream {
			io.Copy(io.Discard, resp.Reader())
			resp.Close()
		}
		if last != 100000 || total != 100000 {
			t.Errorf("Stream(%v): DownloadProgress last told %d of %d; want 100000 of 100000", stream, last, total)
		}
	}
}

// Defect 3: a redirect's body was read whole, even with Stream(true), and
// kept in History: an endless one grew without bound.
func TestRedirectBodyIsBounded(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/end" {
			fmt.Fprint(w, "end")
			return
		}
		w.Header().Set("Location", "/end")
		w.WriteHeader(http.StatusFound)
		chunk := make([]byte, 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	for _, stream := range []bool{false, true} {
		resp, err := requests.Get(context.Background(), srv.URL+"/endless", requests.Stream(stream))
		if err != nil {
			t.Fatalf("a 302 with an endless body: %v", err)
		}
		if resp.Text() != "end" || len(resp.History) != 1 || len(resp.History[0].Content()) > 64<<10 {
			t.Errorf("Stream(%v): %q after %d redirects, the redirect's kept body %d bytes; want end, 1, at most 64 KiB", stream, resp.Text(), len(resp.History), len(resp.History[0].Content()))
		}
		resp.Close()
	}
}

// Defect 4: a streamed body could not be reliably stopped: after Reader(),
// resp.Close() did nothing; Close from another goroutine did not end an
// IterContent loop; Reader().Close() during a Read was a data race. Each
// is checked over the engine (HTTP/1.1 and HTTP/2) and over net/http.
func TestClosingAStreamedBodyStopsIt(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	gone := make(chan struct{}, 16)
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 1024)
		for {
			if _, err := w.Write(chunk); err != nil {
				break
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				gone <- struct{}{}
				return
			case <-time.After(time.Millisecond):
			}
		}
		gone <- struct{}{}
	})
	h1 := httptest.NewServer(endless)
	defer h1.Close()
	h2 := httptest.NewUnstartedServer(endless)
	h2.EnableHTTP2 = true
	h2.StartTLS()
	defer h2.Close()
	cases := []struct {
		name string
		url  string
		opts []requests.Option
	}{
		{"HTTP/1.1", h1.URL, nil},
		{"HTTP/2", h2.URL, []requests.Option{requests.Verify(false)}},
		{"net/http", h1.URL, []requests.Option{requests.Transport(&http.Transport{})}},
	}
	waitGone := func(what string) {
		t.Helper()
		select {
		case <-gone:
		case <-time.After(5 * time.Second):
			t.Errorf("%s: the server still sends 5 s later", what)
		}
	}
	for _, c := range cases {
		opts := append(c.opts, requests.Stream(true))

		// resp.Close after Reader.
		resp, err := requests.Get(context.Background(), c.url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Reader()
		r.Read(make([]byte, 10))
		resp.Close()
		if _, err := r.Read(make([]byte, 10)); err == nil {
			t.Errorf("%s: a Read after resp.Close succeeded", c.name)
		}
		waitGone(c.name + ": resp.Close after Reader")

		// resp.Close from another goroutine ends IterContent.
		resp, err = requests.Get(context.Background(), c.url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(30*time.Millisecond, func() { resp.Close() })
		done := make(chan int)
		go func() {
			n := 0
			for _, err := range resp.IterContent(512) {
				if err != nil || n > 1e6 {
					break
				}
				n++
			}
			done <- n
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: an IterContent loop went on 5 s after resp.Close from another goroutine", c.name)
		}
		waitGone(c.name + ": resp.Close during IterContent")

		// Reader().Close() during a Read (run with -race).
		resp, err = requests.Get(context.Background(), c.url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		r = resp.Reader()
		reading := make(chan struct{})
		go func() {
			buf := make([]byte, 64<<10)
			close(reading)
			for {
				if _, err := r.Read(buf); err != nil {
					return
				}
			}
		}()
		<-reading
		time.Sleep(5 * time.Millisecond)
		r.Close()
		waitGone(c.name + ": Reader().Close during a Read")
	}
}

// Defect 6: an https proxy for http:// URLs ignored CABundle and
// Verify(false), and a TLS failure with a proxy was ErrSSL but not ErrProxy
// (requests raises ProxyError).
func TestHTTPSProxyForHTTPURLsKeepsTheTLSSettings(t *testing.T) {
	leakCheck(t)
	pki := testserver.NewPKI(t)
	proxy := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "proxied ", r.URL.String())
	}))
	proxy.TLS = &tls.Config{Certificates: []tls.Certificate{pki.Good}}
	proxy.StartTLS()
	defer proxy.Close()
	via := requests.Proxies{"http": proxy.URL}
	for name, opt := range map[string]requests.Option{"CABundle": requests.CABundle(pki.CAFile), "Verify(false)": requests.Verify(false)} {
		resp, err := requests.Get(context.Background(), "http://origin.example/x", via, opt)
		if err != nil || resp.Text() != "proxied http://origin.example/x" {
			t.Errorf("an https proxy with %s: %v, %v; want the proxy's answer", name, resp, err)
		}
	}
	_, err := requests.Get(context.Background(), "http://origin.example/x", via)
	if !errors.Is(err, requests.ErrProxy) || !errors.Is(err, requests.ErrSSL) {
		t.Errorf("an https proxy whose certificate is not trusted: %v; want ErrProxy and ErrSSL", err)
	}
}

// Defect 7: a 101 answer to an Upgrade request hung until the read timeout
// and then reported ErrChunkedEncoding; requests and net/http return the
// 101 at once. Through the RoundTripper its Body is the connection, which
// writes too, as net/http's is.
func TestSwitchingProtocolsReturnsAtOnce(t *testing.T) {
	leakCheck(t)
	url := testserver.Raw(t, func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"))
		buf := make([]byte, 64)
		for {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			c.Write(buf[:n])
		}
	})
	upgrade := requests.Headers{"Upgrade": "echo", "Connection": "Upgrade"}
	start := time.Now()
	resp, err := requests.Get(context.Background(), url, upgrade, requests.Timeout{Read: 5 * time.Second})
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols || len(resp.Content()) != 0 {
		t.Fatalf("Get with Upgrade, answered 101: %v, %v; want the 101 with no content", resp, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the 101 came back after %v; want at once", d)
	}

	s := requests.NewSession()
	defer s.Close()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Upgrade", "echo")
	req.Header.Set("Connection", "Upgrade")
	hresp, err := s.RoundTripper().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer hresp.Body.Close()
	rw, ok := hresp.Body.(io.ReadWriteCloser)
	if !ok {
		t.Fatalf("a 101's Body through RoundTripper is %T; want an io.ReadWriteCloser", hresp.Body)
	}
	rw.Write([]byte("ping"))
	got := make([]byte, 4)
	if _, err := io.ReadFull(rw, got); err != nil || string(got) != "ping" {
		t.Errorf("the switched connection echoed %q, %v; want ping", got, err)
	}
}

// Defect 8: a file that grew while it was uploaded was cut at its
// Content-Length, the multipart closing boundary lost, and the call
// reported success.
func TestFileThatGrowsWhileSentFails(t *testing.T) {
	leakCheck(t)
	var complete atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err == nil {
			complete.Add(1)
		}
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "log")
	grow := requests.RequestHook(func(*requests.PreparedRequest) error {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.Write([]byte("a line written after the length was taken\n"))
		return err
	})
	for _, name := range []string{"Data(file)", "Files"} {
		if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 100<<10), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		body := requests.Data(f)
		if name == "Files" {
			body = requests.Files{"log": requests.File(path)}
		}
		_, err = requests.Post(context.Background(), srv.URL, body, grow)
		f.Close()
		if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), "grew") {
			t.Errorf("%s: a file that grew as it was sent: %v; want an error that says so", name, err)
		}
	}
	if n := complete.Load(); n != 0 {
		t.Errorf("the server read %d complete bodies; want none (the request must not arrive cut)", n)
	}
}

// The redaction policy: the Logger, Curl and requeststest.Record hide the
// same secrets (the defaults, and names added with Redact or
// RecordRedacting), and the Logger gives headers as attributes.
func TestOneRedactionPolicy(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Session-Token", "server-secret")
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	secrets := []string{"k-123", "t-456", "tenant-789", "server-secret"}
	url := srv.URL + "/v1?access_token=t-456&page=2"

	var logged bytes.Buffer
	dir := t.TempDir()
	s := requests.NewSession(
		requests.Logger(slog.New(slog.NewJSONHandler(&logged, nil))),
		requests.Redact("X-Tenant"),
		requests.Headers{"X-Api-Key": "k-123", "X-Tenant": "tenant-789"},
		requests.Transport(requeststest.RecordRedacting(dir, nil, "X-Tenant")),
	)
	defer s.Close()
	resp, err := s.Get(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 1 {
		t.Fatalf("Record wrote %v", files)
	}
	recorded, _ := os.ReadFile(files[0])
	for what, text := range map[string]string{"Logger": logged.String(), "Curl": resp.Request.Curl(false), "Record": string(recorded)} {
		for _, secret := range secrets {
			if secret == "server-secret" && what == "Curl" {
				continue // a request only
			}
			if strings.Contains(text, secret) {
				t.Errorf("%s shows %q:\n%s", what, secret, text)
			}
		}
		if !strings.Contains(text, "page=2") {
			t.Errorf("%s hides page=2, which is no secret:\n%s", what, text)
		}
	}
	if !strings.Contains(logged.String(), `"request_headers":{"Accept":"*/*"`) {
		t.Errorf("the Logger does not give the headers as attributes:\n%s", logged.String())
	}
}
