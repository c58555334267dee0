package charset

import (
	"bytes"
	"math"
	"sort"
	"sync"
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

// Detection limits: what Detect looks at of a large body.
const (
	// scanLimit is how much of a body is examined at most.
	scanLimit = 256 << 10
	// sampleLimit is how much text, markup removed, is decoded and scored.
	sampleLimit = 64 << 10
	// scoreLimit is how many non-ASCII characters of a decoding are scored;
	// past it the evidence is plenty.
	scoreLimit = 8192
)

// candidate is an encoding Detect may answer, and the languages written in
// it.
type candidate struct {
	label string
	enc   encoding.Encoding
	langs []string
	multi bool // a multi-byte encoding: its decoding must be valid
}

var (
	latin1Langs   = []string{"de", "fr", "es", "pt", "it", "nl", "sv", "da", "no", "fi", "id", "et"}
	latin2Langs   = []string{"pl", "cs", "sk", "hu", "sl", "hr", "ro"}
	cyrillicLangs = []string{"ru", "uk", "bg", "sr", "kk"}
	balticLangs   = []string{"lt", "lv", "et"}
	chineseLangs  = []string{"zh_cn", "zh_tw"}

	// candidates in the order ties are settled: the more common first.
	candidates = []candidate{
		{"shift_jis", japanese.ShiftJIS, []string{"ja"}, true},
		{"euc-jp", japanese.EUCJP, []string{"ja"}, true},
		{"gb18030", simplifiedchinese.GB18030, chineseLangs, true},
		{"big5", traditionalchinese.Big5, chineseLangs, true},
		{"euc-kr", korean.EUCKR, []string{"ko"}, true},
		{"johab", Johab, []string{"ko"}, true},
		{"windows-1252", charmap.Windows1252, latin1Langs, false},
		{"iso-8859-15", charmap.ISO8859_15, latin1Langs, false},
		{"macintosh", charmap.Macintosh, latin1Langs, false},
		{"windows-1250", charmap.Windows1250, latin2Langs, false},
		{"iso-8859-2", charmap.ISO8859_2, latin2Langs, false},
		{"windows-1251", charmap.Windows1251, cyrillicLangs, false},
		{"koi8-r", charmap.KOI8R, cyrillicLangs, false},
		{"koi8-u", charmap.KOI8U, cyrillicLangs, false},
		{"iso-8859-5", charmap.ISO8859_5, cyrillicLangs, false},
		{"ibm866", charmap.CodePage866, cyrillicLangs, false},
		{"ibm855", charmap.CodePage855, cyrillicLangs, false},
		{"x-mac-cyrillic", charmap.MacintoshCyrillic, cyrillicLangs, false},
		{"windows-1253", charmap.Windows1253, []string{"el"}, false},
		{"iso-8859-7", charmap.ISO8859_7, []string{"el"}, false},
		{"windows-1254", charmap.Windows1254, []string{"tr"}, false},
		{"windows-1255", charmap.Windows1255, []string{"he"}, false},
		{"iso-8859-8", charmap.ISO8859_8, []string{"he"}, false},
		{"windows-1256", charmap.Windows1256, []string{"ar", "fa"}, false},
		{"iso-8859-6", charmap.ISO8859_6, []string{"ar"}, false},
		{"windows-1257", charmap.Windows1257, balticLangs, false},
		{"iso-8859-13", charmap.ISO8859_13, balticLangs, false},
		{"iso-8859-4", charmap.ISO8859_4, balticLangs, false},
		{"windows-874", charmap.Windows874, []string{"th"}, false},
		{"windows-1258", charmap.Windows1258, []string{"vi"}, false},
	}
)

// Detect names the charset b appears to be in: a byte order mark; UTF-32
// and UTF-16 by the pattern of their zero bytes; ISO-2022-JP and -KR by
// their escape sequences; ASCII and valid UTF-8 as "utf-8"; otherwise the
// legacy encoding whose decoding of the text (markup removed) reads most
// like a language of that encoding: multi-byte encodings must decode
// without error, and each decoding is scored by how much likelier its
// characters are in the language (their log-likelihood), less penalties for what
// real text does not hold (control and private-use characters, symbols
// inside words, words that mix scripts). It looks at the first 256 KiB at
// most, and scores at most 64 KiB of text.
func Detect(b []byte) string {
	if bom := BOM(b); bom != "" {
		return bom
	}
	cut := len(b) > scanLimit
	b = b[:min(len(b), scanLimit)]
	head := b[:min(len(b), sampleLimit)]
	if e := utf32ByStructure(head); e != "" {
		return e
	}
	if e := utf16ByStructure(head); e != "" {
		return e
	}
	if bytes.Count(head, []byte{0}) > len(head)/64 {
		// Zero bytes are no legacy text's: UTF-16 whose characters are
		// mostly not ASCII (Greek, Hebrew, CJK), told apart by reading.
		if e := utf16ByReading(head); e != "" {
			return e
		}
	}
	if bytes.IndexByte(b, 0x1b) >= 0 {
		if e := iso2022(b); e != "" {
			return e
		}
	}
	if !hasHighBytes(b) || utf8.Valid(trimIncompleteRune(b, cut)) {
		return "utf-8"
	}
	sample := windows(textOf(b))
	best, bestScore := "windows-1252", math.Inf(-1)
	for _, c := range shortlist(sample) {
		if s, ok := scoreDecoding(c, sample); ok && s > bestScore {
			best, bestScore = c.label, s
		}
	}
	if len(b)%2 == 0 || cut {
		// UTF-16 without a byte order mark and with few ASCII characters
		// (CJK, say) has few zero bytes: it competes too, on the aligned
		// head, per byte of non-ASCII characters.
		perByte := bestScore / float64(max(1, highBytes(sample)))
		if e, s := utf16Reading(head[:min(len(head), sampleBytes)&^1]); e != "" && s > perByte {
			return e
		}
	}
	return best
}

// shortlist scores every candidate on the start of the sample and keeps
// those that could still win on the whole of it: the best four, and any
// other within a margin of the best. Scoring them all on the whole sample
// took three times as long.
func shortlist(sample []byte) []*candidate {
	const prefixHigh, keep, margin = 512, 4, 40.0
	if highBytes(sample) <= 2*prefixHigh {
		all := make([]*candidate, len(candidates))
		for i := range candidates {
			all[i] = &candidates[i]
		}
		return all
	}
	prefix := sample
	for i, n := 0, 0; i < len(sample); i++ {
		if sample[i] >= 0x80 {
			if n++; n == prefixHigh {
				prefix = cutASCII(sample, i+1+windowContext)
				break
			}
		}
	}
	type scored struct {
		c *candidate
		s float64
	}
	var all []scored
	for i := range candidates {
		if s, ok := scoreDecoding(&candidates[i], prefix); ok {
			all = append(all, scored{&candidates[i], s})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].s > all[j].s })
	var out []*candidate
	for i, sc := range all {
		if i < keep || sc.s >= all[0].s-margin {
			out = append(out, sc.c)
		}
	}
	return out
}

func highBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return n
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// iso2022 recognizes ISO-2022-JP and ISO-2022-KR by their designations,
// when the body decodes without error in it.
func iso2022(b []byte) string {
	var label string
	var enc encoding.Encoding
	switch {
	case bytes.Contains(b, []byte("\x1b$)C")):
		label, enc = "iso-2022-kr", ISO2022KR
	case bytes.Contains(b, []byte("\x1b$B")), bytes.Contains(b, []byte("\x1b$@")), bytes.Contains(b, []byte("\x1b(J")):
		label, enc = "iso-2022-jp", japanese.ISO2022JP
	default:
		return ""
	}
	if hasHighBytes(b) || !validDecode(b, enc) {
		return ""
	}
	return label
}

// textOf returns the text of a document to score: for markup, what lies
// between the tags, each tag and the contents of scripts and styles
// replaced by a space; at most sampleLimit bytes, cut at an ASCII byte.
func textOf(b []byte) []byte {
	if !looksLikeMarkup(b) {
		return cutASCII(b, sampleLimit)
	}
	out := make([]byte, 0, min(len(b), sampleLimit))
	for i := 0; i < len(b) && len(out) < sampleLimit; {
		c := b[i]
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			break
		}
		tag := b[i : i+end+1]
		i += end + 1
		if bytes.HasPrefix(tag, []byte("<!--")) && !bytes.HasSuffix(tag, []byte("-->")) {
			if e := bytes.Index(b[i:], []byte("-->")); e >= 0 {
				i += e + 3
			} else {
				break
			}
		}
		for _, raw := range []string{"script", "style"} {
			if len(tag) > len(raw)+1 && equalFoldASCII(tag[1:len(raw)+1], raw) {
				if e := indexFold(b[i:], "</"+raw); e >= 0 {
					i += e
				}
			}
		}
		out = append(out, ' ')
	}
	return cutASCII(out, sampleLimit)
}

// Limits of the sample scored.
const (
	windowContext = 16       // ASCII bytes kept on each side of a run of non-ASCII ones
	sampleHigh    = 4096     // non-ASCII bytes in the sample, at most
	sampleBytes   = 16 << 10 // bytes in the sample, at most
)

