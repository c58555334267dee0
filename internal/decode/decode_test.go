package decode

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"

	"github.com/go-requests/requests/internal/brotli/brotlitest"
)

func gzipped(s string) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	io.WriteString(z, s)
	z.Close()
	return b.Bytes()
}

func TestGzipMembers(t *testing.T) {
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, c := range []struct {
		name string
		body []byte
		want string
		fail bool
	}{
		{"one member", gzipped("hello"), "hello", false},
		{"two members", cat(gzipped("hel"), gzipped("lo")), "hello", false},
		{"garbage after a member", cat(gzipped("hello"), []byte("garbage")), "hello", false},
		{"zeros after a member", cat(gzipped("hello"), make([]byte, 512)), "hello", false},
		{"a second member cut short", cat(gzipped("hello"), gzipped("world")[:15]), "helloworl", false}, // as urllib3: what inflated
		{"a first member cut short", gzipped("hello")[:15], "", true},
		{"no gzip at all", []byte("plain text"), "", true},
	} {
		g, err := newGzipMembers(bytes.NewReader(c.body))
		var got []byte
		if err == nil {
			got, err = io.ReadAll(g)
		}
		if c.fail != (err != nil) || !c.fail && string(got) != c.want {
			t.Errorf("%s: %q, %v; want %q (failure: %v)", c.name, got, err, c.want, c.fail)
		}
	}
}

// FuzzGzipMembers feeds arbitrary bytes after a valid gzip member: the
// member's text always comes out whole and without error, whatever
// follows it, and nothing panics or loops.
func FuzzGzipMembers(f *testing.F) {
	f.Add([]byte("hello"), []byte(""))
	f.Add([]byte("hello"), []byte("garbage"))
	f.Add([]byte("hel"), gzipped("lo"))
	f.Add([]byte(""), make([]byte, 64))
	f.Add([]byte("x"), gzipped("y")[:12])
	f.Fuzz(func(t *testing.T, text, after []byte) {
		g, err := newGzipMembers(bytes.NewReader(append(gzipped(string(text)), after...)))
		if err != nil {
			t.Fatalf("a valid first member refused: %v", err)
		}
		// What follows a complete member never fails the body.
		got, err := io.ReadAll(io.LimitReader(g, int64(len(text))+int64(len(after))*1100+1<<16))
		if err != nil || !bytes.HasPrefix(got, text) {
			t.Fatalf("%q, %v; want it to start with the first member's %q, and no error", got, err, text)
		}
	})
}

func TestBrotli(t *testing.T) {
	body := brotlitest.Stored([]byte("hello, brotli"))
	for _, c := range []struct {
		name string
		body []byte
		want string
		err  error // nil: any error
	}{
		{"a whole stream", body, "hello, brotli", nil},
		{"a stream cut short", body[:len(body)-3], "", io.ErrUnexpectedEOF},
		{"not brotli", []byte("\xff\xff\xff\xff this is not brotli"), "", nil},
	} {
		got, err := io.ReadAll(New([]string{"br"}, bytes.NewReader(c.body), -1))
		fail := c.want == ""
		if fail != (err != nil) || !fail && string(got) != c.want || c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s: %q, %v; want %q (failure: %v)", c.name, got, err, c.want, fail)
		}
	}
}
