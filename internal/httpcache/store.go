package httpcache

import (
	"context"
	"io"
)

// Store holds the cache's entries: opaque byte streams under opaque string
// keys. The cache frames and checksums what it writes, so a store needs no
// integrity checks of its own: an entry that comes back torn or altered is
// deleted and fetched again. Every error is a miss, never an error to the
// cache's caller. A Store is used by many goroutines at once.
type Store interface {
	// Get returns the entry under key. Any error, and fs.ErrNotExist in
	// particular, is a miss. The caller closes the reader. A reader that
	// is also an io.Seeker lets the cache check a large entry before it
	// serves a byte of it.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Put starts a new entry under key. Its bytes are written as the
	// response is read; the entry replaces the old one, for every later
	// Get, only when Commit returns nil. A writer that is neither
	// committed nor aborted is a leak.
	Put(ctx context.Context, key string) (Writer, error)
	// Delete removes the entry under key; a missing entry is no error.
	Delete(ctx context.Context, key string) error
}

// Writer is a new entry being written.
type Writer interface {
	// Write appends to the entry. An error ends the entry: the cache
	// calls Abort next.
	Write(p []byte) (int, error)
	// Commit makes the entry visible in place of the old one.
	Commit() error
	// Abort discards the entry. It follows a Commit that failed too.
	Abort()
}
