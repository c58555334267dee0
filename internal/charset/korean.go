package charset

import (
	"errors"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// The two Korean encodings golang.org/x/text lacks, decoding only: Johab
// (KS X 1001:1992 annex 3, Windows code page 1361) and ISO-2022-KR (RFC
// 1557). Both reach KS X 1001's symbols and hanja through EUC-KR.

// decodeOnly is an encoding that decodes; encoding to it is an error.
type decodeOnly struct {
	newTransformer func() transform.Transformer
}

func (e decodeOnly) NewDecoder() *encoding.Decoder {
	return &encoding.Decoder{Transformer: e.newTransformer()}
}

func (e decodeOnly) NewEncoder() *encoding.Encoder {
	return &encoding.Encoder{Transformer: failing{}}
}

var errEncodeUnsupported = errors.New("charset: encoding to this charset is not supported")

type failing struct{ transform.NopResetter }

func (failing) Transform(dst, src []byte, atEOF bool) (int, int, error) {
	if len(src) == 0 {
		return 0, 0, nil
	}
	return 0, 0, errEncodeUnsupported
}

// Johab decodes Johab (cp1361).
var Johab encoding.Encoding = decodeOnly{func() transform.Transformer { return &johabDecoder{} }}

// ISO2022KR decodes ISO-2022-KR.
var ISO2022KR encoding.Encoding = decodeOnly{func() transform.Transformer { return &iso2022krDecoder{} }}

// Johab's five-bit jamo values: the index of each initial, medial and
// final (-1 where a value is unused), and the compatibility jamo a lone
// one stands for.
var (
	johabInitial = [32]int8{-1, -2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
	johabMedial  = [32]int8{-1, -1, -2, 0, 1, 2, 3, 4, -1, -1, 5, 6, 7, 8, 9, 10, -1, -1, 11, 12, 13, 14, 15, 16, -1, -1, 17, 18, 19, 20, -1, -1}
	johabFinal   = [32]int8{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, -1, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, -1, -1}

	compatInitial = [19]rune{0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E}
	compatFinal   = [28]rune{0, 0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A, 0x313B, 0x313C, 0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146, 0x3147, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E}
)

// johabRune decodes one two-byte Johab code; ok is false when it is not
// one.
func johabRune(c1, c2 byte) (rune, bool) {
	switch {
	case c1 >= 0x84 && c1 <= 0xD3:
		code := uint16(c1)<<8 | uint16(c2)
		i, m, f := johabInitial[code>>10&31], johabMedial[code>>5&31], johabFinal[code&31]
		switch {
		case i == -1 || m == -1 || f == -1:
			return 0, false
		case i >= 0 && m >= 0:
			return 0xAC00 + rune((int(i)*21+int(m))*28+int(f)), true
		case i >= 0 && m == -2 && f == 0:
			return compatInitial[i], true
		case i == -2 && m >= 0 && f == 0:
			return 0x314F + rune(m), true
		case i == -2 && m == -2 && f > 0:
			return compatFinal[f], true
		}
		return 0, false
	case c1 >= 0xD9 && c1 <= 0xDE || c1 >= 0xE0 && c1 <= 0xF9:
		row := (int(c1)-0xD9)*2 + 0x21
		if c1 >= 0xE0 {
			row = (int(c1)-0xE0)*2 + 0x4A
		}
		var col int
		switch {
		case c2 >= 0x31 && c2 <= 0x7E:
			col = int(c2) - 0x31 + 0x21
		case c2 >= 0x91 && c2 <= 0xA0:
			col = int(c2) - 0x91 + 0x6F
		case c2 >= 0xA1 && c2 <= 0xFE:
			row, col = row+1, int(c2)-0xA1+0x21
		default:
			return 0, false
		}
		return ksx1001(byte(row), byte(col))
	}
	return 0, false
}

// ksx1001 decodes a KS X 1001 code (row and column 0x21-0x7E), from a
// table made once through EUC-KR.
func ksx1001(row, col byte) (rune, bool) {
	if row < 0x21 || row > 0x7E || col < 0x21 || col > 0x7E {
		return 0, false
	}
	ksxOnce.Do(func() {
		dec := korean.EUCKR.NewDecoder()
		var out [8]byte
		for r := 0; r < 94; r++ {
			for c := 0; c < 94; c++ {
				n, _, err := dec.Transform(out[:], []byte{byte(r + 0xA1), byte(c + 0xA1)}, true)
				dec.Reset()
				if ch, _ := utf8.DecodeRune(out[:n]); err == nil && ch != utf8.RuneError {
					ksxTable[r*94+c] = ch
				}
			}
		}
	})
	ch := ksxTable[int(row-0x21)*94+int(col-0x21)]
	return ch, ch != 0
}

var (
	ksxOnce  sync.Once
	ksxTable [94 * 94]rune
)

type johabDecoder struct{ transform.NopResetter }

func (d *johabDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		r, size := rune(c), 1
		if c >= 0x80 {
			if nSrc+1 >= len(src) {
				if !atEOF {
					return nDst, nSrc, transform.ErrShortSrc
				}
				r = utf8.RuneError
			} else if dec, ok := johabRune(c, src[nSrc+1]); ok {
				r, size = dec, 2
			} else {
				r = utf8.RuneError
			}
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}

// iso2022krDecoder reads ASCII, and KS X 1001 pairs between SO and SI;
// the designation ESC $ ) C is dropped, and a line end returns to ASCII.
type iso2022krDecoder struct {
	shifted bool
}

func (d *iso2022krDecoder) Reset() { d.shifted = false }

func (d *iso2022krDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		r, size := rune(c), 1
		switch {
		case c == 0x1b:
			if len(src)-nSrc < 4 {
				if !atEOF {
					return nDst, nSrc, transform.ErrShortSrc
				}
				r = utf8.RuneError
			} else if string(src[nSrc:nSrc+4]) == "\x1b$)C" {
				nSrc += 4
				continue
			} else {
				r = utf8.RuneError
			}
		case c == 0x0e:
			d.shifted = true
			nSrc++
			continue
		case c == 0x0f:
			d.shifted = false
			nSrc++
			continue
		case c == '\n' || c == '\r':
			d.shifted = false
		case c >= 0x80:
			r = utf8.RuneError
		case d.shifted && c > 0x20 && c < 0x7f:
			if nSrc+1 >= len(src) {
				if !atEOF {
					return nDst, nSrc, transform.ErrShortSrc
				}
				r = utf8.RuneError
			} else if dec, ok := ksx1001(c, src[nSrc+1]); ok && src[nSrc+1] > 0x20 && src[nSrc+1] < 0x7f {
				r, size = dec, 2
			} else {
				r = utf8.RuneError
			}
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}
