package charset

import (
	"bytes"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// scoreDecoding decodes sample with c and scores it; ok is false when a
// multi-byte encoding does not decode it.
func scoreDecoding(c *candidate, sample []byte) (float64, bool) {
	sc := newScorer(c.langs)
	if !c.multi {
		// A single-byte encoding: each byte's character, class and log
		// probabilities come from a table made once. The penalties need the
		// bytes in order; the log-likelihoods only how often each occurs,
		// so they are added per distinct byte, not per byte and language
		// (which took 40% longer on 1 MiB of text with 44 candidates).
		tab := c.table()
		var counts [128]int32
		for _, b := range sample {
			if b < 0x80 {
				sc.ascii(b)
				continue
			}
			if !sc.char(tab[b].info) {
				break
			}
			counts[b-0x80]++
		}
		for i, n := range counts {
			if n == 0 {
				continue
			}
			logp := tab[0x80+i].logp
			for j := range sc.sums {
				sc.sums[j] += float64(n) * float64(logp[j])
			}
		}
		return sc.result(false)
	}
	out, err := c.enc.NewDecoder().Bytes(sample)
	if err != nil {
		return 0, false
	}
	if invalid := bytes.Count(out, replacement); invalid > 2 && invalid > leadBytes(out)/100 {
		return 0, false // not this encoding: no need to score it
	}
	return scoreText(&sc, out)
}

// scoreText scores text, the UTF-8 decoding of a multi-byte encoding.
func scoreText(sc *scorer, out []byte) (float64, bool) {
	for _, r := range string(out) {
		if r < 0x80 {
			sc.ascii(byte(r))
			continue
		}
		info := infoOf(r)
		if !sc.char(info) {
			break
		}
		scored, extra := r, 0.0
		if r >= 0xFF61 && r <= 0xFF9F {
			// Half-width katakana (one byte each in Shift_JIS) read as
			// the full-width kana they stand for, a little rarer.
			scored, extra = fullWidth(r), halfWidthCost
		}
		for i, m := range sc.models {
			sc.sums[i] += m.logLik(scored, int(info.class)) + extra
		}
	}
	return sc.result(true)
}

// halfWidthCost is what reading a half-width katakana as its full-width
// kana costs, in nats: the half-width forms are rarer.
const halfWidthCost = -1.0

// fullWidth returns the full-width form of a half-width katakana or mark
// (U+FF61 to U+FF9F).
func fullWidth(r rune) rune {
	fullWidthOnce.Do(func() {
		for i := range fullWidthKana {
			fullWidthKana[i], _ = utf8.DecodeRuneInString(width.Widen.String(string(rune(0xFF61 + i))))
		}
	})
	return fullWidthKana[r-0xFF61]
}

var (
	fullWidthOnce sync.Once
	fullWidthKana [0xFF9F - 0xFF61 + 1]rune
)

// charInfo is what scoring needs to know of a non-ASCII character.
type charInfo struct {
	class        uint8
	upper, lower bool
	// lone is false for a Latin letter that is no word by itself in the
	// languages scored: standing alone between spaces, it was most likely a
	// symbol (a dash, a quote) read in the wrong code page.
	lone bool
}

// loneLetters are the Latin letters other than ASCII that are words by
// themselves: "à" (French), "è" (Italian), "é" (Portuguese), "å"
// (Norwegian), "į" (Lithuanian), "â" (Welsh), "á" (Irish), "ó" and "ú"
// (old Spanish, Irish), "ở" (Vietnamese), and their capitals.
const loneLetters = "àèéåįâáóúởÀÈÉÅĮÂÁÓÚỞ"

func infoOf(r rune) charInfo {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return charInfo{class: classHan}
	case r >= 0xAC00 && r <= 0xD7A3:
		return charInfo{class: classHangul}
	case r >= 0x3041 && r <= 0x30FA:
		return charInfo{class: classKana}
	}
	cl := classify(r)
	return charInfo{class: uint8(cl), upper: unicode.IsUpper(r), lower: unicode.IsLower(r),
		lone: cl != classLatin || strings.ContainsRune(loneLetters, r)}
}

var replacement = []byte("\uFFFD")

// leadBytes counts the characters of UTF-8 text that are not ASCII.
func leadBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0xC0 {
			n++
		}
	}
	return n
}

func newScorer(langs []string) scorer {
	sc := scorer{models: make([]*langModel, len(langs)), sums: make([]float64, len(langs))}
	lm := languageModels()
	for i, lang := range langs {
		sc.models[i] = lm[lang]
	}
	return sc
}

// scorer adds up a decoding's log-likelihood in each language and its
// penalties.
type scorer struct {
	models    []*langModel
	sums      []float64 // by language
	penalty   float64
	nonASCII  int
	invalid   int
	prevClass uint8
	prevLower bool   // the previous character is a small non-ASCII letter
	prevHigh  bool   // the previous character is not ASCII
	wordMix   uint16 // the scripts of the letters of the current word
	wordLen   int    // letters in the current word
	wordLone  bool   // the current word's one letter may stand alone (see charInfo.lone)
}

