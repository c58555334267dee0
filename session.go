package requests

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/go-requests/requests/internal/httpcache"
	"github.com/go-requests/requests/internal/wire"
)

// Session carries defaults (headers, auth, params, timeouts, ...) and a
// connection pool across requests, like requests.Session. Options given to
// NewSession apply to every request made through the Session; a request's
// own options win, and maps merge key by key.
//
// A Session is safe for concurrent use by many goroutines.
type Session struct {
	base   config
	engine *wire.Transport
	jar    *CookieJar // nil for the default Session: its cookies live for one call

	mu      sync.RWMutex
	mounts  []mount                        // longest prefix first
	engines map[engineKey]*wire.Transport  // one per set of TLS settings and Unix socket but the default
	wrapped map[routeKey]http.RoundTripper // the Session's wrappers over each route, built on first use
	wrapMu  sync.Mutex                     // held while wrappers are built, so each is built once

	// The Session's own settings of an exchange, for a request that
	// reaches the engine under a wrapper without its exchange.
	routeDefaults exchangeSettings

	// cache is the Session's HTTP cache's store, nil for none: an
	// httpcache.Transport over each route (see wrappedRoute), between the
	// policy above and the route below, as RFC 9111 places a private
	// cache.
	cache httpcache.Store
}

// routeKey names what carries a request: an engine, a mounted
// RoundTripper, or the one given to NewSession with Transport.
type routeKey struct {
	engine    *wire.Transport
	mount     string // the mount's prefix
	transport bool
}

type mount struct {
	prefix string // lower case
	scheme string // the scheme when prefix is just "scheme://", else ""
	rt     http.RoundTripper
}

// NewSession returns a Session whose requests carry opts. Invalid options
// make every request of the Session fail with the error they caused.
//
// A *CookieJar among opts becomes the Session's jar, which stores the
// cookies of every response; without one the Session starts with an empty
// jar.
func NewSession(opts ...Option) *Session {
	s := newSession(opts)
	if s.jar = s.base.jar; s.jar == nil {
		s.jar = NewCookieJar()
	}
	s.base.jar = nil
	return s
}

func newSession(opts []Option) *Session {
	s := &Session{
		base: config{header: defaultHeader(), ownHeader: true, maxRedirects: -1},
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&s.base)
		}
	}
	s.engine = newEngine(nil, &s.base.engine)
	s.base.sessionOnly = false
	if s.base.cache != nil {
		s.cache = cacheStore(s.base.cache)
	}
	// Shared by every request from now on: copied before any change.
	s.base.ownHeader, s.base.ownParams, s.base.ownCookies, s.base.ownHooks, s.base.ownFiles, s.base.ownProxies = false, false, false, false, false, false
	s.base.ownRoute = false
	s.routeDefaults = s.base.exchangeSettings()
	return s
}

// Cookies returns the Session's jar: every cookie its responses set, and
// those put there with CookieJar.Set or Load.
func (s *Session) Cookies() *CookieJar { return s.jar }

// Mount makes rt carry the requests whose URL starts with prefix, compared
// case-insensitively; the longest matching prefix wins, as in requests. A
// nil rt makes the requests under prefix fail with ErrRequest.
// Mounting "http://" or "https://" replaces the Session's own transport for
// that scheme; mounting another scheme ("ftp://") makes its URLs usable.
func (s *Session) Mount(prefix string, rt http.RoundTripper) {
	p := strings.ToLower(prefix)
	scheme, ok := strings.CutSuffix(p, "://")
	if !ok || strings.Contains(scheme, "/") {
		scheme = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	mounts := slices.DeleteFunc(slices.Clone(s.mounts), func(m mount) bool { return m.prefix == p })
	mounts = append(mounts, mount{p, scheme, rt})
	slices.SortStableFunc(mounts, func(a, b mount) int { return cmp.Compare(len(b.prefix), len(a.prefix)) })
	s.mounts = mounts
	delete(s.wrapped, routeKey{mount: p}) // the wrappers built over the RoundTripper it replaces
}

// transport returns the mounted RoundTripper, or an error for a nil one.
func (m mount) transport() (http.RoundTripper, routeKey, error) {
	if m.rt == nil {
		return nil, routeKey{}, errorf(ErrRequest, "Mount(%q, nil): no RoundTripper carries these requests", m.prefix)
	}
	return m.rt, routeKey{mount: m.prefix}, nil
}

// transportFor returns what carries pr: a mounted RoundTripper, the one
// given with Transport, or the Session's engine for the request's TLS
// settings (then the key's engine, and rt is nil).
func (s *Session) transportFor(pr *PreparedRequest, hs *exchangeSettings) (http.RoundTripper, routeKey, error) {
	s.mu.RLock()
	mounts := s.mounts
	s.mu.RUnlock()
	if len(mounts) > 0 {
		u := "" // the URL in lower case, made when a prefix needs more than the scheme
		for _, m := range mounts {
			if m.scheme != "" && !pr.opaque {
				if strings.EqualFold(pr.URL.Scheme, m.scheme) {
					return m.transport()
				}
				continue
			}
			if u == "" {
				u = strings.ToLower(pr.URL.String())
			}
			if strings.HasPrefix(u, m.prefix) {
				return m.transport()
			}
		}
	}
	switch {
	case pr.opaque:
	case hs.transport != nil && (pr.URL.Scheme == "http" || pr.URL.Scheme == "https"):
		return hs.transport, routeKey{transport: true}, nil
	case pr.URL.Scheme == "http" && hs.unixSocket == "" && !hs.h2c && hs.tls.isDefault():
		return nil, routeKey{engine: s.engine}, nil
	case pr.URL.Scheme == "http" || pr.URL.Scheme == "https":
		wt, err := s.engineFor(pr, hs)
		return nil, routeKey{engine: wt}, err
	}
	return nil, routeKey{}, &Error{Kind: ErrInvalidSchema, Err: urlErr(pr.URL.String(), "no transport handles this scheme (only http:// and https:// unless one is mounted)", nil)}
}

// Close closes the Session's idle connections, and those of the mounted
// transports and of the one given with Transport that can. So that a
// wrapper given to NewSession with WrapTransport can close what it holds
// (an HTTP/3 transport's connections), Close calls CloseIdleConnections on
// each RoundTripper those wrappers returned that has the method. Requests
// made after Close still work, on new connections.
func (s *Session) Close() error {
	s.engine.CloseIdleConnections()
	if c, ok := s.base.transport.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, rt := range s.wrapped {
		if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
	for _, tr := range s.engines {
		tr.CloseIdleConnections()
	}
	for _, m := range s.mounts {
		if c, ok := m.rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
	return nil
}

// Do sends a request with any method and returns its response. See the
// package documentation for the contract of the returned values.
func (s *Session) Do(ctx context.Context, method, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, method, url, opts, false)
}

// Get sends a GET request.
func (s *Session) Get(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodGet, url, opts, false)
}

// Head sends a HEAD request. Unlike the other verbs, it does not follow
// redirects unless AllowRedirects(true) is given.
func (s *Session) Head(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodHead, url, opts, true)
}

