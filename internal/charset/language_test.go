package charset

import (
	"strings"
	"testing"
)

func TestDeclaredLanguage(t *testing.T) {
	for in, want := range map[string]string{
		`<!DOCTYPE html><html lang="sl">`:                "sl",
		`<html class="x" LANG='zh-Hant-TW'>`:             "zh_tw",
		`<html xml:lang="zh-CN" xmlns="x">`:              "zh_cn",
		`<html lang=nb>`:                                 "no",
		`<html lang="xx-unknown">`:                       "",
		`<html>`:                                         "",
		`<htmlx lang="pl"><html lang="cs">`:              "cs",
		`<p lang="pl">`:                                  "",
		`<!-- <html lang="pl"> --><html lang="de">`:      "pl", // the first <html tag, as a quick look finds it
		"<html lang=\"" + strings.Repeat("a", 2000) + "": "",
	} {
		if got := declaredLanguage([]byte(in)); got != want {
			t.Errorf("declaredLanguage(%q) = %q; want %q", in, got, want)
		}
	}
}

// A short page whose few letters read alike in two encodings gets the one
// of the language it declares; a long one is judged by its letters.
func TestDetectWeighsTheDeclaredLanguage(t *testing.T) {
	encode := func(label, s string) []byte { return encodeIn(t, label, s) }
	short := "<p>spustno polje</p><p>datumski urejevalnik</p><p>določilo</p>"
	polish := strings.Repeat("<p>Zażółć gęślą jaźń, powiedział świerszcz, który siedział na źdźble trawy.</p>", 20)
	for _, c := range []struct {
		name, doc, label string
	}{
		{"a short Slovene page declared sl", `<html lang="sl"><body>` + short, "ibm852"},
		{"a long Polish page declared en", `<html lang="en"><body>` + polish, "iso-8859-2"},
		{"a long Polish page declared en, in windows-1250", `<html lang="en"><body>` + polish, "windows-1250"},
	} {
		b := encode(c.label, c.doc)
		if got := Detect(b); Decode(b, got) != c.doc {
			t.Errorf("%s: Detect = %q", c.name, got)
		}
	}
}
