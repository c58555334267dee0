package wire_test

import (
	"context"
	"crypto/tls"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/go-requests/requests/internal/servers"
	"github.com/go-requests/requests/internal/testserver"
	"github.com/go-requests/requests/internal/wire"
)

// BenchmarkH2GET compares HTTP/2 GETs over TLS, sequential and on 64
// goroutines, of the engine's own client connection, x/net's ClientConn
// under the engine, and net/http's Transport.
// The server is net/http's, in the process (whose work then counts), and
// nginx, out of it, when installed.
func BenchmarkH2GET(b *testing.B) {
	srv := newH2Server(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"hello":"world","n":42}`))
	}))
	b.Run("go-server", func(b *testing.B) {
		benchmarkH2GET(b, srv.URL+"/json", srv.Client().Transport.(*http.Transport).TLSClientConfig)
	})
	b.Run("nginx", func(b *testing.B) {
		base, cfg := startNginxH2(b)
		benchmarkH2GET(b, base+"/doc.json", cfg)
	})
}

// startNginxH2 starts nginx serving h2 over TLS, with nginxH2Conf and a
// small JSON document; it skips the test or benchmark when nginx is
// missing, unless REQUESTS_INTEGRATION=required.
func startNginxH2(t testing.TB, files ...servers.Files) (string, *tls.Config) {
	pki := testserver.NewPKI(t)
	cert, key := pki.WriteCert(t, pki.Good, "good")
	certPEM, _ := os.ReadFile(cert)
	keyPEM, _ := os.ReadFile(key)
	all := servers.Files{
		"good.pem":     string(certPEM),
		"good.key":     string(keyPEM),
		"www/doc.json": `{"hello":"world","n":42}`,
	}
	for _, f := range files {
		maps.Copy(all, f)
	}
	p, err := servers.Nginx(context.Background(), nginxH2Conf, all)
	if err != nil {
		if servers.IsMissing(err) && os.Getenv("REQUESTS_INTEGRATION") != "required" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return strings.Replace(p.URL, "http:", "https:", 1), &tls.Config{RootCAs: pki.Pool}
}

func benchmarkH2GET(b *testing.B, target string, cfg *tls.Config) {
	u, _ := url.Parse(target)
	buf := make([]byte, 512)
	wireGet := func(tr *wire.Transport) func() error {
		return func() error {
			req := wire.Request{Method: "GET", URL: u, Header: http.Header{"Accept": {"application/json"}}}
			var resp http.Response
			if err := tr.RoundTrip(context.Background(), &req, &resp); err != nil {
				return err
			}
			for {
				if _, err := resp.Body.Read(buf); err != nil {
					resp.Body.Close()
					if err == io.EOF {
						return nil
					}
					return err
				}
			}
		}
	}
	own := &wire.Transport{TLSConfig: cfg}
	legacy := &wire.Transport{TLSConfig: cfg, H2Legacy: true}
	std := &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}
	b.Cleanup(func() { own.CloseIdleConnections(); legacy.CloseIdleConnections(); std.CloseIdleConnections() })
	netGet := func() error {
		req, _ := http.NewRequest("GET", u.String(), nil)
		req.Header.Set("Accept", "application/json")
		resp, err := std.RoundTrip(req)
		if err != nil {
			return err
		}
		io.CopyBuffer(io.Discard, resp.Body, buf)
		return resp.Body.Close()
	}
	clients := []struct {
		name string
		get  func() error
	}{{"own", wireGet(own)}, {"x-net", wireGet(legacy)}, {"net-http", netGet}}
	for _, c := range clients {
		if err := c.get(); err != nil { // the connection
			b.Fatal(c.name, err)
		}
		b.Run(c.name+"/sequential", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.get(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/64-streams", func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := c.get(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
