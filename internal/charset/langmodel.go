package charset

import (
	"math"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// langModel is a language's log probabilities of its non-ASCII characters.
type langModel struct {
	logp    map[rune]float64
	scripts [16]bool // the classes of letters the language is written in
	// common holds the ideographs of the language's first level of common
	// characters (see commonHan), which an unseen one from is likelier
	// than one from outside; nil for the languages without.
	common map[rune]bool
}

// Log probabilities of what a language's table does not hold: one of its
// own letters, a symbol or mark, a letter of another script.
const (
	unseenLetter = -10.0
	unseenCommon = -8.5 // an ideograph of the language's common set (langModel.common)
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
	case m.common[r]:
		return unseenCommon
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
			if c, ok := commonHan[lang]; ok {
				lm.common = c.set()
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

// commonHan names, for the languages written with ideographs, the first
// level of common characters of their national standard, as the byte
// ranges of the encoding that orders it: GB 2312's 3,755 level-1 hanzi
// (rows 16-55), Big5's 5,401 frequently used characters (0xA440-0xC67E)
// and JIS X 0208's 2,965 level-1 kanji (rows 16-47). The frequency tables
// of models.go, made from a few hundred pages, lack many common
// characters (北 and 京 among them); an unseen one is likelier in the
// language than a rare one.
var commonHan = map[string]hanLevel{
	"zh_cn": {simplifiedchinese.GBK, 0xB0, 0xD7, 0xA1, 0xFE},
	"zh_tw": {traditionalchinese.Big5, 0xA4, 0xC6, 0x40, 0xFE},
	"ja":    {japanese.EUCJP, 0xB0, 0xCF, 0xA1, 0xFE},
}

// hanLevel is a block of two-byte codes: lead bytes lo..hi, trail bytes
// tlo..thi, in enc.
type hanLevel struct {
	enc      encoding.Encoding
	lo, hi   byte
	tlo, thi byte
}

// set decodes every code of the block and keeps the ideographs.
func (h hanLevel) set() map[rune]bool {
	out := map[rune]bool{}
	dec := h.enc.NewDecoder()
	for lead := int(h.lo); lead <= int(h.hi); lead++ {
		for trail := int(h.tlo); trail <= int(h.thi); trail++ {
			b, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			if err != nil {
				continue
			}
			if r, n := utf8.DecodeRune(b); n == len(b) && classify(r) == classHan {
				out[r] = true
			}
		}
	}
	return out
}
