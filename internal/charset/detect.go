package charset

import (
	"bytes"
	"math"
	"sort"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
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
	// prior is added once to the candidate's score, in nats: below zero
	// for the encodings few documents are in (DOS and Mac code pages, the
	// rarer ISO-8859 parts, KOI8-T), so that on a short text, whose few
	// letters a common encoding reads about as well, the common one wins,
	// and only letters that the rare one alone reads well outweigh it.
	prior float64
}

// Priors of the encodings few documents are in, in nats (see candidate).
const (
	rare   = -2.0 // ISO-8859-3/-4/-10/-14/-16, KOI8-T
	dos    = -3.0 // the DOS code pages, whose upper halves are box drawing, and Mac Central European
	rarest = -6.0 // code pages that read as another DOS one in most texts
)

var (
	latin1Langs   = []string{"en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "no", "fi", "is", "id", "et", "ga", "cy", "ca"}
	latin2Langs   = []string{"pl", "cs", "sk", "hu", "sl", "hr", "ro"}
	latin10Langs  = []string{"ro", "pl", "hu", "hr", "sl", "sq", "it", "fr", "de"}
	nordicLangs   = []string{"is", "fo", "no", "da", "sv", "fi", "et", "lt", "lv"}
	cyrillicLangs = []string{"ru", "uk", "bg", "be", "sr", "mk", "kk"}
	balticLangs   = []string{"lt", "lv", "et", "pl"}
	chineseLangs  = []string{"zh_cn", "zh_tw"}

	// candidates in the order ties are settled: the more common first.
	candidates = []candidate{
		{"shift_jis", japanese.ShiftJIS, []string{"ja"}, true, 0},
		{"euc-jp", japanese.EUCJP, []string{"ja"}, true, 0},
		{"gb18030", simplifiedchinese.GB18030, chineseLangs, true, 0},
		{"big5", traditionalchinese.Big5, chineseLangs, true, -1},
		{"euc-kr", korean.EUCKR, []string{"ko"}, true, 0},
		{"johab", Johab, []string{"ko"}, true, 0},
		{"windows-1252", charmap.Windows1252, latin1Langs, false, 0},
		{"iso-8859-15", charmap.ISO8859_15, latin1Langs, false, 0},
		{"macintosh", charmap.Macintosh, latin1Langs, false, -1},
		{"windows-1250", charmap.Windows1250, latin2Langs, false, 0},
		{"iso-8859-2", charmap.ISO8859_2, latin2Langs, false, 0},
		{"windows-1251", charmap.Windows1251, cyrillicLangs, false, 0},
		{"koi8-r", charmap.KOI8R, cyrillicLangs, false, 0},
		{"koi8-u", charmap.KOI8U, cyrillicLangs, false, 0},
		{"iso-8859-5", charmap.ISO8859_5, cyrillicLangs, false, 0},
		{"ibm866", charmap.CodePage866, cyrillicLangs, false, 0},
		{"ibm855", charmap.CodePage855, cyrillicLangs, false, 0},
		{"x-mac-cyrillic", charmap.MacintoshCyrillic, cyrillicLangs, false, 0},
		{"windows-1253", charmap.Windows1253, []string{"el"}, false, 0},
		{"iso-8859-7", charmap.ISO8859_7, []string{"el"}, false, 0},
		{"windows-1254", charmap.Windows1254, []string{"tr"}, false, 0},
		{"windows-1255", charmap.Windows1255, []string{"he"}, false, 0},
		{"iso-8859-8", charmap.ISO8859_8, []string{"he"}, false, 0},
		{"windows-1256", charmap.Windows1256, []string{"ar", "fa"}, false, 0},
		{"iso-8859-6", charmap.ISO8859_6, []string{"ar"}, false, 0},
		{"windows-1257", charmap.Windows1257, balticLangs, false, 0},
		{"iso-8859-13", charmap.ISO8859_13, balticLangs, false, 0},
		{"iso-8859-4", charmap.ISO8859_4, balticLangs, false, rare},
		{"windows-874", charmap.Windows874, []string{"th"}, false, 0},
		{"windows-1258", charmap.Windows1258, []string{"vi"}, false, 0},
		{"iso-8859-16", charmap.ISO8859_16, latin10Langs, false, rare},
		{"iso-8859-10", charmap.ISO8859_10, nordicLangs, false, rare},
		{"iso-8859-3", charmap.ISO8859_3, []string{"mt", "eo", "tr"}, false, rare},
		{"iso-8859-14", charmap.ISO8859_14, []string{"ga", "cy"}, false, rare},
		{"x-mac-ce", MacCentralEurope, latin2Langs, false, dos},
		{"koi8-t", KOI8T, []string{"tg"}, false, rare},
		{"ibm850", charmap.CodePage850, latin1Langs, false, dos},
		{"ibm852", charmap.CodePage852, latin2Langs, false, dos},
		{"ibm865", charmap.CodePage865, latin1Langs, false, dos},
		{"ibm862", charmap.CodePage862, []string{"he"}, false, dos},
		{"cp737", CP737, []string{"el"}, false, dos},
		{"ibm437", charmap.CodePage437, latin1Langs, false, rarest},
		{"ibm860", charmap.CodePage860, latin1Langs, false, rarest},
		{"ibm863", charmap.CodePage863, latin1Langs, false, rarest},
	}
)

// Detect names the charset b appears to be in: a byte order mark; UTF-32
// and UTF-16 by the pattern of their zero bytes; ISO-2022-JP and -KR by
// their escape sequences; ASCII and valid UTF-8 as "utf-8"; otherwise the
// legacy encoding whose decoding of the text (markup removed) reads most
// like a language of that encoding: multi-byte encodings must decode
// without error, and each decoding is scored by how much likelier its
// characters are in the language (their log-likelihood), less penalties
// for what real text does not hold (control and private-use characters,
// symbols inside words, words that mix scripts). The encoding the document
// declares (XML declaration, <meta> charset) wins when its decoding reads
// about as well as the best, as charset_normalizer, which requests uses,
// prefers a declared encoding. Encodings few documents are in start behind
// the common ones (candidate.prior), and the encodings of the language a
// page declares (<html lang>) ahead (declaredLanguageBonus), which decides
// between encodings that read a short text alike. It looks at the first
// 256 KiB at most, and scores at most 64 KiB of text. The label it returns
// is one Lookup knows.
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
	// UTF-16 whose characters are mostly not ASCII (Greek, Hebrew, CJK) has
	// few zero bytes: it is told apart by reading, on the aligned head.
	e16, s16 := "", math.Inf(-1)
	if len(b)%2 == 0 || cut {
		e16, s16 = utf16Reading(head[:min(len(head), sampleBytes)&^1])
	}
	if e16 != "" && bytes.Count(head, []byte{0}) > len(head)/64 {
		return e16 // zero bytes are no legacy text's
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
	lang := ""
	if looksLikeMarkup(b) {
		lang = declaredLanguage(b)
	}
	best, bestScore := "windows-1252", math.Inf(-1)
	for _, c := range shortlist(sample) {
		s, ok := scoreDecoding(c, sample)
		if !ok {
			continue
		}
		if s += c.prior; lang != "" && c.writes(lang) {
			s += declaredLanguageBonus
		}
		if s > bestScore {
			best, bestScore = c.label, s
		}
	}
	if c := declaredCandidate(b); c != nil && c.label != best {
		// The document names its encoding (an XML declaration, a <meta>
		// charset), as charset_normalizer, which requests uses, takes into
		// account: it wins when the text decodes in it and reads about as
		// well as in the best guess. Encodings of one script often differ
		// in a few letters only (ISO-8859-7 and windows-1253, EUC-KR and
		// a Japanese reading of the same bytes on a short sample).
		if s, ok := scoreDecoding(c, sample); ok && s >= bestScore-declaredSlack*float64(max(1, highBytes(sample))) {
			return c.label
		}
	}
	// Without zero bytes, UTF-16 competes with the legacy encodings, per
	// byte of non-ASCII characters.
	if e16 != "" && s16 > bestScore/float64(max(1, highBytes(sample))) {
		return e16
	}
	return best
}

// declaredSlack is how much worse, per byte of non-ASCII text, a declared
// encoding's reading may score than the best guess's and still win, in
// nats: enough for encodings that differ in a few letters, too little for
// a declaration that turns a letter in twenty into a symbol (a KOI8-U page
// declared as KOI8-R).
const declaredSlack = 0.25

// declaredCandidate returns the candidate for the encoding the document
// declares in an XML declaration or a <meta> charset, or nil.
func declaredCandidate(b []byte) *candidate {
	label := xmlDeclaration(b)
	if label == "" {
		label = Meta(b)
	}
	if label == "" {
		return nil
	}
	enc := Lookup(label)
	if enc == nil {
		return nil
	}
	switch enc.(type) {
	case *charmap.Charmap, *singleByte:
		// Comparable: a label WHATWG lacks ("cp852", "x-mac-ce") finds its
		// candidate too.
		for i := range candidates {
			if c := &candidates[i]; !c.multi && c.enc == enc {
				return c
			}
		}
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil
	}
	for i := range candidates {
		c := &candidates[i]
		if n, err := htmlindex.Name(c.enc); err == nil && n == name {
			return c
		}
	}
	return nil
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
			all = append(all, scored{&candidates[i], s + candidates[i].prior})
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
