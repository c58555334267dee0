package brotli

import _ "embed"

// dictionary is the static dictionary of RFC 7932 appendix A: words of 4
// to 24 bytes, those of one length after those of the length before.
//
//go:embed dictionary.bin
var dictionary string

// dictBits is how many bits index the words of each length (NDBITS).
var dictBits = [25]uint8{
	4: 10, 5: 10, 6: 11, 7: 11, 8: 10, 9: 10, 10: 10, 11: 10, 12: 10, 13: 9, 14: 9,
	15: 8, 16: 7, 17: 7, 18: 8, 19: 7, 20: 7, 21: 6, 22: 6, 23: 5, 24: 5,
}

// dictOffset is where the words of each length start (DOFFSET); its last
// entry is the dictionary's size.
var dictOffset = func() (o [26]int) {
	for l := 4; l <= 24; l++ {
		o[l+1] = o[l] + l<<dictBits[l]
	}
	return o
}()

// The elementary transforms of a dictionary word (RFC 7932 appendix B).
const (
	identity = iota
	omitLast1
	omitLast2
	omitLast3
	omitLast4
	omitLast5
	omitLast6
	omitLast7
	omitLast8
	omitLast9
	upperFirst
	upperAll
	omitFirst1
	omitFirst2
	omitFirst3
	omitFirst4
	omitFirst5
	omitFirst6
	omitFirst7
	omitFirst8
	omitFirst9
)

