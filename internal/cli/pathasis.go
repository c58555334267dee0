package cli

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/go-requests/requests"
)

// --path-as-is sends the URL's path as it was typed: the library, as
// requests does, removes its dot segments ("/a/../b" is "/b"). The path is
// put back on the wire by a transport that wraps net/http's, so the
// engine's own settings (--proxy, --verify, --cert, --unix-socket) do not
// apply; they are refused together.

// pathAsIsOption returns the transport that keeps the path of raw, or
// nil when the library would send it unchanged anyway.
func pathAsIsOption(raw string, o options) (requests.Option, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, usagef("%q is not a valid URL: %v", raw, unwrapURLError(err))
	}
	p := u.EscapedPath()
	if !strings.Contains(p, "/.") {
		return nil, nil // no dot segment to keep
	}
	switch {
	case len(o.proxies) > 0:
		return nil, usagef("--path-as-is cannot be used with --proxy")
	case o.verify != "" && o.verify != "yes" && o.verify != "true":
		return nil, usagef("--path-as-is cannot be used with --verify %s", o.verify)
	case o.cert != "":
		return nil, usagef("--path-as-is cannot be used with --cert")
	case o.unixSocket != "":
		return nil, usagef("--path-as-is cannot be used with --unix-socket")
	}
	return requests.Transport(&pathAsIsTransport{base: http.DefaultTransport, path: p}), nil
}

// pathAsIsTransport sends the first request's URL, and its retries, with
// path in place of the normalised one; a redirect goes where it says.
type pathAsIsTransport struct {
	base  http.RoundTripper
	path  string
	once  sync.Once
	first string // the normalised URL of the first request
}

func (t *pathAsIsTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.once.Do(func() { t.first = r.URL.String() })
	if r.URL.String() != t.first {
		return t.base.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Opaque = t.path // sent as the request target, query appended
	return t.base.RoundTrip(r2)
}