// Post sends a POST request.
func (s *Session) Post(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodPost, url, opts, false)
}

// Put sends a PUT request.
func (s *Session) Put(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodPut, url, opts, false)
}

// Patch sends a PATCH request.
func (s *Session) Patch(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodPatch, url, opts, false)
}

// Delete sends a DELETE request.
func (s *Session) Delete(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodDelete, url, opts, false)
}

// Options sends an OPTIONS request.
func (s *Session) Options(ctx context.Context, url string, opts ...Option) (*Response, error) {
	return s.do(ctx, http.MethodOptions, url, opts, false)
}

func (s *Session) do(ctx context.Context, method, url string, opts []Option, head bool) (*Response, error) {
	cfg := s.config(opts, head)
	if len(opts) == 0 {
		return s.send(ctx, method, url, &cfg, &s.routeDefaults) // the Session's settings, worked out once
	}
	return s.send(ctx, method, url, &cfg, nil)
}

// config merges a request's options over the Session's.
func (s *Session) config(opts []Option, head bool) config {
	cfg := s.base
	if len(opts) > 0 {
		cfg = applyOptions(cfg, opts)
	}
	if cfg.sessionOnly {
		cfg.fail(errorf(ErrRequest, "Pool, DialContext and Cache are Session settings: give them to NewSession"))
	}
	if head && cfg.redirects == unset {
		cfg.redirects = no
	}
	return cfg
}

// applyOptions returns cfg with opts applied. It is apart from config
// because the options' apply methods are interface calls, which make the
// config they are given escape: a request without options then costs no
// allocation here.
func applyOptions(cfg config, opts []Option) config {
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	return cfg
}

// send makes the request cfg describes and, unless it streams, reads the
// body. hs is what its exchanges need of cfg, when known already; nil
// works it out.
func (s *Session) send(ctx context.Context, method, url string, cfg *config, hs *exchangeSettings) (*Response, error) {
	if ctx == nil {
		return nil, errorf(ErrRequest, "%s %s: nil context (use context.Background())", method, redactRaw(url))
	}
	pr, err := prepare(method, resolveURL(url, cfg.baseURL), cfg)
	if err != nil {
		return nil, err
	}
	release := func() {}
	if total := limit(cfg.timeout.Total, 0); total > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, total, &totalTimeoutError{total})
		release = cancel
	}
	if hs == nil {
		h := cfg.exchangeSettings()
		hs = &h
	}
	resp, err := s.follow(ctx, pr, cfg, hs)
	if err != nil {
		release()
		return nil, err
	}
	if cfg.downloadProgress != nil && resp.body != nil {
		resp.body.progress, resp.body.total = cfg.downloadProgress, resp.total()
	}
	if resp.StatusCode == http.StatusSwitchingProtocols && !cfg.stream && resp.body != nil {
		// The connection speaks another protocol now: a 101 has no
		// content, as in requests, and the connection is closed (the
		// caller who wants it streams, and reads it with Reader).
		resp.Close()
		resp.body = nil
		release()
		return resp, nil
	}
	if cfg.stream && resp.body != nil { // a hook may have read it already
		resp.body.release = release
		return resp, nil
	}
	resp.Content() // reads the body, unless a hook did
	release()
	if resp.readErr != nil {
		return nil, resp.readErr
	}
	return resp, nil
}
