package requests

import (
	"crypto/tls"

	"github.com/go-requests/requests/internal/wire"
)

// newEngine returns the HTTP engine a Session uses unless a mounted
// RoundTripper takes over: the library's own (internal/wire), whose pool
// keeps enough idle connections per host that 64 concurrent workers do not
// churn sockets. tlsConfig is nil for the default settings.
func newEngine(tlsConfig *tls.Config) *wire.Transport {
	return &wire.Transport{TLSConfig: tlsConfig}
}
