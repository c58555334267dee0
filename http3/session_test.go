package http3_test

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/http3"
)

// The Session's TLS settings, not TLSClientConfig, are QUIC's within a
// Session, and requests with different settings never share a connection.
func TestSessionTLSSettingsReachHTTP3(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	if srv.UDPPort != srv.TCPPort {
		t.Skip("the UDP port of the same number is taken")
	}
	t.Run("CABundle", func(t *testing.T) {
		s := newSession(t, &http3.Transport{Force: true}, ca)
		if resp := get(t, s, srv.URL); resp.Proto != "HTTP/3.0" {
			t.Fatalf("Proto %q with the Session's CABundle; want HTTP/3.0", resp.Proto)
		}
	})
	t.Run("Verify(false) is not shared", func(t *testing.T) {
		tr := &http3.Transport{Force: true, BrokenFor: time.Millisecond}
		s := requests.NewSession(requests.WrapTransport(tr.Wrap), requests.TrustEnv(false))
		defer tr.Close()
		defer s.Close()
		resp := get(t, s, srv.URL, requests.Verify(false))
		if resp.Proto != "HTTP/3.0" {
			t.Fatalf("Proto %q with Verify(false); want HTTP/3.0", resp.Proto)
		}
		// The next request verifies: neither its QUIC attempt nor TCP may
		// take the unverified connection.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := s.Get(ctx, srv.URL)
		if !errors.Is(err, requests.ErrSSL) {
			t.Fatalf("a verifying request after Verify(false): %v; want ErrSSL", err)
		}
	})
}

// A request the Session sends through a proxy never goes over HTTP/3.
func TestProxyKeepsRequestsOffHTTP3(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	var tunnels atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		tunnels.Add(1)
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		w.WriteHeader(http.StatusOK)
		down, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer down.Close()
		go func() {
			io.Copy(up, buf)
			up.(*net.TCPConn).CloseWrite()
		}()
		io.Copy(down, up)
	}))
	defer proxy.Close()
	s := newSession(t, &http3.Transport{Force: true}, ca, requests.Proxies{"https": proxy.URL})
	for i := range 2 {
		resp := get(t, s, srv.URL)
		if resp.Proto == "HTTP/3.0" || resp.Text() == "HTTP/3.0" {
			t.Fatalf("request %d through a proxy went over HTTP/3", i+1)
		}
	}
	if n := tunnels.Load(); n == 0 {
		t.Fatalf("the proxy saw no tunnel")
	}
	s.Close() // the tunnel's connection, before the proxy stops
}

// Timing is filled over HTTP/3 as over TCP: the handshake is both the
// connection and TLS.
func TestTimingOverHTTP3(t *testing.T) {
	srv, ca := fixture(t, protoHandler, false)
	if srv.UDPPort != srv.TCPPort {
		t.Skip("the UDP port of the same number is taken")
	}
	s := newSession(t, &http3.Transport{Force: true}, ca)
	first := get(t, s, srv.URL)
	tm := first.Timing
	if first.Proto != "HTTP/3.0" || tm.Reused || tm.Connect <= 0 || tm.TLS <= 0 || tm.FirstByte <= 0 {
		t.Fatalf("first request: Proto %q, Timing %+v; want HTTP/3.0 with Connect, TLS and FirstByte", first.Proto, tm)
	}
	second := get(t, s, srv.URL)
	if tm := second.Timing; !tm.Reused || tm.Connect != 0 || tm.FirstByte <= 0 {
		t.Fatalf("second request: Timing %+v; want Reused, no Connect, a FirstByte", tm)
	}
	// Session.Close closes the idle QUIC connection: the next request
	// makes a new one.
	s.Close()
	if tm := get(t, s, srv.URL).Timing; tm.Reused {
		t.Fatalf("after Session.Close: Timing %+v; want a new connection", tm)
	}
}

// An origin's later alternatives are tried when the first does not answer.
func TestLaterAlternativeIsTried(t *testing.T) {
	dead, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := dead.LocalAddr().(*net.UDPAddr).Port
	dead.Close()
	var udpPort atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Alt-Svc", fmt.Sprintf(`h3="127.0.0.1:%d"; ma=60, h3="127.0.0.1:%d"; ma=60`, deadPort, udpPort.Load()))
		protoHandler(w, r)
	})
	srv, ca := fixture(t, h, false)
	udpPort.Store(int32(srv.UDPPort))
	s := newSession(t, &http3.Transport{}, ca)
	get(t, s, srv.URL)
	resp := get(t, s, srv.URL)
	if resp.Proto != "HTTP/3.0" || !strings.HasPrefix(resp.Text(), "HTTP/3.0") {
		t.Fatalf("after an Alt-Svc whose first alternative is dead: Proto %q; want HTTP/3.0 by the second", resp.Proto)
	}
}

// The Session's rules run above HTTP/3 as above TCP: redirects, cookies,
// retries and decompression.
func TestSessionRulesOverHTTP3(t *testing.T) {
	var failed atomic.Bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/start":
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: r.Proto})
			http.Redirect(w, r, "/flaky", http.StatusFound)
		case "/flaky":
			if !failed.Swap(true) {
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
			c, _ := r.Cookie("seen")
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			fmt.Fprintf(gz, "%s cookie=%v", r.Proto, c != nil && c.Value == "HTTP/3.0")
			gz.Close()
		}
	})
	srv, ca := fixture(t, h, false)
	if srv.UDPPort != srv.TCPPort {
		t.Skip("the UDP port of the same number is taken")
	}
	s := newSession(t, &http3.Transport{Force: true}, ca, requests.Retry{Status: 1, StatusForcelist: []int{503}})
	resp := get(t, s, srv.URL+"/start")
	if got := resp.Text(); got != "HTTP/3.0 cookie=true" || resp.Proto != "HTTP/3.0" || len(resp.History) != 1 {
		t.Fatalf("Proto %q, %d redirects, body %q; want HTTP/3.0, 1, %q", resp.Proto, len(resp.History), got, "HTTP/3.0 cookie=true")
	}
}

// A Session's connect timeout shorter than DialTimeout bounds the QUIC
// attempt too.
func TestConnectTimeoutBoundsTheQUICDial(t *testing.T) {
	srv, ca := fixture(t, protoHandler, true) // nothing on UDP
	s := newSession(t, &http3.Transport{Force: true, DialTimeout: 5 * time.Second}, ca,
		requests.Timeout{Connect: 100 * time.Millisecond})
	start := time.Now()
	resp := get(t, s, srv.URL)
	if d := time.Since(start); d > 2*time.Second || resp.Proto == "HTTP/3.0" {
		t.Fatalf("Get took %v over %s; want TCP after the 100 ms connect timeout, not the 5 s DialTimeout", d, resp.Proto)
	}
}
