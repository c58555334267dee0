package brotli_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/go-requests/requests/internal/brotli"
	"github.com/go-requests/requests/internal/brotli/brotlitest"
)

func decode(p []byte) ([]byte, error) {
	return io.ReadAll(brotli.NewReader(bytes.NewReader(p)))
}

func TestStreams(t *testing.T) {
	stored := brotlitest.Stored([]byte("hello"))
	long := bytes.Repeat([]byte("0123456789"), 20_000)
	tests := []struct {
		name string
		in   []byte
		want string
		err  string // "" for none; io.ErrUnexpectedEOF's text for a stream cut short
	}{
		{"an empty stream, window 16", []byte{0x06}, "", ""},
		{"an empty stream, window 17", []byte{0x81, 0x01}, "", ""},
		{"uncompressed meta-blocks", stored, "hello", ""},
		{"uncompressed meta-blocks of 64 KiB", brotlitest.Stored(long), string(long), ""},
		{"a metadata meta-block, then the last", []byte{0x0c, 0x03}, "", ""},
		{"a window of 1 KiB", []byte{0x21, 0x00, 0x00, 0x04, 'X', 0x03}, "X", ""},
		{"nothing", nil, "", io.ErrUnexpectedEOF.Error()},
		{"cut short", stored[:len(stored)-1], "", io.ErrUnexpectedEOF.Error()},
		{"cut in the data", stored[:6], "", io.ErrUnexpectedEOF.Error()},
		{"trailing data", append(bytes.Clone(stored), 0), "", "brotli: data after the end of the stream"},
		{"padding bits set after the last meta-block", []byte{0x06 | 0x80}, "", "brotli: non-zero padding bits"},
		{"the large-window extension", []byte{0x11, 0x40}, "", "brotli: the large-window extension is not supported"},
		{"a reserved bit in a metadata header", []byte{0x1c}, "", "brotli: a reserved bit is set"},
		{"a needless zero nibble", []byte{0x04, 0x00, 0x00}, "", "brotli: a length has a needless zero nibble or byte"},
	}
	for _, tt := range tests {
		got, err := decode(tt.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != tt.err || err == nil && string(got) != tt.want {
			t.Errorf("%s: %.20q, %v; want %.20q, %q", tt.name, got, err, tt.want, tt.err)
		}
	}
}

// The decoder reads its source only as far as the bytes asked for need:
// what a server flushed comes out before the rest arrives.
func TestReadsNoFurtherThanNeeded(t *testing.T) {
	stream := brotlitest.Stored([]byte("first"), []byte("second"))
	const cut = 3 + len("first") // the first meta-block: 21 bits of header, padding, data
	pr, pw := io.Pipe()
	go func() {
		pw.Write(stream[:cut])
	}()
	r := brotli.NewReader(pr)
	buf := make([]byte, 100)
	n, err := r.Read(buf)
	if err != nil || string(buf[:n]) != "first" {
		t.Fatalf("Read = %q, %v; want \"first\" before the rest is sent", buf[:n], err)
	}
	go func() {
		pw.Write(stream[cut:])
		pw.Close()
	}()
	rest, err := io.ReadAll(r)
	if err != nil || string(rest) != "second" {
		t.Fatalf("then %q, %v", rest, err)
	}
}

func TestSourceErrors(t *testing.T) {
	stored := brotlitest.Stored([]byte(strings.Repeat("x", 5000)))
	boom := errors.New("boom")
	r := brotli.NewReader(io.MultiReader(bytes.NewReader(stored[:100]), iotest.ErrReader(boom)))
	if _, err := io.ReadAll(r); err != boom {
		t.Errorf("a source failing: %v; want its error", err)
	}
	// Reads of one byte, from a source giving one byte at a time.
	got, err := io.ReadAll(iotest.OneByteReader(brotli.NewReader(iotest.OneByteReader(bytes.NewReader(stored)))))
	if err != nil || len(got) != 5000 {
		t.Errorf("a byte at a time: %d bytes, %v", len(got), err)
	}
}
