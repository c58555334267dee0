package http3_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-requests/requests/http3/internal/testcert"

	"github.com/quic-go/quic-go/http3"
)

// servers is an origin served over TCP (HTTPS) and, unless tcpOnly, over
// HTTP/3 on UDP, the same port number when it is free.
type servers struct {
	URL     string // https://127.0.0.1:port
	TCPPort int
	UDPPort int // 0 when there is no HTTP/3 listener
	cert    *testcert.Cert
	tcp     *httptest.Server
	h3      *http3.Server
	udp     net.PacketConn
	done    chan struct{}
}

// startServers starts h over TCP and, unless tcpOnly, over HTTP/3, with
// udpCert over HTTP/3 when it is not nil. Every response carries an
// Alt-Svc header naming the HTTP/3 endpoint, unless the handler set one
// itself.
func startServers(cert, udpCert *testcert.Cert, h http.Handler, tcpOnly bool) (*servers, error) {
	s := &servers{cert: cert}
	withAltSvc := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.UDPPort != 0 && w.Header().Get("Alt-Svc") == "" {
			if s.UDPPort == s.TCPPort {
				w.Header().Set("Alt-Svc", fmt.Sprintf(`h3=":%d"; ma=3600`, s.UDPPort))
			} else {
				w.Header().Set("Alt-Svc", fmt.Sprintf(`h3="127.0.0.1:%d"; ma=3600`, s.UDPPort))
			}
		}
		h.ServeHTTP(w, r)
	})
	// The same port number for both when it is free: a few tries. The
	// ports are known before anything is served, as the handler reads them.
	var udp net.PacketConn
	for try := 0; ; try++ {
		s.tcp = httptest.NewUnstartedServer(withAltSvc)
		s.tcp.TLS = &tls.Config{Certificates: []tls.Certificate{cert.TLS}}
		s.TCPPort = s.tcp.Listener.Addr().(*net.TCPAddr).Port
		if tcpOnly {
			break
		}
		var err error
		if udp, err = net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(s.TCPPort)); err == nil {
			break
		}
		if try < 10 {
			s.tcp.Close()
			continue
		}
		if udp, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			s.tcp.Close()
			return nil, err
		}
		break
	}
	if udp != nil {
		s.udp = udp
		s.UDPPort = udp.LocalAddr().(*net.UDPAddr).Port
		if udpCert == nil {
			udpCert = cert
		}
		s.h3 = &http3.Server{
			Handler:   withAltSvc,
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{udpCert.TLS}},
		}
		s.done = make(chan struct{})
		go func() {
			defer close(s.done)
			s.h3.Serve(udp)
		}()
	}
	s.tcp.StartTLS()
	s.URL = s.tcp.URL
	return s, nil
}

// Close stops both servers.
func (s *servers) Close() {
	if s.h3 != nil {
		s.h3.Close()
		s.udp.Close()
		<-s.done
	}
	s.tcp.Close()
}

// fixture starts servers for a test, stopped at its end, and writes the
// certificate's PEM for the Session's CABundle.
func fixture(t *testing.T, h http.Handler, tcpOnly bool) (*servers, string) {
	t.Helper()
	return fixtureCerts(t, h, tcpOnly, nil)
}

// fixtureCerts is fixture with a certificate of its own over HTTP/3,
// udpCert, when it is not nil.
func fixtureCerts(t *testing.T, h http.Handler, tcpOnly bool, udpCert *testcert.Cert) (*servers, string) {
	t.Helper()
	cert, err := testcert.New()
	if err != nil {
		t.Fatal(err)
	}
	s, err := startServers(cert, udpCert, h, tcpOnly)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, cert.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// protoHandler answers with the protocol the request came over, and
// echoes the request body after it.
var protoHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, r.Proto)
	io.Copy(w, r.Body)
})
