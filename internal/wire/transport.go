//lint:file-ignore SA1019 the x/net/http2 of Transport.H2Legacy (its Transport, and the GoAwayError of its ClientConn), while the engine's own HTTP/2 client connection is new.

package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"sync"
	"time"

	"golang.org/x/net/http2"
)

// Transport makes HTTP/1.1 exchanges over pooled connections, and HTTP/2
// ones when a TLS server chooses h2. It is safe for concurrent use. The
// zero value is usable: verified TLS 1.2+, the defaults below.
type Transport struct {
	// TLSConfig is the TLS configuration of connections to https origins
	// and to https proxies; nil is a default one (TLS 1.2 at least). Its
	// ServerName and NextProtos are set per connection.
	TLSConfig *tls.Config
	// MaxIdlePerHost bounds the idle connections kept per origin and
	// proxy; 0 is DefaultMaxIdlePerHost.
	MaxIdlePerHost int
	// IdleTimeout is how long an idle connection is kept; 0 is
	// DefaultIdleTimeout.
	IdleTimeout time.Duration
	// MaxConnAge is how long a connection is used for new exchanges after
	// it was made, so that a long-lived client follows DNS changes; 0 is
	// DefaultMaxConnAge, a negative value no limit. Each connection's age
	// is drawn within ±10% of it, so that connections made together do not
	// all end together.
	MaxConnAge time.Duration
	// ExpectContinueTimeout bounds the wait for a 100 Continue; 0 is
	// DefaultExpectContinueTimeout.
	ExpectContinueTimeout time.Duration
	// MaxConnsPerHost bounds the HTTP/1.1 connections per origin and
	// proxy, dialing, in use and idle; 0 is no limit. An exchange that
	// finds the bound reached waits for a connection to come back to the
	// pool or to close, waiters served first come, first served, or until
	// its context ends.
	MaxConnsPerHost int
	// DialContext, when set, makes the TCP connections to origins and
	// proxies (a Unix socket, say); else a net.Dialer does.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// UnencryptedHTTP2 speaks HTTP/2 to http:// origins, with prior
	// knowledge (h2c, RFC 9113 section 3.3): no HTTP/1.1 upgrade is tried.
	// It does not apply through a forward proxy.
	UnencryptedHTTP2 bool
	// H2Legacy speaks HTTP/2 with golang.org/x/net/http2's ClientConn
	// rather than the engine's own client connection; it is there while
	// the engine's is new.
	H2Legacy bool

	mu    sync.Mutex
	idle  map[connKey][]*conn
	h2    map[connKey][]h2Pooled
	sweep *time.Timer // closes connections idle too long; nil when none are
	h2t   *http2.Transport
	hosts map[connKey]*hostConns // with MaxConnsPerHost: the connections counted per key
	rr    sync.Map               // host name -> *atomic.Uint32: the next of its addresses to dial

	// lookupIPAddr resolves host names; nil is net.DefaultResolver (tests
	// set it).
	lookupIPAddr func(ctx context.Context, host string) ([]net.IPAddr, error)
	// h2Health is the silence after which an HTTP/2 connection is sent a
	// PING, and the wait for its answer; zero for the defaults (tests set
	// them).
	h2Health [2]time.Duration
}

// hostConns counts a key's connections under MaxConnsPerHost, and queues
// the exchanges waiting for one.
type hostConns struct {
	n       int          // connections open or being dialed
	waiters []chan *conn // first come, first served; a nil conn hands over a slot to dial
}

// Defaults of Transport.
const (
	DefaultMaxIdlePerHost        = 128
	DefaultIdleTimeout           = 90 * time.Second
	DefaultMaxConnAge            = 10 * time.Minute
	DefaultExpectContinueTimeout = time.Second
)

// staleCheckAfter is the idleness after which even a replayable request
// checks its pooled connection before using it.
const staleCheckAfter = time.Millisecond

// connKey identifies the connections an exchange may use.
type connKey struct {
	scheme string // of the origin
	addr   string // host:port of the origin
	proxy  string // the proxy URL, "" for none
}

func (t *Transport) maxIdle() int {
	if t.MaxIdlePerHost > 0 {
		return t.MaxIdlePerHost
	}
	return DefaultMaxIdlePerHost
}

func (t *Transport) idleTimeout() time.Duration {
	if t.IdleTimeout > 0 {
		return t.IdleTimeout
	}
	return DefaultIdleTimeout
}

