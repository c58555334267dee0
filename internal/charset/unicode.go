package charset

import (
	"bytes"
	"math"
	"sort"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

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
	case le == units && be < units && validDecode(b, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)):
		return "utf-32-le"
	case be == units && le < units && validDecode(b, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)):
		return "utf-32-be"
	}
	return ""
}

// utf16ByStructure recognizes UTF-16 without a byte order mark: text in it
// has zero bytes at even offsets (big-endian) or odd ones (little-endian)
// for its ASCII characters, and decodes without error.
func utf16ByStructure(b []byte) string {
	if len(b) < 4 {
		return ""
	}
	b = b[:len(b)&^1]
	even, odd := 0, 0
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	units := len(b) / 2
	switch {
	case odd*4 > units && even*8 < odd && validDecode(b, unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.IgnoreBOM)):
		return "utf-16-le"
	case even*4 > units && odd*8 < even && validDecode(b, unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.IgnoreBOM)):
		return "utf-16-be"
	}
	return ""
}

// utf16 are the UTF-16 byte orders, scored in every language.
var utf16 = []candidate{
	{"utf-16-le", unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.IgnoreBOM), nil, true, 0},
	{"utf-16-be", unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.IgnoreBOM), nil, true, 0},
}

// utf16Reading returns the UTF-16 byte order in which b decodes without
// error and reads best, with its score per byte of its non-ASCII
// characters; "" when neither decodes.
func utf16Reading(b []byte) (string, float64) {
	best, bestScore := "", math.Inf(-1)
	if len(b) < 16 {
		return best, bestScore
	}
	for i := range utf16 {
		c := utf16[i]
		out, err := c.enc.NewDecoder().Bytes(b)
		if err != nil || bytes.Contains(out, replacement) || !oneScript(out) {
			continue
		}
		sc := newScorer(languagesOf(out))
		s, ok := scoreText(&sc, out)
		if perByte := s / float64(max(1, 2*leadBytes(out))); ok && perByte > bestScore {
			best, bestScore = c.label, perByte
		}
	}
	return best, bestScore
}

// oneScript reports whether text reads as written text: its non-ASCII
// letters mostly of one script (kana counting with Han), few symbols and
// no control or private-use characters. Legacy bytes read as UTF-16 make a
// mix of blocks.
func oneScript(text []byte) bool {
	counts, n := classCounts(text)
	counts[classHan] += counts[classKana]
	counts[classKana] = 0
	letters, top := 0, 0
	for cl := classLatin; cl < len(counts); cl++ {
		letters += counts[cl]
		top = max(top, counts[cl])
	}
	return n > 0 && counts[classControl]+counts[classInvalid] == 0 && 4*letters >= 3*n && 20*top >= 17*letters
}

// classCounts counts the classes of the first 2048 non-ASCII characters of
// text, and returns how many there were.
func classCounts(text []byte) (counts [16]int, n int) {
	for _, r := range string(text) {
		if r < 0x80 {
			continue
		}
		counts[infoOf(r).class]++
		if n++; n == 2048 {
			break
		}
	}
	return counts, n
}

// languagesOf returns the languages written in the script most of text's
// non-ASCII letters are in.
func languagesOf(text []byte) []string {
	counts, _ := classCounts(text)
	top := classLatin
	for cl := classLatin; cl < len(counts); cl++ {
		if counts[cl] > counts[top] {
			top = cl
		}
	}
	var langs []string
	for lang := range models {
		scripts, ok := scriptsOf[lang]
		if !ok {
			scripts = []int{classLatin}
		}
		for _, s := range scripts {
			if s == top {
				langs = append(langs, lang)
				break
			}
		}
	}
	sort.Strings(langs)
	return langs
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