// transforms are the 121 transforms of RFC 7932 appendix B, by ID.
var transforms = [121]struct {
	prefix string
	kind   uint8
	suffix string
}{
	{"", identity, ""},              // 0
	{"", identity, " "},             // 1
	{" ", identity, " "},            // 2
	{"", omitFirst1, ""},            // 3
	{"", upperFirst, " "},           // 4
	{"", identity, " the "},         // 5
	{" ", identity, ""},             // 6
	{"s ", identity, " "},           // 7
	{"", identity, " of "},          // 8
	{"", upperFirst, ""},            // 9
	{"", identity, " and "},         // 10
	{"", omitFirst2, ""},            // 11
	{"", omitLast1, ""},             // 12
	{", ", identity, " "},           // 13
	{"", identity, ", "},            // 14
	{" ", upperFirst, " "},          // 15
	{"", identity, " in "},          // 16
	{"", identity, " to "},          // 17
	{"e ", identity, " "},           // 18
	{"", identity, "\""},            // 19
	{"", identity, "."},             // 20
	{"", identity, "\">"},           // 21
	{"", identity, "\n"},            // 22
	{"", omitLast3, ""},             // 23
	{"", identity, "]"},             // 24
	{"", identity, " for "},         // 25
	{"", omitFirst3, ""},            // 26
	{"", omitLast2, ""},             // 27
	{"", identity, " a "},           // 28
	{"", identity, " that "},        // 29
	{" ", upperFirst, ""},           // 30
	{"", identity, ". "},            // 31
	{".", identity, ""},             // 32
	{" ", identity, ", "},           // 33
	{"", omitFirst4, ""},            // 34
	{"", identity, " with "},        // 35
	{"", identity, "'"},             // 36
	{"", identity, " from "},        // 37
	{"", identity, " by "},          // 38
	{"", omitFirst5, ""},            // 39
	{"", omitFirst6, ""},            // 40
	{" the ", identity, ""},         // 41
	{"", omitLast4, ""},             // 42
	{"", identity, ". The "},        // 43
	{"", upperAll, ""},              // 44
	{"", identity, " on "},          // 45
	{"", identity, " as "},          // 46
	{"", identity, " is "},          // 47
	{"", omitLast7, ""},             // 48
	{"", omitLast1, "ing "},         // 49
	{"", identity, "\n\t"},          // 50
	{"", identity, ":"},             // 51
	{" ", identity, ". "},           // 52
	{"", identity, "ed "},           // 53
	{"", omitFirst9, ""},            // 54
	{"", omitFirst7, ""},            // 55
	{"", omitLast6, ""},             // 56
	{"", identity, "("},             // 57
	{"", upperFirst, ", "},          // 58
	{"", omitLast8, ""},             // 59
	{"", identity, " at "},          // 60
	{"", identity, "ly "},           // 61
	{" the ", identity, " of "},     // 62
	{"", omitLast5, ""},             // 63
	{"", omitLast9, ""},             // 64
	{" ", upperFirst, ", "},         // 65
	{"", upperFirst, "\""},          // 66
	{".", identity, "("},            // 67
	{"", upperAll, " "},             // 68
	{"", upperFirst, "\">"},         // 69
	{"", identity, "=\""},           // 70
	{" ", identity, "."},            // 71
	{".com/", identity, ""},         // 72
	{" the ", identity, " of the "}, // 73
	{"", upperFirst, "'"},           // 74
	{"", identity, ". This "},       // 75
	{"", identity, ","},             // 76
	{".", identity, " "},            // 77
	{"", upperFirst, "("},           // 78
	{"", upperFirst, "."},           // 79
	{"", identity, " not "},         // 80
	{" ", identity, "=\""},          // 81
	{"", identity, "er "},           // 82
	{" ", upperAll, " "},            // 83
	{"", identity, "al "},           // 84
	{" ", upperAll, ""},             // 85
	{"", identity, "='"},            // 86
	{"", upperAll, "\""},            // 87
	{"", upperFirst, ". "},          // 88
	{" ", identity, "("},            // 89
	{"", identity, "ful "},          // 90
	{" ", upperFirst, ". "},         // 91
	{"", identity, "ive "},          // 92
	{"", identity, "less "},         // 93
	{"", upperAll, "'"},             // 94
	{"", identity, "est "},          // 95
	{" ", upperFirst, "."},          // 96
	{"", upperAll, "\">"},           // 97
	{" ", identity, "='"},           // 98
	{"", upperFirst, ","},           // 99
	{"", identity, "ize "},          // 100
	{"", upperAll, "."},             // 101
	{"\xc2\xa0", identity, ""},      // 102
	{" ", identity, ","},            // 103
	{"", upperFirst, "=\""},         // 104
	{"", upperAll, "=\""},           // 105
	{"", identity, "ous "},          // 106
	{"", upperAll, ", "},            // 107
	{"", upperFirst, "='"},          // 108
	{" ", upperFirst, ","},          // 109
	{" ", upperAll, "=\""},          // 110
	{" ", upperAll, ", "},           // 111
	{"", upperAll, ","},             // 112
	{"", upperAll, "("},             // 113
	{"", upperAll, ". "},            // 114
	{" ", upperAll, "."},            // 115
	{"", upperAll, "='"},            // 116
	{" ", upperAll, ". "},           // 117
	{" ", upperFirst, "=\""},        // 118
	{" ", upperAll, "='"},           // 119
	{" ", upperFirst, "='"},         // 120
}

// transform writes word transformed by transforms[id] to dst, which has
// room for it, and returns its length.
func transform(dst []byte, word string, id int) int {
	t := &transforms[id]
	n := copy(dst, t.prefix)
	switch k := int(t.kind); {
	case k >= omitFirst1:
		word = word[min(k-omitFirst1+1, len(word)):]
	case k <= omitLast9:
		word = word[:len(word)-min(k, len(word))]
	}
	w := dst[n : n+copy(dst[n:], word)]
	switch t.kind {
	case upperFirst:
		ferment(w)
	case upperAll:
		for i := 0; i < len(w); {
			i += ferment(w[i:])
		}
	}
	n += len(w)
	return n + copy(dst[n:], t.suffix)
}

// ferment uppercases the character w starts with, as RFC 7932 does
// (ASCII letters, and a fixed flip of bits in longer UTF-8 sequences), and
// returns its length.
func ferment(w []byte) int {
	switch {
	case w[0] < 0xc0:
		if w[0] >= 'a' && w[0] <= 'z' {
			w[0] ^= 32
		}
		return 1
	case w[0] < 0xe0:
		if len(w) > 1 {
			w[1] ^= 32
		}
		return 2
	}
	if len(w) > 2 {
		w[2] ^= 5
	}
	return 3
}
