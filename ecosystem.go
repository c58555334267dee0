package requests

import (
	"context"
	"crypto/tls"
	"iter"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-requests/requests/internal/urlprep"
)

// WrapTransport wraps the Session's transport with wrap: middleware such as
// OpenTelemetry's otelhttp.NewTransport, metrics or a recorder, which then
// sees every exchange (each redirect hop, each retry). What next carries is
// the Session's own transport, with its pools, TLS, proxies and timeouts,
// or the one given with Transport or Mount. Several WrapTransport options
// nest, the first given outermost. An error from a wrapper is wrapped in
// ErrRequest.
//
// Given to NewSession, wrap runs once per engine (per set of TLS settings,
// Unix socket, mount or Transport), when that engine is first used, never
// once per exchange: a recorder or tracer it returns sees all of that
// engine's exchanges. Given to one request, it runs for that request.
//
// The engine underneath takes the request's proxy, timeouts and Timing from
// the request it is given or a clone of it; a request a wrapper makes
// afresh (another context) gets the Session's settings.
func WrapTransport(wrap func(next http.RoundTripper) http.RoundTripper) Option {
	return optionFunc(func(c *config) {
		if wrap == nil {
			c.fail(errorf(ErrRequest, "WrapTransport(nil): give a function that wraps a RoundTripper"))
			return
		}
		c.wraps, c.ownRoute = append(c.wraps[:len(c.wraps):len(c.wraps)], wrap), true
	})
}

// Hop is what a wrapper given to WrapTransport can learn, with HopOf, of
// the exchange it serves: the settings the Session's own transport
// underneath uses for it. A wrapper that answers some requests by other
// means (an HTTP/3 transport, a cache) reads them to keep the Session's
// rules: the same TLS trust, and no request that bypasses a proxy.
type Hop struct {
	// TLSConfig is the TLS configuration of the request's connections,
	// with the Session's Verify, CABundle and Cert (or the environment's
	// CA bundle) applied. Requests with the same TLS settings get the same
	// *tls.Config, and requests with different ones never do, so it may
	// key a pool of connections (CVE-2024-35195). It must not be modified:
	// clone it to change it. It is nil for an http URL, and when the
	// transport underneath is one given with Transport or Mount, whose TLS
	// is its own business.
	TLSConfig *tls.Config

	// Proxy is the proxy the request goes through, nil when it goes
	// straight to the origin (or the transport underneath is not the
	// Session's own).
	Proxy *url.URL

	// UnixSocket is the path of the Unix socket every connection dials,
	// "" for none (see UnixSocket) or when the transport underneath is not
	// the Session's own.
	UnixSocket string

	// ConnectTimeout bounds making a connection (Timeout.Connect, or
	// DefaultConnectTimeout); 0 means no limit.
	ConnectTimeout time.Duration
}

// HopOf returns the Hop of a request that a wrapper given to WrapTransport
// received, or of a clone of it, and false for any other request.
func HopOf(req *http.Request) (Hop, bool) {
	if req == nil {
		return Hop{}, false
	}
	x, ok := req.Context().Value(exchangeKey{}).(*exchange)
	if !ok {
		return Hop{}, false
	}
	h := Hop{Proxy: x.proxy, ConnectTimeout: x.settings.connect}
	if wt := x.engine; wt != nil {
		h.UnixSocket = x.settings.unixSocket
		if x.pr.URL.Scheme == "https" {
			h.TLSConfig = wt.TLSConfig
		}
	}
	return h, true
}

// RequestHook runs fn on each request just before it is sent: every
// redirect hop and every retry. fn may change the request (a header, say);
// an error it returns ends the call, before anything is sent, with that
// error wrapped in ErrRequest. Hooks given to a request add to the
// Session's.
func RequestHook(fn func(*PreparedRequest) error) Option {
	return optionFunc(func(c *config) {
		if fn == nil {
			c.fail(errorf(ErrRequest, "RequestHook(nil): a hook is nil"))
			return
		}
		c.requestHooks = append(c.requestHooks[:len(c.requestHooks):len(c.requestHooks)], fn)
	})
}

