package charset

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-requests/requests/internal/charsetcorpus"
)

// charsetNormalizerScore is how many files of the corpus charset_normalizer
// 3.4.7 (what requests' apparent_encoding uses) decodes to their original
// text, as testdata/charset/baseline.py measures it.
const charsetNormalizerScore = 201

// TestApparentEncodingCorpus measures detection on the labelled corpus: how
// many files decode to their original text with the encoding detected. It
// must beat charset_normalizer on the same files.
func TestApparentEncodingCorpus(t *testing.T) {
	data, err := os.ReadFile("../../testdata/charset/texts.json")
	if err != nil {
		t.Fatal(err)
	}
	var texts map[string]string
	if err := json.Unmarshal(data, &texts); err != nil {
		t.Fatal(err)
	}
	items, err := charsetcorpus.Build(texts)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	var misses []string
	for _, it := range items {
		enc := Detect(it.Data)
		if Decode(it.Data, enc) == it.Text {
			ok++
		} else {
			misses = append(misses, it.File+" -> "+enc)
		}
	}
	t.Logf("ApparentEncoding: %d of %d files decoded to the original text (charset_normalizer: %d)", ok, len(items), charsetNormalizerScore)
	if ok <= charsetNormalizerScore {
		t.Errorf("ApparentEncoding decoded %d of %d; charset_normalizer decodes %d. Misses:\n%s", ok, len(items), charsetNormalizerScore, strings.Join(misses, "\n"))
	}
}

func TestApparentEncoding(t *testing.T) {
	tests := map[string]string{
		"":                       "utf-8",
		"plain ASCII":            "utf-8",
		"caf\xc3\xa9":            "utf-8",
		"\xef\xbb\xbfBOM":        "utf-8",
		"\xff\xfeh\x00i\x00":     "utf-16-le",
		"\x1b$B$3$s$K$A$O\x1b(B": "iso-2022-jp",
	}
	for in, want := range tests {
		if got := Detect([]byte(in)); got != want {
			t.Errorf("Detect(%q) = %q; want %q", in, got, want)
		}
	}
	if got := Detect([]byte("\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea \xe4\xe5\xeb\xe0? \xd3 \xec\xe5\xed\xff \xe2\xf1\xb8 \xf5\xee\xf0\xee\xf8\xee.")); got != "windows-1251" {
		t.Errorf("ApparentEncoding of Russian in windows-1251 = %q", got)
	}
}

func TestDetectWeighsTheDeclaredEncoding(t *testing.T) {
	encode := func(label, s string) []byte { return encodeIn(t, label, s) }
	greek := "Η γλώσσα είναι το κύριο μέσο επικοινωνίας των ανθρώπων και η ελληνική γλώσσα έχει μακρά ιστορία. "
	russian := "Язык является основным средством общения людей, и русский язык имеет долгую историю развития. "
	for _, c := range []struct {
		name string
		doc  []byte
		want string
	}{
		// ISO-8859-7 and windows-1253 read this text alike: the
		// declaration decides.
		{"a declaration between look-alikes wins", append([]byte(`<?xml version="1.0" encoding="ISO-8859-7"?><p>`), encode("iso-8859-7", strings.Repeat(greek, 4))...), "iso-8859-7"},
		{"a <meta> charset counts too", append([]byte(`<html><head><meta charset="iso-8859-7"></head><body>`), encode("iso-8859-7", strings.Repeat(greek, 4))...), "iso-8859-7"},
		// A declaration the text belies does not.
		{"a declaration the text belies loses", append([]byte(`<?xml version="1.0" encoding="windows-1252"?><p>`), encode("windows-1251", strings.Repeat(russian, 4))...), "windows-1251"},
		{"an unknown label is passed over", append([]byte(`<?xml version="1.0" encoding="bogus-xyz"?><p>`), encode("windows-1251", strings.Repeat(russian, 4))...), "windows-1251"},
	} {
		if got := Detect(c.doc); got != c.want {
			t.Errorf("%s: Detect = %q; want %q", c.name, got, c.want)
		}
	}
}

// A page of raw-text elements that never close ("<script>" thousands of
// times) is read once: each used to search the rest of the page for its
// end tag, 15 s for 270 KB.
func TestDetectUnclosedScriptsInLinearTime(t *testing.T) {
	page := bytes.Repeat([]byte("<script>\xe9<style>\xe8"), 15000)
	start := time.Now()
	Detect(page)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Detect of %d bytes of unclosed <script> and <style> took %v", len(page), d)
	}
}
