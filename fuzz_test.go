package requests

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-requests/requests/internal/charset"
	"github.com/go-requests/requests/internal/netrc"
)

// Fuzz targets for the parsers. `go test` replays their seeds and
// testdata/fuzz; `go test -fuzz FuzzName` explores.

func FuzzPrepareURL(f *testing.F) {
	for _, s := range []string{"http://example.com/a b?c=d#e", " HTTP://Bücher.de:0080/%7e/../x?%zz", "http://[::1]:8080/", "http://u:p@h/", "localhost:8080", "http://*.x/", "http://x/%"} {
		f.Add(s, "q", "1 2")
	}
	for _, c := range golden[corpusCase](f, "urlcorpus.json") {
		f.Add(c.Input, "q", "a b")
	}
	f.Fuzz(func(t *testing.T, raw, key, value string) {
		query, _ := encodeValues("Params", map[string]any{key: value})
		pu, err := prepareURL(raw, query)
		if err != nil || pu.Opaque {
			return
		}
		s := pu.URL.String()
		if strings.ContainsAny(s, " \r\n\t\x00") {
			t.Errorf("prepareURL(%q) = %q holds white space or a control character", raw, s)
		}
		// A prepared URL prepares again (a redirect's Location goes through
		// it). requests is not idempotent for every input, so neither is
		// this: only success is required.
		if _, err := prepareURL(s, ""); err != nil {
			t.Errorf("prepareURL(%q) = %q, which does not prepare again: %v", raw, s, err)
		}
	})
}

func FuzzValidHeader(f *testing.F) {
	f.Add("X-Test", "value")
	f.Add("X-Test", " leading")
	f.Add("Bad Name", "v\r\ninjected: 1")
	f.Fuzz(func(t *testing.T, name, value string) {
		if validHeader(name, value) == nil && (strings.ContainsAny(name, "\r\n\x00: ") || strings.ContainsAny(value, "\r\n\x00")) {
			t.Errorf("validHeader(%q, %q) accepted a header that can split the message", name, value)
		}
	})
}

func FuzzParseLinks(f *testing.F) {
	f.Add(`<http://x/?page=2>; rel="next", <http://x/?page=5>; rel="last"`)
	f.Add(`<a>;;,<b>; c=d=e`)
	f.Fuzz(func(t *testing.T, v string) {
		for _, l := range ParseLinks(v) {
			if l.Params == nil {
				t.Errorf("ParseLinks(%q): a link without its Params map", v)
			}
		}
	})
}

func FuzzCharset(f *testing.F) {
	f.Add("text/html; charset=\"windows-1251\"", []byte("<meta charset=koi8-r>\xcf\xf0\xe8"))
	f.Add("application/xml", []byte("<?xml version='1.0' encoding='Shift_JIS'?>\x93\xfa"))
	f.Add("", []byte("\xff\xfeh\x00i\x00"))
	f.Add("text/html", []byte("<!--><p title='<meta charset=x>'><meta content='charset=\"big5\"' http-equiv=Content-Type>\xa4\xa4"))
	f.Add("text/plain", []byte("<meta charset=x-mac-ce>\xfc\x97d\x90 \x89\x98\xa2\x9e\xa3\xe2\xa8\x98"))
	f.Add("text/plain; charset=koi8-t", []byte("\xf4\xcf\x8d\xc9\xcb\xc9\xd3\xd4\xcf\xce\x9d\xff"))
	f.Add("", []byte("\xdc\xbb\xc1 \xbd\xb1 \xf3 (\x9a) \xdd\xf0"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		enc := charset.FromHeader(http.Header{"Content-Type": {contentType}})
		if enc == "" {
			enc = charset.Declared(contentType, body)
		}
		if enc == "" {
			enc = charset.Detect(body)
			if charset.Lookup(enc) == nil && !charset.IsUTF8(enc) {
				t.Errorf("charset.Detect(%q) = %q, which Lookup does not know", body, enc)
			}
		}
		if text := charset.Decode(body, enc); !utf8.ValidString(text) {
			t.Errorf("charset.Decode(%q, %q) is not valid UTF-8", body, enc)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add("-5")
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := parseRetryAfter(v, time.Unix(1_800_000_000, 0)); ok && d < 0 {
			t.Errorf("parseRetryAfter(%q) = %v", v, d)
		}
	})
}

func FuzzNetrc(f *testing.F) {
	f.Add("machine a login b password \"c d\"\nmacdef x\ny\n\ndefault login e", "a")
	f.Fuzz(func(t *testing.T, data, host string) {
		netrc.Parse(data).Lookup(host)
	})
}
