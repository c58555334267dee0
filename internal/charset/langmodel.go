package charset

import (
	"math"
	"sync"
)

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
