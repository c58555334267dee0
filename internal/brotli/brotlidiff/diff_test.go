package brotlidiff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	andy "github.com/andybalholm/brotli"
	"github.com/go-requests/requests/internal/brotli"
)

// encode compresses p with andybalholm/brotli.
func encode(t testing.TB, p []byte, quality, lgwin int) []byte {
	t.Helper()
	var b bytes.Buffer
	w := andy.NewWriterOptions(&b, andy.WriterOptions{Quality: quality, LGWin: lgwin})
	if _, err := w.Write(p); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// words makes n bytes of English-like text from a seed.
func words(n int, seed uint64) []byte {
	vocab := strings.Fields("the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more other its time could about than into only some these two may first then do any like now my such our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three")
	r := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for b.Len() < n {
		w := vocab[r.IntN(len(vocab))]
		switch r.IntN(12) {
		case 0:
			w = strings.ToUpper(w[:1]) + w[1:]
		case 1:
			w += ","
		case 2:
			w += ".\n"
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return b.Bytes()[:n]
}

func random(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

// mixed alternates text, random bytes, runs, long-distance repeats and
// UTF-8, so every literal context mode and distance code has work.
func mixed(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 3))
	var b bytes.Buffer
	for b.Len() < n {
		switch r.IntN(6) {
		case 0:
			b.Write(words(1+r.IntN(4000), r.Uint64()))
		case 1:
			b.Write(random(1+r.IntN(500), r.Uint64()))
		case 2:
			b.Write(bytes.Repeat([]byte{byte(r.Uint32())}, 1+r.IntN(3000)))
		case 3:
			if b.Len() > 0 {
				start := r.IntN(b.Len())
				b.Write(bytes.Clone(b.Bytes()[start:min(b.Len(), start+1+r.IntN(2000))]))
			}
		case 4:
			b.WriteString(strings.Repeat("Grüße, 世界! Ünïcödé — ", 1+r.IntN(50)))
		case 5:
			for range r.IntN(300) {
				fmt.Fprintf(&b, "%d,%d;", r.IntN(1000)-500, r.Int32())
			}
		}
	}
	return b.Bytes()[:n]
}

type sample struct {
	name string
	data []byte
}

func corpus() []sample {
	return []sample{
		{"empty", nil},
		{"one byte", []byte("x")},
		{"text", words(50_000, 1)},
		{"random", random(10_000, 2)},
		{"repetitive", bytes.Repeat([]byte("abcabcabd"), 5000)},
		{"zeros", make([]byte, 70_000)},
		{"mixed", mixed(120_000, 3)},
		{"dictionary words", []byte("The Transformation of the Dictionary: HTML, JavaScript, a time for the people. ")},
	}
}

// decode decodes p with ours, through reads of n bytes.
func decode(p []byte, n int) ([]byte, error) {
	r := brotli.NewReader(bytes.NewReader(p))
	var out bytes.Buffer
	buf := make([]byte, n)
	for {
		k, err := r.Read(buf)
		out.Write(buf[:k])
		if err == io.EOF {
			return out.Bytes(), nil
		}
		if err != nil {
			return out.Bytes(), err
		}
	}
}

func TestEveryQualityAndWindow(t *testing.T) {
	t.Parallel()
	for _, s := range corpus() {
		if testing.Short() {
			s.data = s.data[:min(len(s.data), 16<<10)] // a third of the time, for -race
		}
		for quality := 0; quality <= 11; quality++ {
			for lgwin := 10; lgwin <= 24; lgwin++ {
				enc := encode(t, s.data, quality, lgwin)
				got, err := decode(enc, 32<<10)
				if err != nil || !bytes.Equal(got, s.data) {
					t.Errorf("%s, quality %d, window %d: %d bytes, %v; want %d bytes", s.name, quality, lgwin, len(got), err, len(s.data))
				}
			}
		}
	}
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MiB")
	}
	data := mixed(20<<20, 4)
	for _, c := range []struct{ quality, lgwin int }{{0, 24}, {5, 24}, {9, 22}, {2, 10}} {
		enc := encode(t, data, c.quality, c.lgwin)
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(enc)))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("quality %d, window %d: %d bytes, %v; want %d bytes", c.quality, c.lgwin, len(got), err, len(data))
		}
	}
}

// Any read sizes, and a source that gives a byte at a time, decode the
// same bytes.
func TestStreaming(t *testing.T) {
	t.Parallel()
	data := mixed(300_000, 5)
	enc := encode(t, data, 6, 16)
	for _, n := range []int{1, 7, 4096, 1 << 20} {
		got, err := decode(enc, n)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("reads of %d: %d bytes, %v", n, len(got), err)
		}
	}
	got, err := io.ReadAll(brotli.NewReader(iotest.OneByteReader(bytes.NewReader(enc))))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("a byte at a time: %d bytes, %v", len(got), err)
	}
	got, err = io.ReadAll(brotli.NewReader(iotest.DataErrReader(bytes.NewReader(enc))))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("data with its EOF: %d bytes, %v", len(got), err)
	}
}

// Every stream cut short fails with io.ErrUnexpectedEOF.
func TestTruncated(t *testing.T) {
	t.Parallel()
	for _, s := range corpus()[:4] {
		enc := encode(t, s.data[:min(len(s.data), 3000)], 9, 18)
		for n := range len(enc) {
			_, err := decode(enc[:n], 512)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("%s cut to %d of %d bytes: %v; want io.ErrUnexpectedEOF", s.name, n, len(enc), err)
			}
		}
	}
}

func TestTrailingData(t *testing.T) {
	t.Parallel()
	enc := encode(t, []byte("hello, hello, hello"), 5, 16)
	for _, tail := range []string{"x", "\x00", "\x00\x00\x00\x00"} {
		got, err := decode(append(bytes.Clone(enc), tail...), 512)
		if err == nil {
			t.Errorf("trailing %q: %q, no error", tail, got)
		}
		if _, err2 := io.ReadAll(andy.NewReader(bytes.NewReader(append(bytes.Clone(enc), tail...)))); err2 == nil {
			t.Errorf("trailing %q: andybalholm/brotli takes it", tail)
		}
	}
}
