package charset

import (
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// Single-byte encodings that golang.org/x/text does not have, with their
// tables in tables.go: ASCII below 0x80, a table above.
var (
	// CP737 is IBM's DOS code page for Greek.
	CP737 encoding.Encoding = &singleByte{high: &cp737High}
	// MacCentralEurope is Apple's Mac OS Central European (x-mac-ce).
	MacCentralEurope encoding.Encoding = &singleByte{high: &macCEHigh}
	// KOI8T is KOI8-T, the KOI8 variant for Tajik.
	KOI8T encoding.Encoding = &singleByte{high: &koi8THigh}
)

// singleByte is an ASCII-compatible single-byte encoding: byte b >= 0x80
// is high[b-0x80], U+FFFD where the encoding leaves it undefined.
type singleByte struct {
	high *[128]rune
}

func (e *singleByte) NewDecoder() *encoding.Decoder {
	return &encoding.Decoder{Transformer: sbDecoder{e.high}}
}

func (e *singleByte) NewEncoder() *encoding.Encoder {
	return &encoding.Encoder{Transformer: sbEncoder{e.high}}
}

type sbDecoder struct{ high *[128]rune }

// Transform decodes src into dst; it never fails but for want of room.
func (d sbDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for _, c := range src {
		if c < 0x80 {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r := d.high[c-0x80]
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc++
	}
	return nDst, nSrc, nil
}

func (sbDecoder) Reset() {}

type sbEncoder struct{ high *[128]rune }

// errUnrepresentable is what an encoder returns for a character its
// encoding has no byte for.
var errUnrepresentable = errors.New("charset: character not in the encoding")

// Transform encodes src (UTF-8) into dst; a character the encoding lacks
// is errUnrepresentable.
func (e sbEncoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		c := src[nSrc]
		if c < 0x80 {
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		if !atEOF && !utf8.FullRune(src[nSrc:]) {
			return nDst, nSrc, transform.ErrShortSrc
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		b, ok := e.byteOf(r)
		if !ok || r == utf8.RuneError {
			return nDst, nSrc, errUnrepresentable
		}
		dst[nDst] = b
		nDst++
		nSrc += size
	}
	return nDst, nSrc, nil
}

func (e sbEncoder) byteOf(r rune) (byte, bool) {
	for i, h := range e.high {
		if h == r {
			return byte(0x80 + i), true
		}
	}
	return 0, false
}

func (sbEncoder) Reset() {}
