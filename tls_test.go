package requests_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// tlsServer serves over TLS with cert; with h2, HTTP/2 is offered too.
func tlsServer(t *testing.T, cert tls.Certificate, h2 bool, clientCAs *x509.CertPool) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Proto", r.Proto)
		if len(r.Header["Connection"]) > 0 {
			w.Header().Set("X-Connection", r.Header.Get("Connection"))
		}
		w.Write([]byte("secure"))
	}))
	srv.EnableHTTP2 = h2
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	if clientCAs != nil {
		srv.TLS.ClientCAs = clientCAs
		srv.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func TestTLSVerification(t *testing.T) {
	pki := testserver.NewPKI(t)
	ctx := context.Background()
	good := tlsServer(t, pki.Good, false, nil)
	s := requests.NewSession()
	defer s.Close()

	_, err := s.Get(ctx, good.URL)
	var unknown x509.UnknownAuthorityError
	if !errors.Is(err, requests.ErrSSL) || !errors.Is(err, requests.ErrConnection) || !errors.As(err, &unknown) {
		t.Fatalf("an unknown CA: %v; want ErrSSL wrapping x509.UnknownAuthorityError", err)
	}
	if resp, err := s.Get(ctx, good.URL, requests.CABundle(pki.CAFile)); err != nil || resp.Text() != "secure" {
		t.Errorf("CABundle(file): %v", err)
	}
	dir := filepath.Join(pki.Dir, "cas")
	os.Mkdir(dir, 0o755)
	data, _ := os.ReadFile(pki.CAFile)
	os.WriteFile(filepath.Join(dir, "one.pem"), data, 0o644)
	if _, err := s.Get(ctx, good.URL, requests.CABundle(dir)); err != nil {
		t.Errorf("CABundle(directory): %v", err)
	}
	if _, err := s.Get(ctx, good.URL, requests.CABundle(filepath.Join(pki.Dir, "missing.pem"))); err == nil || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("a missing CA bundle: %v; want an error naming it", err)
	}

	for name, cert := range map[string]tls.Certificate{"expired": pki.Expired, "wrong host": pki.WrongHost} {
		srv := tlsServer(t, cert, false, nil)
		_, err := s.Get(ctx, srv.URL, requests.CABundle(pki.CAFile))
		var invalid x509.CertificateInvalidError
		var host x509.HostnameError
		if !errors.Is(err, requests.ErrSSL) || !errors.As(err, &invalid) && !errors.As(err, &host) {
			t.Errorf("%s certificate: %v; want ErrSSL wrapping the x509 error", name, err)
		}
	}
}

// TestCVE_2024_35195: after a request with Verify(false), a verifying
// request on the same Session must not reuse its connection.
func TestCVE_2024_35195(t *testing.T) {
	pki := testserver.NewPKI(t)
	srv := tlsServer(t, pki.Good, false, nil)
	s := requests.NewSession()
	defer s.Close()
	ctx := context.Background()
	if resp, err := s.Get(ctx, srv.URL, requests.Verify(false)); err != nil || resp.Text() != "secure" {
		t.Fatalf("Verify(false): %v", err)
	}
	if _, err := s.Get(ctx, srv.URL); !errors.Is(err, requests.ErrSSL) {
		t.Errorf("a verifying request after Verify(false): %v; want ErrSSL", err)
	}
	if _, err := s.Get(ctx, srv.URL, requests.CABundle(pki.CAFile)); err != nil {
		t.Errorf("with the CA: %v", err)
	}
	// Same for a client certificate: a request without it does not ride on
	// the connection made with it.
	mtls := tlsServer(t, pki.Good, false, pki.Pool)
	if _, err := s.Get(ctx, mtls.URL, requests.CABundle(pki.CAFile), requests.Cert(pki.ClientCert, pki.ClientKey)); err != nil {
		t.Fatalf("with a client certificate: %v", err)
	}
	if _, err := s.Get(ctx, mtls.URL, requests.CABundle(pki.CAFile)); !errors.Is(err, requests.ErrSSL) {
		t.Errorf("without the client certificate: %v; want ErrSSL", err)
	}
}