// windows returns the parts of text that hold non-ASCII bytes, each with
// the ASCII bytes around it (words, and the ASCII trail bytes of some
// multi-byte encodings), joined by spaces: ASCII far from any other byte
// tells no encoding from another. It stops at sampleHigh non-ASCII bytes.
func windows(text []byte) []byte {
	out := make([]byte, 0, min(len(text), sampleBytes))
	high := 0
	last := 0 // end of the last window taken
	for i := 0; i < len(text) && high < sampleHigh && len(out) < sampleBytes; {
		if text[i] < 0x80 {
			i++
			continue
		}
		end := i
		for end < len(text) && high < sampleHigh && end-i < sampleBytes && (text[end] >= 0x80 || end+1 < len(text) && text[end+1] >= 0x80) {
			if text[end] >= 0x80 {
				high++
			}
			end++
		}
		from := max(i-windowContext, last)
		for from > last && from < i && text[from] != ' ' && text[from] != '\n' && i-from < 2*windowContext {
			from-- // start at a word boundary when one is near
		}
		to := min(end+windowContext, len(text))
		if from > last && len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, text[from:to]...)
		last, i = to, to
	}
	return out
}

// looksLikeMarkup reports whether b is HTML or XML.
func looksLikeMarkup(b []byte) bool {
	head := bytes.TrimLeft(b[:min(len(b), 1024)], " \t\r\n")
	return len(head) > 0 && head[0] == '<' && bytes.IndexByte(head, '>') > 0
}

// indexFold is bytes.Index for s, which starts with "</", ASCII case
// ignored in the rest.
func indexFold(b []byte, s string) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("</"))
		if i < 0 {
			return -1
		}
		at := off + i
		if len(b)-at >= len(s) && equalFoldASCII(b[at:at+len(s)], s) {
			return at
		}
		off = at + 2
	}
}

