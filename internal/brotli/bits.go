package brotli

import "io"

// bitReader reads a brotli stream's bits, least significant first, from
// an io.Reader through a buffer. It reads its source only when a caller
// needs bits it does not hold, so decoding never waits for input it can
// do without.
type bitReader struct {
	src      io.Reader
	buf      []byte
	off, end int    // buf[off:end] is read and not yet in val
	val      uint64 // the next nbits bits; those above are zero
	nbits    uint
	err      error // of the source, once it has failed or ended
}

func (b *bitReader) init(src io.Reader) {
	b.src = src
	b.buf = make([]byte, 4096)
}

// fill moves buffered bytes into val, without reading the source.
func (b *bitReader) fill() {
	for b.nbits <= 56 && b.off < b.end {
		b.val |= uint64(b.buf[b.off]) << b.nbits
		b.off++
		b.nbits += 8
	}
}

// read refills buf from the source once it is empty.
func (b *bitReader) read() error {
	if b.err != nil {
		if b.err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return b.err
	}
	for range 100 {
		n, err := b.src.Read(b.buf)
		b.off, b.end, b.err = 0, n, err
		if n > 0 {
			return nil
		}
		if err != nil {
			return b.read()
		}
	}
	return io.ErrNoProgress
}

// need makes val hold at least n bits (n <= 57).
func (b *bitReader) need(n uint) error {
	for b.nbits < n {
		if b.off == b.end {
			if err := b.read(); err != nil {
				return err
			}
		}
		b.fill()
	}
	return nil
}

// bits takes n bits from those val holds.
func (b *bitReader) bits(n uint) uint32 {
	v := uint32(b.val & (1<<n - 1))
	b.val >>= n
	b.nbits -= n
	return v
}

// readBits reads n bits (n <= 32).
func (b *bitReader) readBits(n uint) (uint32, error) {
	if b.nbits < n {
		if err := b.need(n); err != nil {
			return 0, err
		}
	}
	return b.bits(n), nil
}

// entry looks up the table entry of the next bits.
func (b *bitReader) entry(t huffman) uint32 {
	e := t[b.val&rootMask]
	if e&linkFlag != 0 {
		e = t[e>>16+uint32(b.val>>rootBits)&(1<<(e&0xff)-1)]
	}
	return e
}

// symbol decodes one symbol of a prefix code.
func (b *bitReader) symbol(t huffman) (int, error) {
	if b.nbits < maxCodeLength {
		return b.symbolSlow(t)
	}
	e := b.entry(t)
	b.nbits -= uint(e & 0xff)
	b.val >>= e & 0xff
	return int(e >> 16), nil
}

// symbolSlow decodes a symbol when val may hold fewer bits than the
// longest code: after a refill from the buffer, or near the end of the
// input.
func (b *bitReader) symbolSlow(t huffman) (int, error) {
	b.fill()
	for {
		e := b.entry(t)
		if n := uint(e & 0xff); n <= b.nbits {
			b.val >>= n
			b.nbits -= n
			return int(e >> 16), nil
		}
		if err := b.need(uint(e & 0xff)); err != nil {
			return 0, err
		}
	}
}

// align drops the bits up to the next byte boundary, which must be zero.
func (b *bitReader) align() error {
	if b.bits(b.nbits%8) != 0 {
		return errPadding
	}
	return nil
}

// readBytes reads up to len(p) bytes at a byte boundary: those held in
// val, then the buffered ones, then at most one read of the source.
func (b *bitReader) readBytes(p []byte) (int, error) {
	n := 0
	for n < len(p) && b.nbits >= 8 {
		p[n] = byte(b.bits(8))
		n++
	}
	if n == len(p) {
		return n, nil
	}
	if b.off == b.end {
		if n > 0 {
			return n, nil
		}
		if err := b.read(); err != nil {
			return 0, err
		}
	}
	k := copy(p[n:], b.buf[b.off:b.end])
	b.off += k
	return n + k, nil
}

// atEnd reports whether the source ends here, at a byte boundary: an
// error when bytes follow.
func (b *bitReader) atEnd() error {
	if b.nbits > 0 || b.off < b.end {
		return errTrailing
	}
	if b.err == nil {
		if err := b.read(); err == nil {
			return errTrailing
		}
	}
	if b.err != io.EOF {
		return b.err
	}
	return nil
}
