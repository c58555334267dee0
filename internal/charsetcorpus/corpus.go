// Package charsetcorpus builds the labelled corpus that measures charset
// detection: texts in several languages, encoded by golang.org/x/text in
// the encodings their languages use and in the Unicode forms, whole and cut
// to their first 120 characters.
package charsetcorpus

import (
	"fmt"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

var byLang = map[string][]string{
	"ja":    {"shift_jis", "euc-jp", "iso-2022-jp"},
	"zh_cn": {"gb18030"},
	"zh_tw": {"big5"},
	"ko":    {"euc-kr"},
	"ru":    {"koi8-r", "windows-1251"},
	"he":    {"windows-1255"},
	"el":    {"iso-8859-7"},
	"tr":    {"windows-1254"},
	"fr":    {"windows-1252"},
	"de":    {"windows-1252"},
	"es":    {"windows-1252"},
}

var unicodeForms = []string{"utf-8", "utf-16le-bom", "utf-16be-bom", "utf-16le", "utf-16be", "utf-32le-bom", "utf-32le", "utf-32be"}

var encodings = map[string]encoding.Encoding{
	"shift_jis": japanese.ShiftJIS, "euc-jp": japanese.EUCJP, "iso-2022-jp": japanese.ISO2022JP,
	"gb18030": simplifiedchinese.GB18030, "big5": traditionalchinese.Big5, "euc-kr": korean.EUCKR,
	"koi8-r": charmap.KOI8R, "windows-1251": charmap.Windows1251, "windows-1255": charmap.Windows1255,
	"iso-8859-7": charmap.ISO8859_7, "windows-1254": charmap.Windows1254, "windows-1252": charmap.Windows1252,
	"utf-8":        unicode.UTF8,
	"utf-16le-bom": unicode.UTF16(unicode.LittleEndian, unicode.UseBOM),
	"utf-16be-bom": unicode.UTF16(unicode.BigEndian, unicode.UseBOM),
	"utf-16le":     unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM),
	"utf-16be":     unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM),
	"utf-32le-bom": utf32.UTF32(utf32.LittleEndian, utf32.UseBOM),
	"utf-32le":     utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM),
	"utf-32be":     utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM),
}

// Item is one file of the corpus.
type Item struct {
	File     string `json:"file"`
	Lang     string `json:"lang"`
	Encoding string `json:"encoding"`
	Text     string `json:"text"`
	Data     []byte `json:"-"`
}

// Build encodes texts (by language code) into the corpus.
func Build(texts map[string]string) ([]Item, error) {
	var items []Item
	for lang, text := range texts {
		short := []rune(text)
		if len(short) > 120 {
			short = short[:120]
		}
		for _, enc := range append(byLang[lang], unicodeForms...) {
			for _, v := range []struct{ tag, text string }{{"long", text}, {"short", string(short)}} {
				b, err := encodings[enc].NewEncoder().Bytes([]byte(v.text))
				if err != nil {
					return nil, fmt.Errorf("%s in %s: %w", lang, enc, err)
				}
				items = append(items, Item{fmt.Sprintf("%s.%s.%s.txt", lang, v.tag, enc), lang, enc, v.text, b})
			}
		}
	}
	return items, nil
}