// equalFoldASCII reports whether b and s are equal, ASCII case ignored.
func equalFoldASCII(b []byte, s string) bool {
	for i := range len(s) {
		c, d := b[i], s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// cutASCII cuts b to at most n bytes, at an ASCII byte so that no
// multi-byte character is split.
func cutASCII(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	b = b[:n]
	for i := len(b) - 1; i >= 0 && i >= n-64; i-- {
		if b[i] < 0x80 {
			return b[:i+1]
		}
	}
	return b
}

// scoreDecoding decodes sample with c and scores it; ok is false when a
// multi-byte encoding does not decode it.
func scoreDecoding(c *candidate, sample []byte) (float64, bool) {
	sc := scorer{models: make([]*langModel, len(c.langs)), sums: make([]float64, len(c.langs))}
	lm := languageModels()
	for i, lang := range c.langs {
		sc.models[i] = lm[lang]
	}
	if !c.multi {
		// A single-byte encoding: each byte's character, class and log
		// probabilities come from a table made once.
		tab := c.table()
		for _, b := range sample {
			if b < 0x80 {
				sc.ascii(b)
				continue
			}
			e := &tab[b]
			if !sc.char(e.info) {
				break
			}
			for i := range sc.sums {
				sc.sums[i] += float64(e.logp[i])
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
	for _, r := range string(out) {
		if r < 0x80 {
			sc.ascii(byte(r))
			continue
		}
		info := infoOf(r)
		if !sc.char(info) {
			break
		}
		for i, m := range sc.models {
			sc.sums[i] += m.logLik(r, int(info.class))
		}
	}
	return sc.result(true)
}

// charInfo is what scoring needs to know of a non-ASCII character.
type charInfo struct {
	class        uint8
	upper, lower bool
}

func infoOf(r rune) charInfo {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return charInfo{class: classHan}
	case r >= 0xAC00 && r <= 0xD7A3:
		return charInfo{class: classHangul}
	case r >= 0x3041 && r <= 0x30FA:
		return charInfo{class: classKana}
	}
	return charInfo{class: uint8(classify(r)), upper: unicode.IsUpper(r), lower: unicode.IsLower(r)}
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
}

// ascii takes an ASCII character.
func (s *scorer) ascii(b byte) {
	if 'a' <= b|0x20 && b|0x20 <= 'z' {
		s.wordMix |= 1 << classLatin
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
	s.wordMix = 0
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
		if info.upper && s.prevLower {
			s.penalty -= 4 // a capital after a small letter inside a word
		}
	} else {
		s.endWord()
	}
	s.prevClass, s.prevLower, s.prevHigh = cl, info.lower, true
	return true
}

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

// langModel is a language's log probabilities of its non-ASCII characters.
type langModel struct {
	logp    map[rune]float64
	scripts [16]bool // the classes of letters the language is written in
}

// Log probabilities of what a language's table does not hold: one of its
// own letters, a symbol or mark, a letter of another script.
const (
	unseenLetter = -10.0
	unseenSymbol = -9.0
	foreign      = -14.0
)

// logLik is the log probability of r (of class cl) among the language's
// non-ASCII characters.
func (m *langModel) logLik(r rune, cl int) float64 {
	if m == nil {
		return foreign
	}
	if p, ok := m.logp[r]; ok {
		return p
	}
	switch {
	case cl < classLatin:
		return unseenSymbol
	case m.scripts[cl]:
		return unseenLetter
	}
	return foreign
}

// scriptsOf lists the classes of letters each language is written in.
var scriptsOf = map[string][]int{
	"ja": {classHan, classKana}, "zh_cn": {classHan}, "zh_tw": {classHan}, "ko": {classHangul, classHan},
	"ru": {classCyrillic}, "uk": {classCyrillic}, "bg": {classCyrillic}, "sr": {classCyrillic}, "kk": {classCyrillic},
	"el": {classGreek}, "he": {classHebrew}, "ar": {classArabic}, "fa": {classArabic}, "th": {classThai},
}

var (
	modelsOnce sync.Once
	langModels map[string]*langModel
)

// languageModels builds the models of models.go, once.
func languageModels() map[string]*langModel {
	modelsOnce.Do(func() {
		langModels = make(map[string]*langModel, len(models))
		for lang, m := range models {
			total := 0.0
			for _, n := range m.counts {
				total += float64(n)
			}
			lm := &langModel{logp: make(map[rune]float64, len(m.counts))}
			i := 0
			for _, r := range m.chars {
				lm.logp[r] = math.Log(float64(m.counts[i]) / (total + 1))
				i++
			}
			scripts := scriptsOf[lang]
			if scripts == nil {
				scripts = []int{classLatin}
			}
			for _, s := range scripts {
				lm.scripts[s] = true
			}
			langModels[lang] = lm
		}
	})
	return langModels
}

// model is a language's non-ASCII characters, from the most frequent, and how often each occurred in the training text.
type model struct {
	chars  string
	counts []uint32
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
	{"utf-16-le", unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.IgnoreBOM), nil, true},
	{"utf-16-be", unicodeenc.UTF16(unicodeenc.BigEndian, unicodeenc.IgnoreBOM), nil, true},
}

// utf16ByReading returns the UTF-16 byte order in which b decodes without
// error and reads best, or "".
func utf16ByReading(b []byte) string {
	e, _ := utf16Reading(b[:len(b)&^1])
	return e
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
		c.langs = languagesOf(out)
		sc, ok := scoreDecodingUnits(&c, b)
		if ok && sc > bestScore {
			best, bestScore = c.label, sc
		}
	}
	return best, bestScore
}

// scoreDecodingUnits is scoreDecoding per byte of the non-ASCII characters
// of a UTF-16 decoding (two bytes each).
func scoreDecodingUnits(c *candidate, b []byte) (float64, bool) {
	out, err := c.enc.NewDecoder().Bytes(b)
	if err != nil {
		return 0, false
	}
	s, ok := scoreDecoding(c, b)
	return s / float64(max(1, 2*leadBytes(out))), ok
}

// lopsided reports whether the bytes at even offsets take far fewer
// values than those at odd offsets, or the other way round, as in UTF-16:
// one byte of each unit says the script, the other the letter.
func lopsided(b []byte) bool {
	var even, odd [256]bool
	ne, no := 0, 0
	for i := 0; i+1 < len(b); i += 2 {
		if !even[b[i]] {
			even[b[i]], ne = true, ne+1
		}
		if !odd[b[i+1]] {
			odd[b[i+1]], no = true, no+1
		}
	}
	return 2*min(ne, no) < max(ne, no)
}

// oneScript reports whether text reads as written text: its non-ASCII
// letters mostly of one script (kana counting with Han), few symbols and
// no control or private-use characters. Legacy bytes read as UTF-16 make a
// mix of blocks.
func oneScript(text []byte) bool {
	var counts [16]int
	n, letters := 0, 0
	for _, r := range string(text) {
		if r < 0x80 {
			continue
		}
		cl := infoOf(r).class
		if cl == classKana {
			cl = classHan
		}
		counts[cl]++
		if cl >= classLatin {
			letters++
		}
		if n++; n == 2048 {
			break
		}
	}
	top := 0
	for cl := classLatin; cl < len(counts); cl++ {
		top = max(top, counts[cl])
	}
	return n > 0 && counts[classControl]+counts[classInvalid] == 0 && 4*letters >= 3*n && 20*top >= 17*letters
}

// languagesOf returns the languages written in the script most of text's
// non-ASCII letters are in.
func languagesOf(text []byte) []string {
	var counts [16]int
	n := 0
	for _, r := range string(text) {
		if r >= 0x80 {
			if cl := infoOf(r).class; cl >= classLatin {
				counts[cl]++
			}
			if n++; n == 1024 {
				break
			}
		}
	}
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
