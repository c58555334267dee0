package requests

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"

	"github.com/go-requests/requests/internal/wire"
)

// newEngine returns the HTTP engine a Session uses unless a mounted
// RoundTripper takes over: the library's own (internal/wire), whose pool
// keeps enough idle connections per host that 64 concurrent workers do not
// churn sockets. tlsConfig is nil for the default settings.
func newEngine(tlsConfig *tls.Config, e *engineSettings) *wire.Transport {
	if tlsConfig == nil {
		tlsConfig = defaultTLS
	}
	return &wire.Transport{
		TLSConfig:       tlsConfig,
		MaxIdlePerHost:  e.pool.MaxIdlePerHost,
		MaxConnsPerHost: e.pool.MaxConnsPerHost,
		IdleTimeout:     e.pool.IdleTimeout,
		MaxConnAge:      e.pool.MaxConnAge,
		DialContext:     e.dial,
	}
}

// engineSettings are the Session-level settings of its engines.
type engineSettings struct {
	pool Pool
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Pool sets the connection pool of the Session's engines. It is a Session
// setting: given to NewSession; given to a request, the request fails with
// ErrRequest, since a request does not make engines. Zero fields keep the
// defaults. It does not apply to a RoundTripper given with Transport or
// Mount, which pools by itself.
type Pool struct {
	// MaxIdlePerHost bounds the idle connections kept per host (and
	// proxy); 0 is 128.
	MaxIdlePerHost int
	// MaxConnsPerHost bounds the HTTP/1.1 connections per host, dialing,
	// in use and idle; 0 is no limit. A request that finds the bound
	// reached waits for a connection to come back or close, requests
	// served first come, first served, or until its context ends.
	MaxConnsPerHost int
	// IdleTimeout is how long an idle connection is kept; 0 is 90 seconds.
	IdleTimeout time.Duration
	// MaxConnAge is how long a connection takes new requests after it was
	// made, so that a long-lived Session follows DNS changes; 0 is ten
	// minutes, a negative value no limit.
	MaxConnAge time.Duration
}

func (p Pool) apply(c *config) {
	if p.MaxIdlePerHost < 0 || p.MaxConnsPerHost < 0 || p.IdleTimeout < 0 {
		c.fail(errorf(ErrRequest, "Pool: MaxIdlePerHost, MaxConnsPerHost and IdleTimeout cannot be negative"))
		return
	}
	c.engine.pool, c.sessionOnly = p, true
}

// DialContext makes dial open the TCP connections of the Session's
// engines, to origins and proxies (TLS is then done over what it returns):
// a custom resolver, a SOCKS dialer, a connection counter. A Session
// setting, as Pool is. UnixSocket, where given, wins over it.
func DialContext(dial func(ctx context.Context, network, addr string) (net.Conn, error)) Option {
	return optionFunc(func(c *config) {
		if dial == nil {
			c.fail(errorf(ErrRequest, "DialContext(nil): give a dial function"))
			return
		}
		c.engine.dial, c.sessionOnly = dial, true
	})
}

// defaultTLS is the TLS configuration of the default settings: the system's
// roots. Every engine with them shares it, so that it can key a pool
// (HopOf).
var defaultTLS = &tls.Config{MinVersion: tls.VersionTLS12}

// Transport makes rt carry the requests in place of the library's own
// HTTP/1.1 engine, for http:// and https:// URLs alike: Transport(
// http.DefaultTransport) puts net/http back, and any RoundTripper (a test
// double, a recorder, an HTTP/3 transport) fits. A prefix given to
// Session.Mount still wins for its URLs.
//
// Over rt, the library keeps its own rules (defaults, auth, cookies,
// redirects, retries, decoding) and its timeouts: the read timeout and
// Total cancel the request's context, and the connect timeout is added to
// the first read timeout, since rt dials by itself. Proxies, Verify,
// CABundle and Cert are the engine's settings: with Transport they are rt's
// business. rt must not be nil.
func Transport(rt http.RoundTripper) Option {
	return optionFunc(func(c *config) {
		if rt == nil {
			c.fail(errorf(ErrRequest, "Transport(nil): give a RoundTripper, e.g. http.DefaultTransport"))
			return
		}
		c.transport, c.ownRoute = rt, true
	})
}
