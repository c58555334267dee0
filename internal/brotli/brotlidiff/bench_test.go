package brotlidiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	andy "github.com/andybalholm/brotli"
	"github.com/go-requests/requests/internal/brotli"
)

// jsonDoc makes about n bytes of an API's JSON answer.
func jsonDoc(n int) []byte {
	r := rand.New(rand.NewPCG(7, 7))
	type item struct {
		ID      int      `json:"id"`
		Name    string   `json:"name"`
		Email   string   `json:"email"`
		Active  bool     `json:"active"`
		Score   float64  `json:"score"`
		Tags    []string `json:"tags"`
		Comment string   `json:"comment"`
	}
	var items []item
	for size := 0; size < n; size += 200 {
		w := string(words(30+r.IntN(60), r.Uint64()))
		items = append(items, item{len(items), fmt.Sprintf("user%d", r.IntN(1e5)), fmt.Sprintf("u%d@example.com", r.IntN(1e5)), r.IntN(2) == 0, r.Float64() * 100, []string{"a", "beta", "gamma"}[:r.IntN(3)], w})
	}
	p, _ := json.MarshalIndent(map[string]any{"items": items}, "", "  ")
	return p[:min(len(p), n)]
}

func BenchmarkDecode(b *testing.B) {
	inputs := []struct {
		name string
		data []byte
	}{
		{"text-1MiB", words(1<<20, 11)},
		{"json-64KiB", jsonDoc(64 << 10)},
	}
	decoders := []struct {
		name string
		new  func(io.Reader) io.Reader
	}{
		{"ours", func(r io.Reader) io.Reader { return brotli.NewReader(r) }},
		{"andybalholm", func(r io.Reader) io.Reader { return andy.NewReader(r) }},
	}
	for _, in := range inputs {
		for _, quality := range []int{6, 11} {
			enc := encode(b, in.data, quality, 22)
			for _, d := range decoders {
				b.Run(fmt.Sprintf("%s/q%d/%s", in.name, quality, d.name), func(b *testing.B) {
					b.SetBytes(int64(len(in.data)))
					buf := make([]byte, 32<<10)
					for b.Loop() {
						r := d.new(bytes.NewReader(enc))
						n := 0
						for {
							k, err := r.Read(buf)
							n += k
							if err == io.EOF {
								break
							}
							if err != nil {
								b.Fatal(err)
							}
						}
						if n != len(in.data) {
							b.Fatalf("%d bytes; want %d", n, len(in.data))
						}
					}
				})
			}
		}
	}
}