func (t *Transport) maxAge() time.Duration {
	switch {
	case t.MaxConnAge > 0:
		return t.MaxConnAge
	case t.MaxConnAge < 0:
		return 0
	}
	return DefaultMaxConnAge
}

func (t *Transport) expectContinueTimeout() time.Duration {
	if t.ExpectContinueTimeout > 0 {
		return t.ExpectContinueTimeout
	}
	return DefaultExpectContinueTimeout
}

// RoundTrip sends req and reads the head of its response into resp, whose
// Body then reads the body: closing it, or reading it to its end, releases
// the connection. The context bounds the whole exchange, body included.
//
// Errors are an *InvalidError when nothing was sent because the request
// could not be written safely, else an *Error naming the phase that
// failed.
func (t *Transport) RoundTrip(ctx context.Context, req *Request, resp *http.Response) error {
	absolute := req.Proxy != nil && req.URL.Scheme == "http" && isHTTPProxy(req.Proxy)
	target := req.target(absolute)
	if err := req.validate(target, absolute); err != nil {
		return err
	}
	proxyAuth := ""
	if absolute && req.Proxy.User != nil && len(req.Header["Proxy-Authorization"]) == 0 {
		proxyAuth = basicAuth(req.Proxy.User)
	}
	key := connKey{scheme: req.URL.Scheme, addr: hostPort(req.URL)}
	if req.Proxy != nil {
		key.proxy = req.Proxy.String()
	}
	trace := httptrace.ContextClientTrace(ctx)
	if trace != nil && trace.GetConn != nil {
		trace.GetConn(key.addr)
	}
	start := time.Now()
	// h2Again says that the last attempt was refused unprocessed by an
	// HTTP/2 connection going away: another pooled connection, made
	// meanwhile by a request turned away with it (after a GOAWAY, all the
	// streams above its last), may take the next, rather than one dialled
	// for each. A connection that refused a stream and goes on is not
	// asked again.
	h2Again := false
	for attempt := 0; ; attempt++ {
		if attempt == 0 || h2Again {
			if cc := t.h2Conn(key); cc != nil {
				err := cc.roundTrip(ctx, req, resp, start)
				if err == nil {
					return nil
				}
				unprocessed := h2Unprocessed(err)
				if !lostByServer(err) || !req.replayable(unprocessed) ||
					attempt > 0 && (!unprocessed || attempt >= maxUnprocessedRetries) {
					return err
				}
				// The pooled connection went away under the request.
				if err := req.rewind(); err != nil {
					return err
				}
				h2Again = unprocessed && !cc.usable()
				continue
			}
		}
		c, cc, err := t.getConn(ctx, key, req, trace, attempt > 0)
		if err != nil {
			return err
		}
		if cc != nil {
			err := cc.roundTrip(ctx, req, resp, start)
			// A new connection that refused its stream unprocessed (a
			// server shutting down gracefully) gets the request again on
			// another one, a bounded number of times.
			if err == nil || attempt >= maxUnprocessedRetries || !h2Unprocessed(err) || !req.replayable(true) {
				return err
			}
			if err := req.rewind(); err != nil {
				return err
			}
			h2Again = !cc.usable()
			continue
		}
		if req.Timing != nil {
			req.Timing.Reused = c.reused
		}
		c.startExchange(ctx, req, trace)
		err = c.roundTrip(ctx, req, target, proxyAuth, resp, start)
		if err == nil {
			return nil
		}
		if attempt == 0 && c.reused && lostByServer(err) && req.replayable(c.written == 0) {
			if err := req.rewind(); err != nil {
				return err
			}
			continue
		}
		return err
	}
}

// maxUnprocessedRetries bounds how often a request refused unprocessed by
// new HTTP/2 connections is sent again.
const maxUnprocessedRetries = 2

// h2Unprocessed reports whether err says an HTTP/2 server did not process
// the stream, so that any request may be sent again (RFC 9113 section
// 8.7): REFUSED_STREAM, or a GOAWAY whose last stream is below it. x/net
// reports the GOAWAY case with an unexported error, known by its text.
func h2Unprocessed(err error) bool {
	if err == nil {
		return false // before the targets of errors.As, which escape: 3 allocations
	}
	var ue *unprocessedError
	if errors.As(err, &ue) {
		return true
	}
	var se http2.StreamError
	if errors.As(err, &se) {
		return se.Code == http2.ErrCodeRefusedStream
	}
	var ge http2.GoAwayError
	if errors.As(err, &ge) {
		return ge.LastStreamID == 0
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if msg := e.Error(); msg == "http2: Transport received Server's graceful shutdown GOAWAY" || msg == "http2: client conn not usable" {
			return true
		}
	}
	return false
}

