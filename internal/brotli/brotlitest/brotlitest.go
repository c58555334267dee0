// Package brotlitest makes brotli streams for tests, without an encoder:
// the data goes in uncompressed meta-blocks, which every decoder reads.
package brotlitest

// Stored returns a brotli stream of the parts in uncompressed meta-blocks
// of up to 64 KiB, each part starting a meta-block, with a 64 KiB window.
func Stored(parts ...[]byte) []byte {
	var w bitWriter
	w.write(0, 1) // WBITS 16
	for _, p := range parts {
		w.metaBlocks(p)
	}
	w.write(3, 2) // ISLAST, ISLASTEMPTY
	w.align()
	return w.out
}

func (w *bitWriter) metaBlocks(p []byte) {
	for len(p) > 0 {
		n := min(len(p), 1<<16)
		w.write(0, 1)            // ISLAST
		w.write(0, 2)            // MNIBBLES 4
		w.write(uint64(n-1), 16) // MLEN-1
		w.write(1, 1)            // ISUNCOMPRESSED
		w.align()
		w.out = append(w.out, p[:n]...)
		p = p[n:]
	}
}

// bitWriter writes bits least significant first.
type bitWriter struct {
	out   []byte
	nbits uint // used in the last byte of out
}

func (w *bitWriter) write(v uint64, n uint) {
	for i := range n {
		if w.nbits%8 == 0 {
			w.out = append(w.out, 0)
			w.nbits = 0
		}
		w.out[len(w.out)-1] |= byte(v>>i&1) << w.nbits
		w.nbits++
	}
}

func (w *bitWriter) align() { w.nbits = 0 }