// ascii takes an ASCII character.
func (s *scorer) ascii(b byte) {
	if 'a' <= b|0x20 && b|0x20 <= 'z' {
		s.wordMix |= 1 << classLatin
		s.wordLen++
		s.wordLone = true
		s.prevClass = classLatin
	} else {
		s.endWord()
		s.prevClass = classSpace
	}
	s.prevLower, s.prevHigh = false, false
}

func (s *scorer) endWord() {
	if bits16(s.wordMix) > 1 {
		s.penalty -= 4 // a word of two scripts: mojibake, or a CJK decoding of Latin text
	}
	if s.wordLen == 1 && !s.wordLone {
		s.penalty -= loneLetterPenalty
	}
	s.wordMix, s.wordLen = 0, 0
}

// char takes a non-ASCII character's penalties; it reports false once
// enough characters were scored.
func (s *scorer) char(info charInfo) bool {
	s.nonASCII++
	if s.nonASCII > scoreLimit {
		return false
	}
	cl := info.class
	switch cl {
	case classInvalid:
		s.invalid++
		s.penalty -= 20
	case classControl:
		s.penalty -= 12
	case classSymbol:
		if s.prevClass >= classLatin && s.prevHigh {
			s.penalty -= 3 // a symbol right after a letter, as mojibake makes
		}
	}
	if cl >= classLatin {
		s.wordMix |= 1 << cl
		s.wordLen++
		s.wordLone = info.lone
		if info.upper && s.prevLower {
			s.penalty -= 4 // a capital after a small letter inside a word
		}
	} else {
		s.endWord()
	}
	s.prevClass, s.prevLower, s.prevHigh = cl, info.lower, true
	return true
}

// loneLetterPenalty is what a Latin letter standing alone as a word costs
// when it is no word of any language scored (see charInfo.lone), in nats.
const loneLetterPenalty = 3

// result is the best language's log-likelihood with the penalties; ok is
// false when a multi-byte decoding had more than a few errors.
func (s *scorer) result(multi bool) (float64, bool) {
	s.endWord()
	if multi && s.invalid > max(2, s.nonASCII/100) {
		return 0, false
	}
	best := math.Inf(-1)
	for _, v := range s.sums {
		best = max(best, v)
	}
	return best + s.penalty, true
}

// sbEntry is a byte of a single-byte encoding, for scoring.
type sbEntry struct {
	info charInfo
	logp []float32 // by language of the candidate
}

var (
	tablesOnce sync.Once
	tables     map[*candidate]*[256]sbEntry
)

// table returns the candidate's byte table, made with every other on first
// use.
func (c *candidate) table() *[256]sbEntry {
	tablesOnce.Do(func() {
		lm := languageModels()
		tables = make(map[*candidate]*[256]sbEntry)
		for i := range candidates {
			cand := &candidates[i]
			if cand.multi {
				continue
			}
			tab := new([256]sbEntry)
			dec := cand.enc.NewDecoder()
			for b := 0x80; b < 0x100; b++ {
				out, _ := dec.Bytes([]byte{byte(b)})
				r, _ := utf8.DecodeRune(out)
				e := &tab[b]
				e.info = infoOf(r)
				e.logp = make([]float32, len(cand.langs))
				for j, lang := range cand.langs {
					e.logp[j] = float32(lm[lang].logLik(r, int(e.info.class)))
				}
			}
			tables[cand] = tab
		}
	})
	return tables[c]
}

func bits16(x uint16) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// Classes of characters.
const (
	classSpace   = iota // ASCII other than letters
	classInvalid        // U+FFFD
	classControl        // C0 and C1 controls, private use, unassigned
	classSymbol         // punctuation and symbols
	classMark           // combining marks
	classLatin          // letters by script, from here on
	classGreek
	classCyrillic
	classHebrew
	classArabic
	classThai
	classKana
	classHan
	classHangul
	classOtherLetter
)

// classify puts a non-ASCII rune in its class.
func classify(r rune) int {
	switch {
	case r == utf8.RuneError:
		return classInvalid
	case r < 0xA0 || unicode.Is(unicode.Co, r) || !unicode.IsPrint(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Mn, r):
		return classControl
	case unicode.Is(unicode.Mn, r):
		return classMark
	case !unicode.IsLetter(r):
		return classSymbol
	case r < 0x0250 || r >= 0x1E00 && r < 0x1F00:
		return classLatin
	case r >= 0x0370 && r < 0x0400 || r >= 0x1F00 && r < 0x2000:
		return classGreek
	case r >= 0x0400 && r < 0x0530:
		return classCyrillic
	case r >= 0x0590 && r < 0x0600 || r >= 0xFB1D && r < 0xFB50:
		return classHebrew
	case r >= 0x0600 && r < 0x0780 || r >= 0xFB50 && r < 0xFE00 || r >= 0xFE70 && r < 0xFF00:
		return classArabic
	case r >= 0x0E00 && r < 0x0E80:
		return classThai
	case r >= 0x3040 && r < 0x3100 || r >= 0x31F0 && r < 0x3200 || r >= 0xFF66 && r < 0xFFA0:
		return classKana
	case unicode.Is(unicode.Han, r):
		return classHan
	case unicode.Is(unicode.Hangul, r):
		return classHangul
	}
	return classOtherLetter
}