// lostByServer reports whether err is a pooled connection that the server
// had closed: writing the request failed, or the input ended or was reset
// before a byte of the response.
func lostByServer(err error) bool {
	var e *Error
	if !errors.As(err, &e) || isTimeout(e.Err) || errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded) {
		return false
	}
	var nr *noResponse
	var be *bodyError
	switch e.Op {
	case "read":
		return errors.As(e.Err, &nr)
	case "write":
		return !errors.As(e.Err, &be)
	}
	return false
}

// noResponse is a failure before the first byte of a response.
type noResponse struct{ err error }

func (e *noResponse) Error() string { return e.err.Error() }
func (e *noResponse) Unwrap() error { return e.err }

// getConn returns a connection for key: an idle HTTP/1.1 one, or a new
// one, which is an HTTP/2 one when the server chose h2. fresh skips the
// pool.
func (t *Transport) getConn(ctx context.Context, key connKey, req *Request, trace *httptrace.ClientTrace, fresh bool) (*conn, h2Pooled, error) {
	if !fresh {
		for {
			c := t.takeIdle(key)
			if c == nil {
				break
			}
			// A connection the server closed while it was idle is found
			// here rather than by the request it would lose. The check is
			// one non-blocking recvfrom(2), 3% of the CPU of a loopback
			// GET in BenchmarkEngineGetJSON's profile: a request that is
			// sent again anyway when its connection was lost skips it
			// when the connection was idle less than staleCheckAfter.
			idle := time.Since(c.idleAt)
			if c.br.Buffered() > 0 || (idle >= staleCheckAfter || !req.replayable(false)) && !c.alive() {
				c.close()
				continue
			}
			c.reused = true
			if trace != nil && trace.GotConn != nil {
				trace.GotConn(httptrace.GotConnInfo{Conn: c.nc, Reused: true, WasIdle: true, IdleTime: idle})
			}
			return c, nil, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, &Error{Op: "dial", Err: context.Cause(ctx)}
	}
	if t.MaxConnsPerHost > 0 {
		c, err := t.waitForConn(ctx, key)
		if err != nil {
			return nil, nil, err
		}
		if c != nil {
			c.reused = true
			if trace != nil && trace.GotConn != nil {
				trace.GotConn(httptrace.GotConnInfo{Conn: c.nc, Reused: true})
			}
			return c, nil, nil
		}
	}
	c, cc, err := t.dial(ctx, key, req, trace)
	if t.MaxConnsPerHost > 0 && c == nil {
		t.release(key) // the dial failed, or made an HTTP/2 connection, which is not counted
	}
	if err != nil {
		return nil, nil, err
	}
	if c != nil && trace != nil && trace.GotConn != nil {
		trace.GotConn(httptrace.GotConnInfo{Conn: c.nc})
	}
	return c, cc, nil
}

// takeIdle takes the most recently used idle connection for key, closing
// those found too old on the way.
func (t *Transport) takeIdle(key connKey) *conn {
	var stale []*conn
	defer func() {
		for _, c := range stale {
			c.close()
		}
	}()
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	list := t.idle[key]
	for len(list) > 0 {
		c := list[len(list)-1]
		list[len(list)-1] = nil
		list = list[:len(list)-1]
		if t.expired(c, now) {
			stale = append(stale, c)
			continue
		}
		t.idle[key] = list
		return c
	}
	delete(t.idle, key)
	return nil
}

// expired reports whether an idle connection has outlived the idle
// timeout or the maximum age.
func (t *Transport) expired(c *conn, now time.Time) bool {
	if now.Sub(c.idleAt) >= t.idleTimeout() {
		return true
	}
	age := c.maxAge()
	return age > 0 && now.Sub(c.created) >= age
}

// putIdle gives a connection whose exchange ended cleanly back to the pool.
func (t *Transport) putIdle(c *conn) {
	c.idleAt = time.Now()
	t.mu.Lock()
	if h := t.hosts[c.key]; h != nil && len(h.waiters) > 0 && !t.expired(c, c.idleAt) {
		// Straight to the exchange that has waited longest.
		w := h.waiters[0]
		h.waiters = h.waiters[1:]
		t.mu.Unlock()
		w <- c
		return
	}
	list := t.idle[c.key]
	if len(list) >= t.maxIdle() || t.expired(c, c.idleAt) {
		t.mu.Unlock()
		c.close()
		return
	}
	if t.idle == nil {
		t.idle = make(map[connKey][]*conn)
	}
	t.idle[c.key] = append(list, c)
	if t.sweep == nil {
		t.sweep = time.AfterFunc(t.idleTimeout(), t.sweepIdle)
	}
	t.mu.Unlock()
}

// sweepIdle closes the idle connections that have expired, and sets itself
// to run again while any are left.
func (t *Transport) sweepIdle() {
	now := time.Now()
	var closing []*conn
	t.mu.Lock()
	next := time.Duration(0)
	for key, list := range t.idle {
		kept := list[:0]
		for _, c := range list {
			if t.expired(c, now) {
				closing = append(closing, c)
				continue
			}
			kept = append(kept, c)
			if left := t.idleTimeout() - now.Sub(c.idleAt); next == 0 || left < next {
				next = left
			}
		}
		clear(list[len(kept):])
		if len(kept) == 0 {
			delete(t.idle, key)
		} else {
			t.idle[key] = kept
		}
	}
	if next > 0 {
		t.sweep.Reset(next)
	} else {
		t.sweep = nil
	}
	t.mu.Unlock()
	for _, c := range closing {
		c.close()
	}
}

// CloseIdleConnections closes the connections waiting in the pool, and the
// HTTP/2 connections that carry no stream; those that do stop taking new
// ones.
func (t *Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle, h2 := t.idle, t.h2
	t.idle, t.h2 = nil, nil
	if t.sweep != nil {
		t.sweep.Stop()
		t.sweep = nil
	}
	t.mu.Unlock()
	for _, list := range idle {
		for _, c := range list {
			c.close()
		}
	}
	for _, list := range h2 {
		for _, cc := range list {
			cc.closeIdle()
		}
	}
}

// waitForConn takes a slot for a new connection to key under
// MaxConnsPerHost: at once when the bound is not reached, else after the
// exchanges that came first. It returns a pooled connection when one came
// back for it (nil: dial), or the context's error.
func (t *Transport) waitForConn(ctx context.Context, key connKey) (*conn, error) {
	t.mu.Lock()
	if t.hosts == nil {
		t.hosts = make(map[connKey]*hostConns)
	}
	h := t.hosts[key]
	if h == nil {
		h = &hostConns{}
		t.hosts[key] = h
	}
	if h.n < t.MaxConnsPerHost {
		h.n++
		t.mu.Unlock()
		return nil, nil
	}
	w := make(chan *conn, 1)
	h.waiters = append(h.waiters, w)
	t.mu.Unlock()
	select {
	case c := <-w:
		return c, nil
	case <-ctx.Done():
	}
	t.mu.Lock()
	if i := slices.Index(h.waiters, w); i >= 0 {
		h.waiters = slices.Delete(h.waiters, i, i+1)
		t.mu.Unlock()
		return nil, &Error{Op: "dial", Err: context.Cause(ctx)}
	}
	t.mu.Unlock()
	// Served meanwhile: pass on what came.
	if c := <-w; c != nil {
		t.putIdle(c)
	} else {
		t.release(key)
	}
	return nil, &Error{Op: "dial", Err: context.Cause(ctx)}
}

// release gives back key's slot of a connection that closed (or was never
// made): to the first waiter, which dials, or to the count.
func (t *Transport) release(key connKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.hosts[key]
	if h == nil {
		return
	}
	if len(h.waiters) > 0 {
		w := h.waiters[0]
		h.waiters = h.waiters[1:]
		w <- nil
		return
	}
	if h.n--; h.n <= 0 {
		delete(t.hosts, key)
	}
}

// hostPort returns the host:port a URL's connections go to.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// isHTTPProxy reports whether a proxy speaks HTTP (forwarding requests
// and opening tunnels), as opposed to SOCKS.
func isHTTPProxy(p *url.URL) bool { return p.Scheme == "http" || p.Scheme == "https" }
