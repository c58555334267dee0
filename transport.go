package requests

import (
	"crypto/tls"
	"net/http"

	"github.com/go-requests/requests/internal/wire"
)

// newEngine returns the HTTP engine a Session uses unless a mounted
// RoundTripper takes over: the library's own (internal/wire), whose pool
// keeps enough idle connections per host that 64 concurrent workers do not
// churn sockets. tlsConfig is nil for the default settings.
func newEngine(tlsConfig *tls.Config) *wire.Transport {
	if tlsConfig == nil {
		tlsConfig = defaultTLS
	}
	return &wire.Transport{TLSConfig: tlsConfig}
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
