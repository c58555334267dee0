package httpcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DiskStore is a Store in a directory, one file per entry, that survives
// restarts and may be shared by several Transports and processes.
//
// An entry is written to a temporary file and renamed into place on
// Commit, so a reader sees the old entry or the new one, never a torn one
// (and the cache's checksum catches what a crash leaves). The processes
// that share the directory keep the count of its bytes in one file, under
// a file lock (on Unix; elsewhere each process counts its own commits and
// measures the directory every few hundred); the commit that passes the
// byte bound deletes the least recently used entries (by modification
// time, which a hit refreshes) down to nine tenths of it. An entry larger than a quarter of the bound is
// not kept. When the directory cannot be made or written, the store keeps
// nothing and every Get misses: caching stops, requests do not fail.
type DiskStore struct {
	dir string
	max int64

	mu      sync.Mutex
	size    int64 // the bytes in the directory, as last measured plus own commits since
	commits int   // since the last measurement
	now     func() time.Time
}

// rescanEvery is how many commits pass between measurements of the
// directory.
const rescanEvery = 256

// staleTemp is the age past which a temporary file is taken for the
// remains of a crashed writer and deleted.
const staleTemp = time.Hour

// NewDiskStore returns the store in dir, created if missing, holding at
// most maxBytes.
func NewDiskStore(dir string, maxBytes int64) *DiskStore {
	s := &DiskStore{dir: dir, max: maxBytes, now: time.Now}
	if err := os.MkdirAll(dir, 0o700); err == nil {
		s.mu.Lock()
		s.measure()
		s.mu.Unlock()
	}
	return s
}

func (s *DiskStore) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	name := hex.EncodeToString(sum[:])
	return filepath.Join(s.dir, name[:2], name[2:])
}

// Get opens the entry under key; the *os.File it returns can seek, so the
// cache checks an entry before it serves it.
func (s *DiskStore) Get(_ context.Context, key string) (io.ReadCloser, error) {
	p := s.path(key)
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil {
		if now := s.now(); now.Sub(fi.ModTime()) > time.Minute {
			os.Chtimes(p, now, now) // recently used; may fail when read-only
		}
	}
	return f, nil
}

// Put starts an entry under key, in a temporary file of the directory.
func (s *DiskStore) Put(_ context.Context, key string) (Writer, error) {
	if s.max/4 <= 0 {
		return nil, errTooLarge
	}
	f, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return nil, err
	}
	return &diskWriter{s: s, f: f, path: s.path(key)}, nil
}

// Delete removes the entry under key.
func (s *DiskStore) Delete(_ context.Context, key string) error {
	p := s.path(key)
	fi, err := os.Stat(p)
	if err == nil {
		err = os.Remove(p)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		s.added(-fi.Size())
	}
	return err
}

type diskWriter struct {
	s    *DiskStore
	f    *os.File
	path string
	n    int64
	done bool
}

func (w *diskWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, errors.New("httpcache: write after commit or abort")
	}
	if w.n+int64(len(p)) > w.s.max/4 {
		return 0, errTooLarge
	}
	n, err := w.f.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *diskWriter) Commit() error {
	if w.done {
		return errors.New("httpcache: entry already ended")
	}
	w.done = true
	tmp := w.f.Name()
	err := w.f.Close()
	if err == nil {
		err = os.MkdirAll(filepath.Dir(w.path), 0o700)
	}
	var replaced int64
	if fi, err := os.Stat(w.path); err == nil {
		replaced = fi.Size()
	}
	if err == nil {
		err = os.Rename(tmp, w.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	w.s.added(w.n - replaced)
	return nil
}

func (w *diskWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.f.Name())
}

// sizeFile holds the bytes of the directory's entries, as a decimal
// number, for every process that uses the directory: each adds what it
// commits under an exclusive lock of the file, and the one that passes
// the bound evicts, under the same lock.
const sizeFile = ".size"

// added counts a committed entry (less the one it replaced) and evicts
// when the bound is passed.
func (s *DiskStore) added(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits++
	if f, err := os.OpenFile(filepath.Join(s.dir, sizeFile), os.O_RDWR|os.O_CREATE, 0o600); err == nil {
		defer f.Close()
		if unlock, err := lockFile(f); err == nil {
			defer unlock()
			var buf [32]byte
			k, _ := f.ReadAt(buf[:], 0)
			total, err := strconv.ParseInt(strings.TrimSpace(string(buf[:k])), 10, 64)
			if err != nil || total < 0 || s.commits >= rescanEvery {
				s.measure() // a missing or broken count, or time to check it
				total = s.size
			} else {
				total += n
			}
			if total > s.max {
				s.measure()
				total = s.size
			}
			s.size = total
			f.Truncate(0)
			f.WriteAt([]byte(strconv.FormatInt(total, 10)), 0)
			return
		}
	}
	// No shared count: this process's own.
	s.size += n
	if s.size > s.max || s.commits >= rescanEvery {
		s.measure()
	}
}

// measure walks the directory, deletes the remains of crashed writers,
// and, when the entries pass the bound, the least recently used of them
// until they fill nine tenths of it. s.mu is held.
func (s *DiskStore) measure() {
	type file struct {
		path  string
		size  int64
		mtime time.Time
	}
	var files []file
	var total int64
	now := s.now()
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if d.Name() == sizeFile {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if now.Sub(fi.ModTime()) > staleTemp {
				os.Remove(p)
			}
			return nil
		}
		files = append(files, file{p, fi.Size(), fi.ModTime()})
		total += fi.Size()
		return nil
	})
	if total > s.max {
		slices.SortFunc(files, func(a, b file) int { return a.mtime.Compare(b.mtime) })
		for _, f := range files {
			if total <= s.max/10*9 {
				break
			}
			if err := os.Remove(f.path); err == nil || errors.Is(err, fs.ErrNotExist) {
				total -= f.size
			}
		}
	}
	s.size, s.commits = total, 0
}
