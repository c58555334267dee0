package brotlidiff

import (
	"bytes"
	"io"
	"testing"

	andy "github.com/andybalholm/brotli"
	"github.com/go-requests/requests/internal/brotli"
)

// outputLimit bounds what a fuzzed stream may decode to: a few bytes of
// brotli can ask for gigabytes.
const outputLimit = 4 << 20

// readAll reads up to outputLimit bytes; full reports the limit reached.
func readAll(r io.Reader) (out []byte, full bool, err error) {
	out, err = io.ReadAll(io.LimitReader(r, outputLimit+1))
	if len(out) > outputLimit {
		return out[:outputLimit], true, nil
	}
	return out, false, err
}

// FuzzDecode decodes arbitrary bytes with both decoders: they must agree
// on success and output, or both fail. It also compresses the bytes as a
// plaintext, at the quality and window the fuzzer picks, and checks that
// they come back.
func FuzzDecode(f *testing.F) {
	for _, s := range corpus() {
		d := s.data[:min(len(s.data), 2000)]
		f.Add(encode(f, d, 5, 16), uint8(5), uint8(16))
		f.Add(encode(f, d, 11, 10), uint8(11), uint8(10))
		f.Add(encode(f, d, 1, 22), uint8(1), uint8(22))
	}
	f.Add([]byte{0x06}, uint8(0), uint8(10))
	f.Add([]byte{0x81, 0x01}, uint8(0), uint8(10))
	f.Fuzz(func(t *testing.T, data []byte, quality, lgwin uint8) {
		// The andybalholm decoder sees trailing bytes only within its
		// first 32 KiB buffer; ours reads its source to the end.
		if len(data) <= 32<<10 {
			ours, oursFull, oursErr := readAll(brotli.NewReader(bytes.NewReader(data)))
			theirs, theirsFull, theirsErr := readAll(andy.NewReader(bytes.NewReader(data)))
			switch {
			case oursFull || theirsFull:
				n := min(len(ours), len(theirs))
				if !bytes.Equal(ours[:n], theirs[:n]) {
					t.Fatalf("outputs past the limit differ")
				}
			case (oursErr == nil) != (theirsErr == nil):
				t.Fatalf("ours: %d bytes, %v; andybalholm/brotli: %d bytes, %v", len(ours), oursErr, len(theirs), theirsErr)
			case oursErr == nil && !bytes.Equal(ours, theirs):
				t.Fatalf("ours decoded %d bytes, andybalholm/brotli %d, and they differ", len(ours), len(theirs))
			}
		}
		q, w := int(quality%12), 10+int(lgwin%15)
		got, _, err := readAll(brotli.NewReader(bytes.NewReader(encode(t, data, q, w))))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("quality %d, window %d: %d bytes, %v; want %d bytes", q, w, len(got), err, len(data))
		}
	})
}
