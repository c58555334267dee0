package requests_test

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/brotli/brotlitest"
	"github.com/go-requests/requests/internal/testserver"
	"github.com/klauspost/compress/zstd"
)

var plain = strings.Repeat("requests for Go decodes content. ", 200)

func compress(t *testing.T, coding string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "raw-deflate":
		w, _ = flate.NewWriter(&buf, flate.DefaultCompression)
	case "br":
		// Uncompressed meta-blocks: the library has no brotli encoder.
		// Compressed streams are tested in internal/brotli/brotlidiff.
		return brotlitest.Stored(data)
	case "zstd":
		w, _ = zstd.NewWriter(&buf)
	default:
		t.Fatalf("unknown coding %s", coding)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// serve answers every request with the given Content-Encoding and body.
func serve(t *testing.T, encoding string, body []byte) string {
	head := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n", encoding, len(body))
	return testserver.Raw(t, testserver.Reply(head+string(body)))
}

func TestContentDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header string
		codings      []string // in the order applied
	}{
		{"gzip", "gzip", []string{"gzip"}},
		{"x-gzip", "x-gzip", []string{"gzip"}},
		{"zlib-wrapped deflate", "deflate", []string{"deflate"}},
		{"raw deflate", "deflate", []string{"raw-deflate"}},
		{"brotli", "br", []string{"br"}},
		{"zstd", "zstd", []string{"zstd"}},
		{"gzip then brotli", "gzip, br", []string{"gzip", "br"}},
		{"three codings, upper case", "ZSTD, deflate,gzip", []string{"zstd", "deflate", "gzip"}},
		{"identity is nothing", "identity", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := []byte(plain)
			for _, c := range tt.codings {
				body = compress(t, c, body)
			}
			resp, err := requests.Get(context.Background(), serve(t, tt.header, body))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Text() != plain {
				t.Errorf("Content-Encoding %q decoded to %d bytes %.40q", tt.header, len(resp.Content()), resp.Text())
			}
		})
	}
}

func TestUnknownCodingIsLeftAlone(t *testing.T) {
	t.Parallel()
	resp, err := requests.Get(context.Background(), serve(t, "compress", []byte("opaque")))
	if err != nil || resp.Text() != "opaque" {
		t.Fatalf("%v %q", err, resp.Text())
	}
}

func TestCorruptContent(t *testing.T) {
	gz := compress(t, "gzip", []byte(plain))
	corrupt := bytes.Clone(gz)
	corrupt[len(corrupt)/2] ^= 0xff
	zs := compress(t, "zstd", []byte(plain))
	tests := []struct {
		name, coding string
		body         []byte
	}{
		{"gzip with a flipped byte", "gzip", corrupt},
		{"truncated gzip", "gzip", gz[:len(gz)/2]},
		{"not gzip at all", "gzip", []byte("plain text, no gzip header")},
		{"truncated zstd", "zstd", zs[:len(zs)/2]},
		{"garbage as zstd", "zstd", []byte("this is not a zstd frame")},
		{"garbage as brotli", "br", []byte("\xff\xff\xff\xff this is not brotli")},
		{"garbage as deflate", "deflate", []byte("\x78\x9c\xff\xff\xff\xff")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leakCheck(t)
			_, err := requests.Get(context.Background(), serve(t, tt.coding, tt.body))
			if !errors.Is(err, requests.ErrContentDecoding) || errors.Is(err, requests.ErrChunkedEncoding) {
				t.Errorf("%v; want ErrContentDecoding", err)
			}
		})
	}
}

func TestBodyCutShort(t *testing.T) {
	gz := compress(t, "gzip", []byte(plain))
	tests := []struct{ name, response string }{
		{"shorter than its Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort"},
		{"a bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\nzz\r\n"},
		{"chunked without its terminator", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n"},
		{"gzip cut short on the wire", fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(gz), gz[:len(gz)/2])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leakCheck(t)
			url := testserver.Raw(t, testserver.ReplyAndClose(tt.response))
			_, err := requests.Get(context.Background(), url)
			if !errors.Is(err, requests.ErrChunkedEncoding) || !errors.Is(err, requests.ErrRequest) {
				t.Errorf("%v; want ErrChunkedEncoding", err)
			}
		})
	}
}

func TestMalformedResponses(t *testing.T) {
	tests := []struct {
		name, response string
		kind           error // nil: success with body "hello"
	}{
		{"two different Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", requests.ErrInvalidHeader},
		{"a Content-Length list of two values", "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!", requests.ErrInvalidHeader},
		{"a Content-Length list of one value twice", "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello", nil},
		{"the same Content-Length twice", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", nil},
		{"an invalid status line", "HTTP/1.1 abc\r\n\r\n", requests.ErrConnection},
		{"closed before the status line", "", requests.ErrConnection},
		{"an HTTP/1.0 body delimited by close", "HTTP/1.0 200 OK\r\n\r\nhello", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leakCheck(t)
			url := testserver.Raw(t, testserver.ReplyAndClose(tt.response))
			resp, err := requests.Get(context.Background(), url)
			if tt.kind == nil {
				if err != nil || resp.Text() != "hello" {
					t.Errorf("%v, %v", resp, err)
				}
				return
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("%v; want %v", err, tt.kind)
			}
		})
	}
}

func TestEmptyEncodedBodies(t *testing.T) {
	leakCheck(t)
	for _, coding := range []string{"gzip", "deflate", "br", "zstd", "gzip, br"} {
		for _, response := range []string{
			"HTTP/1.1 204 No Content\r\nContent-Encoding: " + coding + "\r\n\r\n",
			"HTTP/1.1 200 OK\r\nContent-Encoding: " + coding + "\r\nContent-Length: 0\r\n\r\n",
			"HTTP/1.1 200 OK\r\nContent-Encoding: " + coding + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		} {
			url := testserver.Raw(t, testserver.Reply(response))
			resp, err := requests.Get(context.Background(), url)
			if err != nil || len(resp.Content()) != 0 {
				t.Errorf("%q: %v, %q", response, err, resp.Content())
			}
		}
	}
	resp, err := requests.Head(context.Background(), httpbinURL+"/gzip")
	if err != nil || len(resp.Content()) != 0 {
		t.Errorf("HEAD /gzip: %v", err)
	}
}
