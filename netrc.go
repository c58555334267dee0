package requests

import (
	"strings"

	"github.com/go-requests/requests/internal/netrc"
)

// applyNetrc sets Basic credentials from netrc for the request's host when
// the environment is trusted and nothing else gave credentials.
func applyNetrc(pr *PreparedRequest, cfg *config) {
	if cfg.trustEnv == no || len(pr.Header["Authorization"]) > 0 {
		return
	}
	f := netrc.Load()
	if f == nil {
		return
	}
	// The host is the URL's real host: http://example.com:@127.0.0.1/ is
	// 127.0.0.1 (CVE-2024-47081).
	if user, pass, ok := f.Lookup(strings.ToLower(pr.URL.Hostname())); ok {
		setBasicAuth(pr.Header, user, pass)
	}
}
