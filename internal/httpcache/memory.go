package httpcache

import (
	"container/list"
	"context"
	"errors"
	"io"
	"io/fs"
	"sync"
)

// MemoryStore is a Store in memory, bounded by bytes: when a new entry
// would pass the bound, the least recently used entries are dropped. An
// entry larger than a quarter of the bound is not kept.
type MemoryStore struct {
	max int64

	mu    sync.Mutex
	size  int64
	lru   *list.List // of *memEntry, most recently used first
	byKey map[string]*list.Element
}

type memEntry struct {
	key  string
	data []byte
}

// entryOverhead is what an entry is counted for beside its key and bytes.
const entryOverhead = 64

// NewMemoryStore returns an empty MemoryStore that holds at most maxBytes
// (keys and bookkeeping counted); maxBytes <= 0 stores nothing.
func NewMemoryStore(maxBytes int64) *MemoryStore {
	return &MemoryStore{max: maxBytes, lru: list.New(), byKey: make(map[string]*list.Element)}
}

var errTooLarge = errors.New("httpcache: entry too large for the store")

// Get returns the entry under key, or an error wrapping fs.ErrNotExist.
func (s *MemoryStore) Get(_ context.Context, key string) (io.ReadCloser, error) {
	data, ok := s.entry(key)
	if !ok {
		return nil, fs.ErrNotExist
	}
	return newBytesEntry(data), nil
}

// entry returns the bytes of the entry under key, which the caller does
// not modify: Get without a reader, for the cache's own use.
func (s *MemoryStore) entry(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.byKey[key]
	if !ok {
		return nil, false
	}
	s.lru.MoveToFront(el)
	return el.Value.(*memEntry).data, true
}

// Put starts an entry under key.
func (s *MemoryStore) Put(_ context.Context, key string) (Writer, error) {
	if s.limit() <= 0 {
		return nil, errTooLarge
	}
	return &memWriter{s: s, key: key}, nil
}

// limit is the size of the largest entry kept.
func (s *MemoryStore) limit() int64 { return s.max / 4 }

// Delete removes the entry under key.
func (s *MemoryStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[key]; ok {
		s.remove(el)
	}
	return nil
}

// Len returns the number of entries and the bytes they are counted for.
func (s *MemoryStore) Len() (entries int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lru.Len(), s.size
}

func cost(e *memEntry) int64 { return int64(len(e.key)+len(e.data)) + entryOverhead }

func (s *MemoryStore) remove(el *list.Element) {
	e := el.Value.(*memEntry)
	s.lru.Remove(el)
	delete(s.byKey, e.key)
	s.size -= cost(e)
}

func (s *MemoryStore) commit(key string, data []byte) {
	e := &memEntry{key: key, data: data}
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[key]; ok {
		s.remove(el)
	}
	s.byKey[key] = s.lru.PushFront(e)
	s.size += cost(e)
	for s.size > s.max && s.lru.Len() > 0 {
		s.remove(s.lru.Back())
	}
}

// memWriter buffers an entry; its buffer grows with what is written, never
// past the store's entry limit, whatever a response announced.
type memWriter struct {
	s    *MemoryStore
	key  string
	buf  []byte
	done bool
}

func (w *memWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, errors.New("httpcache: write after commit or abort")
	}
	if int64(len(w.buf)+len(p)+len(w.key))+entryOverhead > w.s.limit() {
		w.buf = nil
		w.done = true
		return 0, errTooLarge
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *memWriter) Commit() error {
	if w.done {
		return errors.New("httpcache: entry already ended")
	}
	w.done = true
	data := make([]byte, len(w.buf)) // exactly sized: the bound counts it
	copy(data, w.buf)
	w.buf = nil
	w.s.commit(w.key, data)
	return nil
}

func (w *memWriter) Abort() {
	w.done = true
	w.buf = nil
}
