package brotli

// The commands of a compressed meta-block: insert lengths and literals,
// copy lengths and distances, the distance ring, and words of the static
// dictionary (RFC 7932 sections 4, 5 and 8).

// commands decodes commands while the window has room and the input is
// buffered: up to 256 in a step, a quarter less time on 1 MiB of text
// than one a step.
func (d *Reader) commands() error {
	for range 256 {
		var err error
		switch d.state {
		case stateCommand:
			if d.remaining == 0 {
				return d.endMetaBlock()
			}
			err = d.command()
		case stateLiterals:
			err = d.literals()
		case stateCopy:
			err = d.copy()
		}
		if err != nil || d.state != stateCommand || d.br.nbits < 8 && d.br.off == d.br.end {
			return err
		}
	}
	return nil
}

// The insert and copy length codes of each cell of 64 command codes, and
// the base and extra bits of each (RFC 7932 section 5).
var (
	cellInsert  = [11]int{0, 0, 0, 0, 8, 8, 0, 16, 8, 16, 16}
	cellCopy    = [11]int{0, 8, 0, 8, 0, 8, 16, 0, 16, 8, 16}
	insertBase  = [24]int{0, 1, 2, 3, 4, 5, 6, 8, 10, 14, 18, 26, 34, 50, 66, 98, 130, 194, 322, 578, 1090, 2114, 6210, 22594}
	insertExtra = [24]uint8{0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 12, 14, 24}
	copyBase    = [24]int{2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 18, 22, 30, 38, 54, 70, 102, 134, 198, 326, 582, 1094, 2118}
	copyExtra   = [24]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 24}
)

// command reads a command's insert and copy lengths.
func (d *Reader) command() error {
	br := &d.br
	if d.cmd.count == 0 {
		if err := br.switchBlock(&d.cmd); err != nil {
			return err
		}
	}
	d.cmd.count--
	c, err := br.symbol(d.cmdTrees[d.cmd.typ])
	if err != nil {
		return err
	}
	cell := c >> 6
	ic, cc := cellInsert[cell]+(c>>3)&7, cellCopy[cell]+c&7
	x, err := br.readBits(uint(insertExtra[ic]))
	if err != nil {
		return err
	}
	d.insert = insertBase[ic] + int(x)
	if x, err = br.readBits(uint(copyExtra[cc])); err != nil {
		return err
	}
	d.copyLen = copyBase[cc] + int(x)
	d.implicit = c < 128
	if d.insert > d.remaining {
		return errBlockLength
	}
	d.remaining -= d.insert
	d.state = stateLiterals
	return d.literals()
}

// literals decodes a command's literals, then its distance.
func (d *Reader) literals() error {
	br := &d.br
	room := d.room()
	p1, p2 := d.byteBack(1), d.byteBack(2)
	mode := &contextLUT[d.litModes[d.lit.typ]]
	cmap := d.litMap[64*d.lit.typ:][:64]
	for ; d.insert > 0; d.insert-- {
		if room == 0 {
			if room = d.room(); room == 0 {
				return nil
			}
		}
		if d.lit.count == 0 {
			if err := br.switchBlock(&d.lit); err != nil {
				return err
			}
			mode = &contextLUT[d.litModes[d.lit.typ]]
			cmap = d.litMap[64*d.lit.typ:][:64]
		}
		d.lit.count--
		// symbol's fast path, inlined: a quarter less time on 1 MiB of text.
		t := d.litTrees[cmap[mode[0][p1]|mode[1][p2]]]
		if br.fill(); br.nbits >= maxCodeLength {
			e := br.entry(t)
			br.val >>= e & 0xff
			br.nbits -= uint(e & 0xff)
			p2, p1 = p1, byte(e>>16)
		} else {
			c, err := br.symbolSlow(t)
			if err != nil {
				return err
			}
			p2, p1 = p1, byte(c)
		}
		d.buf[d.pos&(len(d.buf)-1)] = p1
		d.pos++
		room--
	}
	if d.remaining == 0 {
		d.state = stateCommand
		return nil
	}
	if err := d.readDistance(); err != nil {
		return err
	}
	d.state = stateCopy
	return d.copy()
}

// readDistance reads the distance of a command and sets up its copy, from
// the window or from the dictionary (RFC 7932 section 4 and 8).
func (d *Reader) readDistance() error {
	br := &d.br
	code := 0
	if !d.implicit {
		if d.dist.count == 0 {
			if err := br.switchBlock(&d.dist); err != nil {
				return err
			}
		}
		d.dist.count--
		var err error
		code, err = br.symbol(d.distTrees[d.distMap[4*d.dist.typ+min(d.copyLen-2, 3)]])
		if err != nil {
			return err
		}
	}
	var dist int
	switch {
	case code < 16:
		dist = d.dists[(d.distIdx-int(distRing[code]))&3] + int(distDelta[code])
		if dist <= 0 {
			return errDistance
		}
	case code < 16+d.ndirect:
		dist = code - 15
	default:
		c := code - d.ndirect - 16
		nbits := uint(1 + c>>(d.npostfix+1))
		hcode := c >> d.npostfix
		lcode := c & (1<<d.npostfix - 1)
		x, err := br.readBits(nbits)
		if err != nil {
			return err
		}
		offset := (2+hcode&1)<<nbits - 4
		dist = (offset+int(x))<<d.npostfix + lcode + d.ndirect + 1
	}
	if maxDist := min(d.pos, d.window); dist > maxDist {
		return d.dictionaryWord(dist - maxDist - 1)
	}
	if code != 0 {
		d.distIdx++
		d.dists[d.distIdx&3] = dist
	}
	if d.copyLen > d.remaining {
		return errBlockLength
	}
	d.remaining -= d.copyLen
	d.distance, d.copyLeft = dist, d.copyLen
	return nil
}

// The short distance codes 0-15: which of the last distances, and what
// is added to it.
var (
	distRing  = [16]uint8{0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}
	distDelta = [16]int8{0, 0, 0, 0, -1, 1, -2, 2, -3, 3, -1, 1, -2, 2, -3, 3}
)

// dictionaryWord sets up the copy of a transformed word of the static
// dictionary, of the command's copy length.
func (d *Reader) dictionaryWord(id int) error {
	l := d.copyLen
	if l < 4 || l > 24 {
		return errDictionary
	}
	nbits := dictBits[l]
	idx, t := id&(1<<nbits-1), id>>nbits
	if t >= len(transforms) {
		return errDictionary
	}
	off := dictOffset[l] + idx*l
	n := transform(d.wordBuf[:], dictionary[off:off+l], t)
	if n > d.remaining {
		return errBlockLength
	}
	d.remaining -= n
	d.word = d.wordBuf[:n]
	return nil
}

// copy writes a command's copy into the window.
func (d *Reader) copy() error {
	for len(d.word) > 0 {
		if d.room() == 0 {
			return nil
		}
		d.put(d.word[0])
		d.word = d.word[1:]
	}
	for d.copyLeft > 0 {
		room := d.room()
		if room == 0 {
			return nil
		}
		mask := len(d.buf) - 1
		dst, src := d.pos&mask, (d.pos-d.distance)&mask
		k := min(d.copyLeft, room, len(d.buf)-dst, len(d.buf)-src)
		if d.distance >= k {
			copy(d.buf[dst:dst+k], d.buf[src:src+k])
		} else {
			for i := range k {
				d.buf[dst+i] = d.buf[src+i]
			}
		}
		d.pos += k
		d.copyLeft -= k
	}
	d.state = stateCommand
	return nil
}