// BaseURL makes relative URLs resolve against base. Its path is a
// directory, with or without a trailing slash (as httpx has it, where RFC
// 3986 alone would drop its last segment): with
// BaseURL("https://api.example.com/v1"), "users" is
// https://api.example.com/v1/users. A path from the root stays one, by RFC
// 3986: "/users" is https://api.example.com/users. An absolute URL is used
// as it is. base must be absolute.
func BaseURL(base string) Option {
	return optionFunc(func(c *config) {
		u, err := url.Parse(base)
		if err != nil || u.Scheme == "" || u.Host == "" {
			c.fail(&Error{Kind: ErrInvalidURL, Err: urlErr(base, "BaseURL needs an absolute URL (scheme and host)", err)})
			return
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
			if u.RawPath != "" {
				u.RawPath += "/"
			}
		}
		c.baseURL = u
	})
}

// resolveURL resolves raw against the base URL, if any and raw is
// relative.
func resolveURL(raw string, base *url.URL) string {
	if base == nil || urlprep.HasScheme(strings.TrimSpace(raw)) {
		return raw
	}
	ref, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw // the preparation reports it
	}
	return base.ResolveReference(ref).String()
}

// UnixSocket makes every connection of the requests it is given to go to
// the Unix domain socket at path (Docker's, snapd's), whatever the URL's
// host, which is still sent as Host: requests.Get(ctx,
// "http://docker/v1.45/info", requests.UnixSocket("/run/docker.sock")).
// Connections to different sockets are never shared.
func UnixSocket(path string) Option {
	return optionFunc(func(c *config) {
		if path == "" {
			c.fail(errorf(ErrRequest, "UnixSocket(\"\"): give the path of the socket"))
			return
		}
		c.unixSocket = filepath.Clean(path)
	})
}

// UnencryptedHTTP2 speaks HTTP/2 without TLS to http:// URLs, with prior
// knowledge (h2c: the server must expect it; there is no upgrade from
// HTTP/1.1), as gRPC-style services and service meshes inside a cluster
// do. https:// URLs are not affected: they negotiate HTTP/2 by ALPN anyway.
// It does not apply through an http proxy.
func UnencryptedHTTP2(on bool) Option {
	return optionFunc(func(c *config) { c.h2c = on })
}

// DecodeJSON decodes the body of resp as JSON into a new T, as resp.JSON
// does: DecodeJSON[[]User](resp).
func DecodeJSON[T any](resp *Response) (T, error) {
	var v T
	if resp == nil {
		return v, errorf(ErrRequest, "DecodeJSON: a nil Response")
	}
	err := resp.JSON(&v)
	return v, err
}

// MaxPages bounds Session.Paginate.
const MaxPages = 10000

// Paginate requests url, then each page its response's Link header names
// rel="next", until a page names none: each response is yielded with its
// body read. Params given to Paginate apply to the first request only: each
// next page is the Link URL as the server wrote it (resolved against the
// page's URL). The other options apply to every page; Stream(true) is
// ignored. An error is yielded once and ends the iteration: a failed
// request, a next page whose URL was requested already, or more than
// MaxPages pages. Stopping the iteration early is fine.
func (s *Session) Paginate(ctx context.Context, url string, opts ...Option) iter.Seq2[*Response, error] {
	return func(yield func(*Response, error) bool) {
		// Every page after the first without the Params options.
		next := make([]Option, 0, len(opts)+1)
		for _, o := range opts {
			if _, ok := o.(Params); !ok {
				next = append(next, o)
			}
		}
		next = append(next, Stream(false))
		first := append(opts[:len(opts):len(opts)], Stream(false))
		requested := map[string]bool{}
		for n := 0; url != ""; n++ {
			if n == MaxPages {
				yield(nil, errorf(ErrRequest, "Paginate: more than %d pages", MaxPages))
				return
			}
			pageOpts := next
			if n == 0 {
				pageOpts = first
			}
			resp, err := s.Get(ctx, url, pageOpts...)
			if err != nil {
				yield(nil, err)
				return
			}
			requested[url] = true
			requested[resp.Request.URL.String()] = true // as prepared, Params included
			url = resp.Links()["next"].URL
			if url != "" && requested[url] {
				if yield(resp, nil) {
					yield(nil, errorf(ErrRequest, "Paginate: the next page, %s, was requested already", redactRaw(url)))
				}
				return
			}
			if !yield(resp, nil) {
				return
			}
		}
	}
}
