package charset

import (
	"bytes"
	"strings"
)

// declaredLanguage returns the language the document says it is in, as the
// code of one of the language models ("pl", "zh_cn", "no"), from the lang
// (or xml:lang) attribute of its <html> tag in the first 1024 bytes; "" when
// it names none or one without a model.
func declaredLanguage(b []byte) string {
	b = b[:min(len(b), 1024)]
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '<')
		if i < 0 {
			return ""
		}
		rest := b[off+i:]
		off += i + 1
		if len(rest) < 6 || !equalFoldASCII(rest[1:5], "html") || !isHTMLSpace(rest[5]) {
			continue
		}
		for j := 5; ; {
			name, value, n, ok := htmlAttr(rest[j:])
			j += n
			if name == "lang" || name == "xml:lang" {
				return languageModelOf(value)
			}
			if !ok {
				return ""
			}
		}
	}
}

// languageModelOf maps a language tag (BCP 47: "pl", "zh-Hant-TW", "nb") to
// the code of its language model, "" when there is none.
func languageModelOf(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	primary, rest, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	switch primary {
	case "zh":
		if strings.Contains(rest, "hant") || strings.Contains(rest, "tw") || strings.Contains(rest, "hk") || strings.Contains(rest, "mo") {
			return "zh_tw"
		}
		return "zh_cn"
	case "nb", "nn":
		primary = "no"
	}
	if _, ok := models[primary]; ok {
		return primary
	}
	return ""
}

// declaredLanguageBonus is what a candidate in which the document's
// declared language is written gains, in nats: as much as separates a rare
// encoding from a common one, so that a short text that reads about as
// well in two encodings gets the one of its declared language, and a long
// one is still judged by its letters (a page declared "en" around Polish
// text stays Polish).
const declaredLanguageBonus = 3.0

// writes reports whether lang is among the candidate's languages.
func (c *candidate) writes(lang string) bool {
	for _, l := range c.langs {
		if l == lang {
			return true
		}
	}
	return false
}
