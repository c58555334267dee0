package httpcache

import (
	"io"
	"net/http"
	"sync"
)

// memo keeps the decoded heads of entries held in memory, so that a hit on
// a MemoryStore neither checks nor decodes the same immutable bytes again:
// with it a hit takes about a third of the time. An entry is known by its
// bytes themselves (the slice the store holds, which the memo keeps alive,
// so that no other entry can reuse its address).
type memo struct {
	mu sync.Mutex
	m  map[string]*memoEntry // by store key
}

// maxMemo bounds the memo; past it, it starts again empty.
const maxMemo = 1024

type memoEntry struct {
	entry []byte // the whole entry, as the store holds it
	kind  byte
	vary  *varyIndex
	meta  *meta // its header is never handed out: copies are
	cc    directives
	body  []byte
	st    standing // of meta and cc
	head  flatHeader
}

// flatHeader is a header as a list, to copy from without iterating a map.
type flatHeader struct {
	fields []flatField
	values int // the number of values of all fields
}

type flatField struct {
	name   string
	values []string
}

func flatten(h http.Header) flatHeader {
	f := flatHeader{fields: make([]flatField, 0, len(h))}
	for name, vs := range h {
		f.fields = append(f.fields, flatField{name, vs})
		f.values += len(vs)
	}
	return f
}

// header makes an http.Header of f with one array for all the values, and
// room for extra more fields of one value each: spare holds that room.
func (f *flatHeader) header(extra int) (out http.Header, spare []string) {
	values := make([]string, 0, f.values+extra)
	out = make(http.Header, len(f.fields)+extra)
	for _, fl := range f.fields {
		start := len(values)
		values = append(values, fl.values...)
		out[fl.name] = values[start:len(values):len(values)]
	}
	return out, values[len(values) : len(values)+extra]
}

func (mm *memo) get(key string, entry []byte) *memoEntry {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	e := mm.m[key]
	if e == nil || len(e.entry) != len(entry) || len(entry) == 0 || &e.entry[0] != &entry[0] {
		return nil
	}
	return e
}

func (mm *memo) put(key string, e *memoEntry) {
	mm.mu.Lock()
	defer mm.mu.Unlock()
	if mm.m == nil || len(mm.m) >= maxMemo {
		mm.m = make(map[string]*memoEntry)
	}
	mm.m[key] = e
}

// stored returns a stored response from e: its own copy of the head.
func (e *memoEntry) stored(key string) *stored {
	m := *e.meta
	m.header, _ = e.head.header(0)
	return &stored{key: key, m: &m, cc: e.cc, body: &sliceBody{b: e.body}, size: int64(len(e.body)), data: e.body, standing: &e.st}
}

// cloneHeader copies h with one array for all the values.
func cloneHeader(h http.Header) http.Header {
	f := flatten(h)
	out, _ := f.header(0)
	return out
}

// sliceBody reads a body held in memory.
type sliceBody struct {
	b   []byte
	off int
}

func (s *sliceBody) Read(p []byte) (int, error) {
	if s.off >= len(s.b) {
		return 0, io.EOF
	}
	n := copy(p, s.b[s.off:])
	s.off += n
	return n, nil
}

func (s *sliceBody) Close() error { return nil }
