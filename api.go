package requests

import (
	"context"
	"net/http"
)

// defaultSession serves the package verbs, so that their keep-alive
// connections are reused from one call to the next. Like requests.get, which
// makes a Session for each call, it keeps no cookies between calls: the
// cookies a call's redirects set live for that call only.
var defaultSession = newSession(nil)

// Do sends a request with any method through the default Session. When err
// is nil, resp is non-nil and its body has been read (unless Stream(true)
// was given); a 4xx or 5xx status is not an error until
// Response.RaiseForStatus makes it one. When err is non-nil, resp is nil and
// err wraps ErrRequest. Closing resp is always safe and returns its
// connection to the pool.
func Do(ctx context.Context, method, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, method, url, opts, false)
}

// Get sends a GET request through the default Session; see Do.
func Get(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodGet, url, opts, false)
}

// Head sends a HEAD request through the default Session; see Do. It does
// not follow redirects unless AllowRedirects(true) is given.
func Head(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodHead, url, opts, true)
}

// Post sends a POST request through the default Session; see Do.
func Post(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodPost, url, opts, false)
}

// Put sends a PUT request through the default Session; see Do.
func Put(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodPut, url, opts, false)
}

// Patch sends a PATCH request through the default Session; see Do.
func Patch(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodPatch, url, opts, false)
}

// Delete sends a DELETE request through the default Session; see Do.
func Delete(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodDelete, url, opts, false)
}

// Options sends an OPTIONS request through the default Session; see Do.
func Options(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return defaultSession.do(ctx, http.MethodOptions, url, opts, false)
}

// CloseIdleConnections closes the idle connections of the default Session.
func CloseIdleConnections() { defaultSession.Close() }
