package wire_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"testing"

	"github.com/go-requests/requests/internal/wire"
)

// BenchmarkH2GET compares HTTP/2 GETs over TLS, sequential and on 64
// goroutines, of the engine's own client connection, x/net's ClientConn
// under the engine, and net/http's Transport.
func BenchmarkH2GET(b *testing.B) {
	srv := newH2Server(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"hello":"world","n":42}`))
	}))
	cfg := srv.Client().Transport.(*http.Transport).TLSClientConfig
	u, _ := url.Parse(srv.URL + "/json")
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
