package brotli

import "math/bits"

// A huffman is the decoding table of a prefix code: 1<<rootBits entries
// indexed by the next bits of the stream, then the second-level tables of
// the codes longer than rootBits. An entry is symbol<<16 | length; a link
// to a second-level table is offset<<16 | linkFlag | its index bits, and
// the entries of that table hold the whole length of their codes.
type huffman []uint32

const (
	rootBits      = 8
	rootMask      = 1<<rootBits - 1
	linkFlag      = 1 << 15
	maxCodeLength = 15
)

// buildHuffman returns the table of the canonical prefix code of the code
// lengths (0: unused symbol). The lengths must make a complete code, or
// give a single symbol, which then takes no bits.
func buildHuffman(lengths []uint8) huffman {
	var count [maxCodeLength + 1]int
	used, last := 0, 0
	for s, l := range lengths {
		if l != 0 {
			count[l]++
			used++
			last = s
		}
	}
	if used <= 1 {
		t := make(huffman, 1<<rootBits)
		for i := range t {
			t[i] = uint32(last) << 16
		}
		return t
	}
	var next [maxCodeLength + 1]uint32
	code := uint32(0)
	for l := 1; l <= maxCodeLength; l++ {
		code = (code + uint32(count[l-1])) << 1
		next[l] = code
	}
	// The longest code under each root index sizes its second-level table.
	var sub [1 << rootBits]uint8
	codes := next
	for _, l := range lengths {
		if l > rootBits {
			rev := reverse(codes[l], l)
			codes[l]++
			sub[rev&rootMask] = max(sub[rev&rootMask], l-rootBits)
		} else if l != 0 {
			codes[l]++
		}
	}
	size := 1 << rootBits
	var offset [1 << rootBits]int
	for i, s := range sub {
		if s != 0 {
			offset[i] = size
			size += 1 << s
		}
	}
	t := make(huffman, size)
	for i, s := range sub {
		if s != 0 {
			t[i] = uint32(offset[i])<<16 | linkFlag | uint32(s)
		}
	}
	codes = next
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		rev := reverse(codes[l], l)
		codes[l]++
		e := uint32(sym)<<16 | uint32(l)
		if l <= rootBits {
			for i := rev; i < 1<<rootBits; i += 1 << l {
				t[i] = e
			}
			continue
		}
		root := rev & rootMask
		s := uint32(sub[root])
		for i := rev >> rootBits; i < 1<<s; i += 1 << (uint32(l) - rootBits) {
			t[uint32(offset[root])+i] = e
		}
	}
	return t
}

func reverse(code uint32, n uint8) uint32 {
	return uint32(bits.Reverse16(uint16(code))) >> (16 - n)
}

// The order in which the code lengths of the code length code come.
var codeLengthOrder = [18]uint8{1, 2, 3, 4, 0, 5, 17, 6, 16, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// readHuffman reads a prefix code over an alphabet of size symbols
// (RFC 7932 section 3.4 and 3.5).
func (b *bitReader) readHuffman(size int) (huffman, error) {
	hskip, err := b.readBits(2)
	if err != nil {
		return nil, err
	}
	lengths := make([]uint8, size)
	if hskip == 1 {
		return b.readSimpleHuffman(lengths)
	}
	// The code length code, whose lengths come in a fixed code of their own.
	var clens [18]uint8
	space, num := 32, 0
	for _, sym := range codeLengthOrder[hskip:] {
		if err := b.need(4); err != nil {
			if err = b.need(2); err != nil {
				return nil, err
			}
		}
		v, n := fixedCodeLength(b.val & 15)
		if n > b.nbits {
			if err := b.need(n); err != nil {
				return nil, err
			}
			v, n = fixedCodeLength(b.val & 15)
		}
		b.bits(n)
		clens[sym] = v
		if v != 0 {
			space -= 32 >> v
			num++
			if space <= 0 {
				break
			}
		}
	}
	if num != 1 && space != 0 {
		return nil, errCodeLengths
	}
	clcode := buildHuffman(clens[:])

	// The symbols' code lengths, with runs of the last length or of zeros.
	prev, repeatLen, repeat := uint8(8), uint8(0), 0
	space = 1 << 15
	for sym := 0; sym < size && space > 0; {
		cl, err := b.symbol(clcode)
		if err != nil {
			return nil, err
		}
		if cl < 16 {
			repeat = 0
			lengths[sym] = uint8(cl)
			sym++
			if cl != 0 {
				prev = uint8(cl)
				space -= 1 << 15 >> cl
			}
			continue
		}
		extra, newLen := uint(2), prev
		if cl == 17 {
			extra, newLen = 3, 0
		}
		if repeatLen != newLen {
			repeat, repeatLen = 0, newLen
		}
		old := repeat
		if repeat > 0 {
			repeat = (repeat - 2) << extra
		}
		x, err := b.readBits(extra)
		if err != nil {
			return nil, err
		}
		repeat += int(x) + 3
		delta := repeat - old
		if sym+delta > size {
			return nil, errCodeLengths
		}
		for range delta {
			lengths[sym] = repeatLen
			sym++
		}
		if repeatLen != 0 {
			space -= delta << (15 - repeatLen)
		}
	}
	if space != 0 {
		return nil, errCodeLengths
	}
	return buildHuffman(lengths), nil
}

// fixedCodeLength decodes a code length of the code length code from the
// next four bits: its value and how many bits it takes.
func fixedCodeLength(v uint64) (uint8, uint) {
	switch {
	case v&3 == 0:
		return 0, 2
	case v&3 == 1:
		return 4, 2
	case v&3 == 2:
		return 3, 2
	case v&7 == 3:
		return 2, 3
	case v&15 == 7:
		return 1, 4
	}
	return 5, 4
}

// readSimpleHuffman reads a simple prefix code: up to four symbols with
// fixed lengths (RFC 7932 section 3.4).
func (b *bitReader) readSimpleHuffman(lengths []uint8) (huffman, error) {
	nsym, err := b.readBits(2)
	if err != nil {
		return nil, err
	}
	nsym++
	width := uint(bits.Len(uint(len(lengths) - 1)))
	var syms [4]int
	for i := range nsym {
		s, err := b.readBits(width)
		if err != nil {
			return nil, err
		}
		if int(s) >= len(lengths) {
			return nil, errSimpleCode
		}
		for _, o := range syms[:i] {
			if o == int(s) {
				return nil, errSimpleCode
			}
		}
		syms[i] = int(s)
	}
	var lens []uint8
	switch nsym {
	case 1:
		lens = []uint8{1} // a single symbol takes no bits
	case 2:
		lens = []uint8{1, 1}
	case 3:
		lens = []uint8{1, 2, 2}
	case 4:
		sel, err := b.readBits(1)
		if err != nil {
			return nil, err
		}
		lens = []uint8{2, 2, 2, 2}
		if sel == 1 {
			lens = []uint8{1, 2, 3, 3}
		}
	}
	for i, l := range lens {
		lengths[syms[i]] = l
	}
	return buildHuffman(lengths), nil
}
