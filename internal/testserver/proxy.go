package testserver

import (
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// ProxySeen is what a test proxy received: for each request, its method,
// target and Proxy-Authorization header.
type ProxySeen struct {
	mu   sync.Mutex
	seen [][3]string
}

// All returns the requests seen so far.
func (p *ProxySeen) All() [][3]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][3]string(nil), p.seen...)
}

// Proxy starts an HTTP forward proxy that tunnels CONNECT, and requires
// Basic credentials user:pass unless user is empty. It returns its URL
// (without credentials).
func Proxy(t testing.TB, user, pass string) (string, *ProxySeen) {
	seen := &ProxySeen{}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Proxy-Authorization")
		target := r.Host
		if r.Method != http.MethodConnect {
			target = r.URL.String()
		}
		seen.mu.Lock()
		seen.seen = append(seen.seen, [3]string{r.Method, target, auth})
		seen.mu.Unlock()
		if user != "" && auth != want {
			w.Header().Set("Proxy-Authenticate", `Basic realm="proxy"`)
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		if r.Method == http.MethodConnect {
			upstream, err := net.DialTimeout("tcp", r.Host, 5*time.Second)
			if err != nil {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			client, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				upstream.Close()
				return
			}
			// Answer the CONNECT ourselves, then pass anything the client
			// sent early on to the upstream.
			client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
			if n := buf.Reader.Buffered(); n > 0 {
				early, _ := buf.Reader.Peek(n)
				upstream.Write(early)
			}
			done := make(chan struct{}, 2)
			go func() { io.Copy(upstream, client); done <- struct{}{} }()
			go func() { io.Copy(client, upstream); done <- struct{}{} }()
			<-done
			client.Close()
			upstream.Close()
			<-done
			return
		}
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.Header.Del("Proxy-Authorization")
		resp, err := transport.RoundTrip(out)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, seen
}
