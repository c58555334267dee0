package httpcache

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

func TestParseHTTPDate(t *testing.T) {
	want := time.Date(2050, 8, 18, 2, 1, 18, 0, time.UTC)
	for in, ok := range map[string]bool{
		"Thu, 18 Aug 2050 02:01:18 GMT":    true,
		"thu, 18 aug 2050 02:01:18 gmt":    true, // letter case is not checked
		"Thursday, 18-Aug-50 02:01:18 GMT": true,
		"Thu Aug 18 02:01:18 2050":         true,
		"Thu, 18 Aug 2050 02:01:18 UTC":    false,
		"Thu, 18 Aug 2050 02:01:18 AEST":   false,
		"Thu, 18 Aug 50 02:01:18 GMT":      false,
		"Thu 18 Aug 2050 02:01:18 GMT":     false,
		"Thu, 18  Aug  2050 02:01:18 GMT":  false,
		"Thu, 18-Aug-2050 02:01:18 GMT":    false,
		"Thu, 18 Aug 2050 02.01.18 GMT":    false,
		"Thu, 18 Aug 2050 2:01:18 GMT":     false,
		"Thu, 31 Feb 2050 02:01:18 GMT":    false,
		"0":                                false,
		"":                                 false,
	} {
		got, gotOK := parseHTTPDate(in)
		if gotOK != ok || ok && !got.Equal(want) {
			t.Errorf("parseHTTPDate(%q) = %v, %v; want ok %v", in, got, gotOK, ok)
		}
	}
}

func TestParseDirectives(t *testing.T) {
	tests := []struct {
		lines  []string
		maxAge time.Duration
	}{
		{[]string{"max-age=60"}, 60 * time.Second},
		{[]string{"MaX-AgE=60"}, 60 * time.Second},
		{[]string{"max-age=003600"}, time.Hour},
		{[]string{`max-age="60"`}, 60 * time.Second},
		{[]string{`extension="max-age=3600", max-age=1`}, time.Second},
		{[]string{`max-age=1, extension="max-age=3600"`}, time.Second},
		{[]string{"max-age='3600'"}, 0},
		{[]string{"max-age=-3600"}, 0},
		{[]string{"max-age=99999999999"}, maxDelta},
		{[]string{"max-age=60", "max-age=0"}, 60 * time.Second},
		{[]string{"max-age =60"}, -1},
		{[]string{"no-cache"}, -1},
		{[]string{`,,"=,`}, -1},
	}
	for _, tt := range tests {
		h := http.Header{"Cache-Control": tt.lines}
		if got := parseDirectives(h).maxAge; got != tt.maxAge {
			t.Errorf("max-age of %q = %v; want %v", tt.lines, got, tt.maxAge)
		}
	}
}

func TestAgeValue(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  time.Duration
	}{
		{[]string{"60"}, time.Minute},
		{[]string{"abc"}, 0},
		{[]string{"-7200"}, 0},
		{[]string{"7200.0"}, 0},
		{[]string{"0, 7200"}, 0},
		{[]string{"7200, 0"}, 2 * time.Hour},
		{[]string{"7200", "0"}, 2 * time.Hour},
		{[]string{"2147483648"}, maxDelta},
		{[]string{"99999999999999999999999999"}, maxDelta},
	} {
		if got := ageValue(http.Header{"Age": tt.lines}); got != tt.want {
			t.Errorf("Age %q = %v; want %v", tt.lines, got, tt.want)
		}
	}
}

// FuzzParse feeds the parsers of Cache-Control, Vary, Age and dates: none
// may panic, a duration stays within its bounds, and a date that parses
// prints back to one that parses to the same instant.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"max-age=60", `extension="max-age=3600", max-age=1`, "max-age=99999999999", `no-cache="Set-Cookie, Foo"`,
		`max-age="`, "max-stale, min-fresh=5, stale-if-error=9, stale-while-revalidate=3", "Accept-Language, *",
		"Thu, 18 Aug 2050 02:01:18 GMT", "Thursday, 18-Aug-50 02:01:18 GMT", "Thu Aug 18 02:01:18 2050", "0, 7200",
		"2147483648", "\x00\xff,=\"\\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := http.Header{"Cache-Control": {s, s}, "Vary": {s}, "Age": {s}, "Expires": {s}, "Date": {s}, "Last-Modified": {s}}
		d := parseDirectives(h)
		for _, v := range []time.Duration{d.maxAge, d.maxStale, d.minFresh, d.staleIfError, d.staleWhileRevalidate} {
			if v < -1 || v > maxDelta {
				t.Fatalf("a directive of %q reads as %v", s, v)
			}
		}
		if a := ageValue(h); a < 0 || a > maxDelta {
			t.Fatalf("Age %q reads as %v", s, a)
		}
		names, _, _ := varyNames(h)
		_ = variantKey("k", &varyIndex{names: names, nonce: "n"}, h)
		if tm, ok := parseHTTPDate(s); ok {
			again, ok := parseHTTPDate(tm.Format(http.TimeFormat))
			if !ok || !again.Equal(tm) {
				t.Fatalf("%q parses to %v, which does not print back", s, tm)
			}
		}
		m := &meta{status: 200, header: h, requestTime: time.Unix(0, 0), responseTime: time.Unix(1, 0)}
		fr := freshnessOf(m, d, time.Unix(100, 0))
		if fr.age < 0 || fr.age > maxDelta || fr.lifetime < 0 || fr.lifetime > maxDelta {
			t.Fatalf("freshness of %q: %+v", s, fr)
		}
		storableHeader(h)
		if o, ok := openEntry(nopReadCloser(s)); ok {
			decodeMeta(o.meta)
			decodeVary(o.meta)
		}
	})
}

type stringReader struct{ s string }

func (r *stringReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

func (r *stringReader) Close() error { return nil }

func nopReadCloser(s string) *stringReader { return &stringReader{s} }

// FuzzEntry frames arbitrary head and body bytes as a sound entry (a
// correct checksum, as a store that keeps what it is given returns them)
// and reads it back as the cache does: whatever the head holds, decoding
// it must not panic nor allocate beyond its bytes, and the body must come
// back whole.
func FuzzEntry(f *testing.F) {
	f.Add(byte(kindResponse), encodeMeta(&meta{status: 200, statusText: "200 OK", header: http.Header{"A": {"1", "2"}}}), []byte("body"))
	f.Add(byte(kindVary), encodeVary(&varyIndex{names: []string{"Accept"}, nonce: "n"}), []byte(nil))
	f.Add(byte('x'), []byte("\xff\xff\xff\xff\xff\xff\xff\xff"), []byte("b"))
	f.Fuzz(func(t *testing.T, kind byte, head, body []byte) {
		if len(head) > maxMetaLen {
			return
		}
		s := NewMemoryStore(1 << 30)
		w, _ := s.Put(context.Background(), "k")
		ew := newEntryWriter(w, kind, head)
		ew.Write(body)
		if !ew.commit() {
			t.Fatal("the entry was not stored")
		}
		rc, err := s.Get(context.Background(), "k")
		if err != nil {
			t.Fatal(err)
		}
		o, ok := openEntry(rc)
		if !ok || o.kind != kind || !bytes.Equal(o.meta, head) {
			t.Fatalf("a sound entry read back as %v", ok)
		}
		got, err := io.ReadAll(o.body)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("the body read back as %q, %v", got, err)
		}
		if m, ok := decodeMeta(o.meta); ok {
			encodeMeta(m)
		}
		decodeVary(o.meta)
	})
}
