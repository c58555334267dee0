package httpcache

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkHit is a fresh hit from a MemoryStore, its body read.
func BenchmarkHit(b *testing.B) {
	tr, _, _ := setup(&testing.T{}, func(req *http.Request, n int) *http.Response {
		return reply(200, `{"id": 12345, "name": "requests for Go"}`, "Cache-Control: max-age=3600", "Content-Type: application/json", "Etag: \"x\"")
	})
	req, _ := http.NewRequest("GET", u, nil)
	resp, _ := tr.RoundTrip(req)
	io.ReadAll(resp.Body)
	resp.Body.Close()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := tr.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
