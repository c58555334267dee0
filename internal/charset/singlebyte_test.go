package charset

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The encodings of tables.go decode as their code charts say, encode back
// what they decode, and are found by their labels.
func TestSingleByteTables(t *testing.T) {
	for _, c := range []struct {
		labels []string
		text   string
		bytes  string
	}{
		{[]string{"cp737", "ibm737"}, "Καλημέρα", "\x89\x98\xa2\x9e\xa3\xe2\xa8\x98"},
		{[]string{"x-mac-ce", "maccentraleurope", "mac_latin2"}, "Łódź", "\xfc\x97d\x90"},
		{[]string{"koi8-t", "koi8_t"}, "Тоҷикистон", "\xf4\xcf\x8d\xc9\xcb\xc9\xd3\xd4\xcf\xce"},
	} {
		for _, l := range c.labels {
			e := Lookup(l)
			if e == nil {
				t.Errorf("Lookup(%q) = nil", l)
				continue
			}
			if got := Decode([]byte(c.bytes), l); got != c.text {
				t.Errorf("Decode(%q, %q) = %q; want %q", c.bytes, l, got, c.text)
			}
			if got, err := e.NewEncoder().String(c.text); err != nil || got != c.bytes {
				t.Errorf("encode %q in %s = %q, %v; want %q", c.text, l, got, err, c.bytes)
			}
		}
	}
	for _, e := range []*singleByte{CP737.(*singleByte), MacCentralEurope.(*singleByte), KOI8T.(*singleByte)} {
		for b := 0; b < 256; b++ {
			s, err := e.NewDecoder().Bytes([]byte{byte(b)})
			if err != nil || !utf8.Valid(s) {
				t.Fatalf("byte %#x: %q, %v", b, s, err)
			}
			if string(s) == "\uFFFD" {
				continue // undefined in the encoding
			}
			if back, err := e.NewEncoder().Bytes(s); err != nil || len(back) != 1 || back[0] != byte(b) {
				t.Errorf("byte %#x decodes to %q, which encodes to %q, %v", b, s, back, err)
			}
		}
	}
	if _, err := KOI8T.NewEncoder().String("€ж中"); err == nil {
		t.Error("KOI8-T encoded a character it lacks")
	}
	if Lookup("ibm858") != charmap.CodePage858 {
		t.Error("Lookup(ibm858) is not code page 858")
	}
}
