package brotli

// The meta-block header of a compressed meta-block: its block types and
// counts, the context modes and maps, and the prefix codes (RFC 7932
// sections 6, 7 and 9.2).

// blockSwitch is the block type and count of one category (literals,
// commands, distances) and the codes that switch them.
type blockSwitch struct {
	types     int // NBLTYPES
	typ       int
	prev      int // the type before
	count     int // left in the block
	typeCode  huffman
	countCode huffman
}

// readCount reads NBLTYPES or NTREES: 1 to 256.
func (b *bitReader) readCount() (int, error) {
	v, err := b.readBits(1)
	if err != nil || v == 0 {
		return 1, err
	}
	n, err := b.readBits(3)
	if err != nil || n == 0 {
		return 2, err
	}
	x, err := b.readBits(uint(n))
	return 1<<n + 1 + int(x), err
}

// The block count codes: base and extra bits (RFC 7932 section 6).
var blockCountBase = [26]int{1, 5, 9, 13, 17, 25, 33, 41, 49, 65, 81, 97, 113, 145, 177, 209, 241, 305, 369, 497, 753, 1265, 2289, 4337, 8433, 16625}

var blockCountExtra = [26]uint8{2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 24}

func (b *bitReader) blockCount(code huffman) (int, error) {
	c, err := b.symbol(code)
	if err != nil {
		return 0, err
	}
	x, err := b.readBits(uint(blockCountExtra[c]))
	return blockCountBase[c] + int(x), err
}

func (b *bitReader) readBlockSwitch(s *blockSwitch) error {
	n, err := b.readCount()
	if err != nil {
		return err
	}
	*s = blockSwitch{types: n, prev: 1, count: 1 << 30}
	if n < 2 {
		return nil
	}
	if s.typeCode, err = b.readHuffman(n + 2); err != nil {
		return err
	}
	if s.countCode, err = b.readHuffman(26); err != nil {
		return err
	}
	s.count, err = b.blockCount(s.countCode)
	return err
}

// switchBlock starts the next block of a category.
func (b *bitReader) switchBlock(s *blockSwitch) error {
	c, err := b.symbol(s.typeCode)
	if err != nil {
		return err
	}
	t := c - 2
	switch c {
	case 0:
		t = s.prev
	case 1:
		t = s.typ + 1
	}
	if t >= s.types {
		t -= s.types
	}
	s.prev, s.typ = s.typ, t
	s.count, err = b.blockCount(s.countCode)
	return err
}

// compressedHeader reads the rest of a compressed meta-block's header
// (RFC 7932 section 9.2).
func (d *Reader) compressedHeader() error {
	br := &d.br
	for _, s := range []*blockSwitch{&d.lit, &d.cmd, &d.dist} {
		if err := br.readBlockSwitch(s); err != nil {
			return err
		}
	}
	v, err := br.readBits(6)
	if err != nil {
		return err
	}
	d.npostfix = uint(v & 3)
	d.ndirect = int(v>>2) << d.npostfix
	d.litModes = make([]uint8, d.lit.types)
	for i := range d.litModes {
		m, err := br.readBits(2)
		if err != nil {
			return err
		}
		d.litModes[i] = uint8(m)
	}
	nLit, err := br.readCount()
	if err != nil {
		return err
	}
	if d.litMap, err = br.contextMap(64*d.lit.types, nLit); err != nil {
		return err
	}
	nDist, err := br.readCount()
	if err != nil {
		return err
	}
	if d.distMap, err = br.contextMap(4*d.dist.types, nDist); err != nil {
		return err
	}
	if d.litTrees, err = br.trees(nLit, 256); err != nil {
		return err
	}
	if d.cmdTrees, err = br.trees(d.cmd.types, 704); err != nil {
		return err
	}
	if d.distTrees, err = br.trees(nDist, 16+d.ndirect+48<<d.npostfix); err != nil {
		return err
	}
	d.state = stateCommand
	return nil
}

func (b *bitReader) trees(n, size int) ([]huffman, error) {
	t := make([]huffman, n)
	for i := range t {
		var err error
		if t[i], err = b.readHuffman(size); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// contextMap reads a context map of size entries over ntrees trees
// (RFC 7932 section 7.3).
func (b *bitReader) contextMap(size, ntrees int) ([]uint8, error) {
	m := make([]uint8, size)
	if ntrees < 2 {
		return m, nil
	}
	v, err := b.readBits(1)
	if err != nil {
		return nil, err
	}
	rlemax := 0
	if v == 1 {
		x, err := b.readBits(4)
		if err != nil {
			return nil, err
		}
		rlemax = int(x) + 1
	}
	code, err := b.readHuffman(ntrees + rlemax)
	if err != nil {
		return nil, err
	}
	for i := 0; i < size; {
		c, err := b.symbol(code)
		if err != nil {
			return nil, err
		}
		switch {
		case c == 0:
			i++ // already zero
		case c <= rlemax:
			x, err := b.readBits(uint(c))
			if err != nil {
				return nil, err
			}
			i += 1<<c + int(x)
			if i > size {
				return nil, errContextMap
			}
		default:
			m[i] = uint8(c - rlemax)
			i++
		}
	}
	imtf, err := b.readBits(1)
	if err != nil {
		return nil, err
	}
	if imtf == 1 {
		var mtf [256]uint8
		for i := range mtf {
			mtf[i] = uint8(i)
		}
		for i, idx := range m {
			v := mtf[idx]
			m[i] = v
			copy(mtf[1:int(idx)+1], mtf[:idx])
			mtf[0] = v
		}
	}
	return m, nil
}
