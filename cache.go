package requests

import (
	"context"
	"errors"
	"io"

	"github.com/go-requests/requests/internal/httpcache"
)

// CacheStore is where a Session's HTTP cache (see Cache) keeps its entries:
// opaque byte streams under opaque string keys. Implement it to keep them
// elsewhere (Redis, a database); MemoryCache and DiskCache are the two the
// package provides.
//
// The cache frames every entry with its length and a CRC-32C checksum and
// checks both on every read, so a store needs no integrity checks of its
// own: an entry that comes back torn, truncated or altered is deleted and
// fetched again. Every error of a store is a cache miss, never an error
// of the request; a store that cannot write simply caches nothing. Keys
// may be long (a URL and more) and hold any bytes: hash them if the
// backend limits keys. A CacheStore is used by many goroutines at once.
type CacheStore interface {
	// Get returns a reader of the entry under key, which the caller
	// closes. Any error is a miss; return one wrapping fs.ErrNotExist for
	// a key that holds nothing. A reader that is also an io.Seeker lets
	// the cache check a large entry before serving any of it; another is
	// read into memory to be checked when it is at most 8 MiB, and checked
	// as it streams when larger (a mismatch then fails the last read).
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Put starts a new entry under key. The cache writes the entry as the
	// caller reads the response body, then calls Commit, after which Get
	// returns the new entry in place of the old one; or Abort, after which
	// the old entry stays. An error from Put or from a Write means that
	// the entry is not stored.
	Put(ctx context.Context, key string) (CacheWriter, error)
	// Delete removes the entry under key; deleting a missing entry is not
	// an error.
	Delete(ctx context.Context, key string) error
}

// CacheWriter is an entry being written to a CacheStore. The cache calls
// Write any number of times, then Commit or Abort; Abort also follows a
// Commit that returned an error.
type CacheWriter interface {
	io.Writer
	// Commit makes the entry visible to Get, replacing the key's old
	// entry; until then readers see the old one. Committing must not
	// expose a partly written entry.
	Commit() error
	// Abort discards the entry.
	Abort()
}

// MemoryCache returns a CacheStore in memory holding at most maxBytes
// (the keys and a small overhead per entry counted): when a new entry
// would pass the bound, the least recently used entries are dropped. An
// entry larger than a quarter of maxBytes is not stored. Its memory grows
// with what is stored, never with what a response announces.
func MemoryCache(maxBytes int64) CacheStore {
	return builtinCache{httpcache.NewMemoryStore(maxBytes)}
}

// DiskCache returns a CacheStore in the directory dir, created if it is
// missing, holding at most about maxBytes of entries; it survives
// restarts. Several Sessions and processes may share one directory.
//
// Each entry is one file, written to a temporary file and renamed into
// place, so that a reader sees the old entry or the new one and never a
// torn one. The processes sharing dir keep one count of its bytes (a
// small file under a file lock, on Unix); the commit that passes maxBytes
// deletes the least recently used entries until nine tenths of it are
// used. An entry larger than a quarter of maxBytes is not stored. When
// dir cannot be created or written, the store holds nothing: requests are
// not cached, and do not fail.
//
// A store holds one user's responses, as a browser's cache does (RFC 9111
// private cache): Sessions that share one act for the same user.
func DiskCache(dir string, maxBytes int64) CacheStore {
	return builtinCache{httpcache.NewDiskStore(dir, maxBytes)}
}

// Cache gives a Session an RFC 9111 private HTTP cache over store (a
// MemoryCache, a DiskCache or your own CacheStore). It sits below
// redirects, cookies and retries and above the connection: every exchange
// a Session makes, each redirect hop included, is answered from the store
// when the standard rules allow, and its response is stored, as received
// (still compressed), while the caller reads it (a response read only in
// part is not stored).
//
// The cache keeps standard semantics: freshness from max-age, Expires and
// Age, a lifetime guessed from Last-Modified (a tenth of its age, at most
// a week) for the status codes RFC 9110 allows, validation with ETag and
// Last-Modified (a 304 updates the stored header), Vary, no-store,
// no-cache, must-revalidate, invalidation by POST, PUT, DELETE and other
// unsafe methods, stale-while-revalidate and stale-if-error; it serves a
// stale response when the origin cannot be reached, unless the response
// says must-revalidate or no-cache. Per request, the request's own
// Cache-Control steers it: no-cache (revalidate), no-store (neither
// read nor write), max-age=0, max-stale, min-fresh, only-if-cached (a 504
// when nothing stored fits). Each response says what the cache did in its
// Cache-Status header (RFC 9211), under the name "go-requests"; see
// Response.FromCache.
//
// Cache is a Session setting: give it to NewSession. Wrappers given with
// WrapTransport sit below the cache and see only what it sends on. A nil
// store is an error of the request.
func Cache(store CacheStore) Option {
	return optionFunc(func(c *config) {
		if store == nil {
			c.fail(errorf(ErrRequest, "Cache(nil): give a CacheStore, e.g. requests.MemoryCache(64 << 20)"))
			return
		}
		c.cache, c.sessionOnly = store, true
	})
}

// cacheStore is a CacheStore as the cache takes it.
func cacheStore(s CacheStore) httpcache.Store {
	if b, ok := s.(builtinCache); ok {
		return b.s
	}
	return userStore{s}
}

var errNoWriter = errors.New("requests: the CacheStore returned no writer")

// userStore adapts a user's CacheStore to the cache.
type userStore struct{ s CacheStore }

func (u userStore) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, err := u.s.Get(ctx, key)
	if err == nil && rc == nil {
		return nil, errNoWriter
	}
	return rc, err
}

func (u userStore) Put(ctx context.Context, key string) (httpcache.Writer, error) {
	w, err := u.s.Put(ctx, key)
	if err != nil {
		return nil, err
	}
	if w == nil {
		return nil, errNoWriter
	}
	return w, nil
}

func (u userStore) Delete(ctx context.Context, key string) error { return u.s.Delete(ctx, key) }

// builtinCache is one of the package's stores as a CacheStore.
type builtinCache struct{ s httpcache.Store }

func (b builtinCache) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	return b.s.Get(ctx, key)
}

func (b builtinCache) Put(ctx context.Context, key string) (CacheWriter, error) {
	return b.s.Put(ctx, key)
}

func (b builtinCache) Delete(ctx context.Context, key string) error { return b.s.Delete(ctx, key) }
