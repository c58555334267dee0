package brotli_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/go-requests/requests/internal/brotli"
	"github.com/go-requests/requests/internal/brotli/brotlitest"
)

// FuzzReader decodes arbitrary bytes: the decoder must not panic, loop or
// take memory the bytes do not account for; and the bytes, stored in a
// stream, must come back.
func FuzzReader(f *testing.F) {
	f.Add([]byte{0x06})
	f.Add([]byte{0x0b, 0x00, 0x80, 0x58, 0x00, 0x00, 0x03})
	f.Add([]byte{0x1b, 0x1d, 0x00, 0xf8, 0xa5, 0x40, 0x72, 0x62, 0x66, 0x42, 0x31, 0x40, 0xe0, 0x04, 0x03})
	f.Add(brotlitest.Stored([]byte("hello")))
	f.Fuzz(func(t *testing.T, data []byte) {
		io.Copy(io.Discard, io.LimitReader(brotli.NewReader(bytes.NewReader(data)), 16<<20))
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(brotlitest.Stored(data))))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("stored %d bytes: %d bytes, %v", len(data), len(got), err)
		}
	})
}
