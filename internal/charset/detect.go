package charset

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// candidate is an encoding detection may answer, and the languages written
// in it.
type candidate struct {
	name  string
	enc   encoding.Encoding
	langs []string
}

var (
	cjkCandidates = []candidate{
		{"shift_jis", japanese.ShiftJIS, []string{"Japanese"}},
		{"euc-jp", japanese.EUCJP, []string{"Japanese"}},
		{"gb18030", simplifiedchinese.GB18030, []string{"Chinese"}},
		{"big5", traditionalchinese.Big5, []string{"Chinese"}},
		{"euc-kr", korean.EUCKR, []string{"Korean"}},
	}
	allLanguages = []string{"Japanese", "Chinese", "Korean", "Russian", "Greek", "Hebrew", "Turkish",
		"English", "German", "French", "Spanish", "Polish", "Czech"}
	latinLangs = []string{"English", "German", "French", "Dutch", "Italian", "Spanish", "Portuguese",
		"Swedish", "Norwegian", "Danish", "Finnish", "Indonesian", "Estonian"}
	byteCandidates = []candidate{
		{"windows-1252", charmap.Windows1252, latinLangs},
		{"windows-1254", charmap.Windows1254, []string{"Turkish"}},
		{"windows-1250", charmap.Windows1250, []string{"Polish", "Czech", "Hungarian", "Slovak", "Slovene", "Croatian", "Romanian"}},
		{"windows-1251", charmap.Windows1251, []string{"Russian", "Ukrainian", "Bulgarian", "Serbian", "Kazakh"}},
		{"koi8-r", charmap.KOI8R, []string{"Russian", "Ukrainian", "Bulgarian"}},
		{"iso-8859-7", charmap.ISO8859_7, []string{"Greek"}},
		{"windows-1255", charmap.Windows1255, []string{"Hebrew"}},
	}
	unicodeCandidates = []candidate{
		{"utf-16-le", unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.IgnoreBOM), allLanguages},
		{"utf-16-be", unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.IgnoreBOM), allLanguages},
		{"utf-32-le", utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), nil},
		{"utf-32-be", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), nil},
	}
)

// Detect names the charset of b.
func Detect(b []byte) string {
	if bom := BOM(b); bom != "" {
		return bom
	}
	sample := b[:min(len(b), 64<<10)]
	if e := utf32ByStructure(sample); e != "" {
		return e
	}
	if bytes.IndexByte(sample, 0) < 0 {
		if bytes.Contains(sample, []byte("\x1b$B")) || bytes.Contains(sample, []byte("\x1b$@")) || bytes.Contains(sample, []byte("\x1b(J")) {
			return "iso-2022-jp"
		}
		if utf8.Valid(trimIncompleteRune(sample, len(b) > len(sample))) {
			return "utf-8"
		}
	}
	best, bestScore := "utf-8", -1e9
	var utf16 []candidate
	if len(sample)%2 == 0 {
		utf16 = unicodeCandidates[:2]
	}
	for _, group := range [][]candidate{utf16, cjkCandidates, byteCandidates} {
		for _, c := range group {
			out, err := c.enc.NewDecoder().Bytes(sample)
			if err != nil {
				continue
			}
			if s := textScore(string(out), c.langs); s > bestScore {
				best, bestScore = c.name, s
			}
		}
	}
	return best
}

// utf32ByStructure recognizes UTF-32 without a byte order mark: in every
// four bytes the two high ones are zero, or nearly (planes 1-16).
func utf32ByStructure(b []byte) string {
	if len(b) < 8 || len(b)%4 != 0 {
		return ""
	}
	le, be := 0, 0
	for i := 0; i+3 < len(b); i += 4 {
		if b[i+3] == 0 && b[i+2] <= 0x10 {
			le++
		}
		if b[i] == 0 && b[i+1] <= 0x10 {
			be++
		}
	}
	units := len(b) / 4
	switch {
	case le == units && be < units && validDecode(b, unicodeCandidates[2].enc):
		return "utf-32-le"
	case be == units && le < units && validDecode(b, unicodeCandidates[3].enc):
		return "utf-32-be"
	}
	return ""
}

// validDecode reports whether b decodes without a replacement character.
func validDecode(b []byte, e encoding.Encoding) bool {
	out, err := e.NewDecoder().Bytes(b)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// trimIncompleteRune cuts a rune split by the end of a sample.
func trimIncompleteRune(b []byte, cut bool) []byte {
	if !cut {
		return b
	}
	for i := 0; i < 3 && len(b) > 0; i++ {
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

// typicalCoverage is roughly the share of a real text's letters that its
// language's frequency table covers: nearly all for alphabets, much less
// for scripts of thousands of characters. Scores are relative to it, so
// that scripts compare fairly.
var typicalCoverage = map[string]float64{"Japanese": 0.8, "Chinese": 0.45, "Korean": 0.4}

// textScore rates how much text reads like one of langs: the share of its
// letters that are among the language's most frequent ones, relative to
// what real text shows, less penalties for what real text does not hold
// (control characters, replacement characters, private use, symbols) and
// for mostly capital letters.
func textScore(text string, langs []string) float64 {
	var letters, upper, bad, symbols, total int
	counts := map[rune]int{}
	for _, r := range text {
		total++
		switch {
		case r == utf8.RuneError || unicode.Is(unicode.Co, r) || r >= 0xFFF0:
			bad += 3
		case unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t':
			bad++
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
			counts[unicode.ToLower(r)]++
		case unicode.IsSymbol(r) || r >= 0x80 && unicode.IsPunct(r) && r < 0x2000:
			symbols++
		}
	}
	if total == 0 || letters == 0 {
		return -float64(bad)
	}
	best := 0.0
	for _, lang := range langs {
		covered := 0
		for _, table := range []string{lang, lang + "—", lang + "——"} {
			for _, r := range letterFrequencies[table] {
				covered += counts[r]
			}
		}
		typical := typicalCoverage[lang]
		if typical == 0 {
			typical = 0.95
		}
		best = max(best, float64(covered)/float64(letters)/typical)
	}
	score := min(best, 1.1) - 4*float64(bad)/float64(total) - 2*float64(symbols)/float64(total)
	if letters > 8 && upper*2 > letters {
		score -= 0.3
	}
	return score
}
