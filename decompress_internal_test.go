package requests

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
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