func TestCABundleFromTheEnvironment(t *testing.T) {
	pki := testserver.NewPKI(t)
	other := testserver.NewPKI(t)
	srv := tlsServer(t, pki.Good, false, nil)
	ctx := context.Background()
	t.Setenv("REQUESTS_CA_BUNDLE", pki.CAFile)
	if _, err := requests.Get(ctx, srv.URL); err != nil {
		t.Errorf("REQUESTS_CA_BUNDLE: %v", err)
	}
	t.Setenv("REQUESTS_CA_BUNDLE", other.CAFile)
	if _, err := requests.Get(ctx, srv.URL, requests.CABundle(pki.CAFile)); err != nil {
		t.Errorf("CABundle over the environment: %v", err)
	}
	if _, err := requests.Get(ctx, srv.URL); !errors.Is(err, requests.ErrSSL) {
		t.Errorf("the environment's wrong CA: %v; want ErrSSL", err)
	}
	if _, err := requests.Get(ctx, srv.URL, requests.TrustEnv(false), requests.CABundle(pki.CAFile)); err != nil {
		t.Errorf("TrustEnv(false): %v", err)
	}
}

func TestHTTP2(t *testing.T) {
	pki := testserver.NewPKI(t)
	srv := tlsServer(t, pki.Good, true, nil)
	resp, err := requests.Get(context.Background(), srv.URL, requests.CABundle(pki.CAFile))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Proto != "HTTP/2.0" || resp.Header.Get("X-Proto") != "HTTP/2.0" {
		t.Errorf("Proto %q, the server saw %q; want HTTP/2.0", resp.Proto, resp.Header.Get("X-Proto"))
	}
	if c := resp.Header.Get("X-Connection"); c != "" {
		t.Errorf("Connection: %q was sent over HTTP/2", c)
	}
	plain := tlsServer(t, pki.Good, false, nil)
	if resp, _ := requests.Get(context.Background(), plain.URL, requests.CABundle(pki.CAFile)); resp.Proto != "HTTP/1.1" {
		t.Errorf("a server without HTTP/2: Proto %q", resp.Proto)
	}
}

func TestTiming(t *testing.T) {
	pki := testserver.NewPKI(t)
	srv := tlsServer(t, pki.Good, false, nil)
	s := requests.NewSession(requests.CABundle(pki.CAFile))
	defer s.Close()
	first, err := s.Get(context.Background(), strings.Replace(srv.URL, "127.0.0.1", "localhost", 1))
	if err != nil {
		t.Fatal(err)
	}
	tm := first.Timing
	if tm.Reused || tm.Connect <= 0 || tm.TLS <= 0 || tm.FirstByte < tm.TLS || tm.DNS <= 0 {
		t.Errorf("a new connection: %+v", tm)
	}
	second, _ := s.Get(context.Background(), strings.Replace(srv.URL, "127.0.0.1", "localhost", 1))
	if tm := second.Timing; !tm.Reused || tm.Connect != 0 || tm.TLS != 0 || tm.FirstByte <= 0 {
		t.Errorf("a reused connection: %+v", tm)
	}
	if first.Elapsed <= 0 {
		t.Errorf("Elapsed %v", first.Elapsed)
	}
}

// A trace in the caller's context sees the exchange too, and the Timing is
// still filled in.
func TestTimingWithCallersTrace(t *testing.T) {
	pki := testserver.NewPKI(t)
	srv := tlsServer(t, pki.Good, false, nil)
	s := requests.NewSession(requests.CABundle(pki.CAFile))
	defer s.Close()
	var gotConn, firstByte, connectDone atomic.Int32
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn:              func(httptrace.GotConnInfo) { gotConn.Add(1) },
		GotFirstResponseByte: func() { firstByte.Add(1) },
		ConnectDone:          func(string, string, error) { connectDone.Add(1) },
	})
	resp, err := s.Get(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if tm := resp.Timing; tm.Connect <= 0 || tm.TLS <= 0 || tm.FirstByte <= 0 {
		t.Errorf("Timing: %+v", tm)
	}
	if gotConn.Load() != 1 || firstByte.Load() != 1 || connectDone.Load() != 1 {
		t.Errorf("the caller's trace: GotConn %d, GotFirstResponseByte %d, ConnectDone %d; want 1 each", gotConn.Load(), firstByte.Load(), connectDone.Load())
	}
}
