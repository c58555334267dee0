package requests

import (
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// An Option configures a request, or every request of a Session when given
// to NewSession. The same option works on a package verb, a Session verb and
// NewSession; a request's value wins over the Session's, and maps merge key
// by key (header names case-insensitively), as requests' merge_setting does.
//
// Options are the map types Params, Headers, Cookies, Form, Files and
// Proxies; the structs Timeout, Retry and Pool; a *CookieJar (the jar a
// Session keeps, or whose cookies a request sends); and the values the
// constructors of this package return (JSON, Data, BasicAuth, Stream,
// AllowRedirects, Verify, WrapTransport, ...). The Session settings (Pool,
// DialContext, Cache) are refused on a single request.
type Option interface {
	apply(*config)
}

// config is the merged state of the options for one request.
type config struct {
	err error // the first invalid option

	params    Params
	ownParams bool

	header    http.Header
	ownHeader bool

	body     bodySpec
	tls      tlsSettings
	auth     Authenticator
	trustEnv tristate // default yes

	files    Files
	ownFiles bool
	boundary string

	uploadProgress   func(sent, total int64)
	downloadProgress func(done, total int64)

	hooks    []func(*Response) error
	ownHooks bool

	cookies    Cookies // request-level cookies
	ownCookies bool
	jar        *CookieJar // a jar whose cookies are sent

	retry              *Retry
	transport          http.RoundTripper // in place of the engine; nil for the engine
	wraps              []func(http.RoundTripper) http.RoundTripper
	ownRoute           bool // a request gave its own Transport or WrapTransport: its wrappers are its own
	engine             engineSettings
	sessionOnly        bool // a Session setting (Pool, DialContext, Cache) was given: refused on a request
	requestHooks       []func(*PreparedRequest) error
	baseURL            *url.URL
	unixSocket         string
	h2c                bool
	proxies            Proxies
	ownProxies         bool
	logger             *slog.Logger
	redact             []string // names added to the redaction policy
	decompressionLimit int64    // 0: the default; -1: none
	timeout            Timeout
	redirects          tristate
	maxRedirects       int // < 0: unset
	stream             bool
	cache              CacheStore // the Session's HTTP cache (a Session setting), or nil

	// Set by Session.RoundTripper: one exchange, as a transport makes it.
	handout bool // no redirects, no cookie jar, no response hooks
	rawBody bool // the caller asked for its own Accept-Encoding: no decoding
}

// tristate is an optional bool.
type tristate int8

const (
	unset tristate = iota
	yes
	no
)

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Params are query parameters, appended to the URL's own query. A value may
// be a string, []byte, a bool, any integer or float type, a fmt.Stringer, a
// []string or []any (the key repeated for each element), or nil (the key is
// dropped). Keys are encoded in sorted order.
type Params map[string]any

func (p Params) apply(c *config) { mergeInto(&c.params, &c.ownParams, p) }

// mergeInto merges m into *dst key by key. *dst is shared (with a Session,
// or with the caller) until *own says it was copied, so it is copied before
// its first change.
func mergeInto[M ~map[string]V, V any](dst *M, own *bool, m M) {
	if len(m) == 0 {
		return
	}
	if *dst == nil {
		*dst = m
		return
	}
	if !*own {
		merged := make(M, len(*dst)+len(m))
		maps.Copy(merged, *dst)
		*dst, *own = merged, true
	}
	maps.Copy(*dst, m)
}

// Headers are request headers. Names are case-insensitive: a request's
// "user-agent" replaces the Session's "User-Agent".
type Headers map[string]string

func (h Headers) apply(c *config) {
	if len(h) == 0 {
		return
	}
	for k, v := range h {
		if !c.setHeader(k, []string{v}) {
			return
		}
	}
}

// setHeader replaces the values of header k, copying the header first if
// it is shared; it reports false, having failed the config, for a value
// that would break the request.
func (c *config) setHeader(k string, vs []string) bool {
	for _, v := range vs {
		if err := validHeader(k, v); err != nil {
			c.fail(err)
			return false
		}
	}
	if !c.ownHeader {
		c.header, c.ownHeader = c.header.Clone(), true
		if c.header == nil {
			c.header = make(http.Header)
		}
	}
	c.header[http.CanonicalHeaderKey(k)] = vs
	return true
}

// DropHeaders removes headers from this request: the Session's, the
// defaults (User-Agent, Accept, Accept-Encoding, Connection), or any set by
// an earlier option. It is how one request does without a Session header,
// as a None value does in requests.
func DropHeaders(names ...string) Option {
	return optionFunc(func(c *config) {
		if !c.ownHeader {
			c.header, c.ownHeader = c.header.Clone(), true
		}
		for _, n := range names {
			delete(c.header, http.CanonicalHeaderKey(n))
		}
	})
}

// Cookies are sent with this request, and not kept: they override cookies
// of the same name from the Session's jar. They are sent to the request's
// host only, not to the hosts its redirects lead to.
type Cookies map[string]string

func (m Cookies) apply(c *config) {
	for k, v := range m {
		if err := validCookie(k, v); err != nil {
			c.fail(err)
			return
		}
	}
	mergeInto(&c.cookies, &c.ownCookies, m)
}

// Form is an application/x-www-form-urlencoded body. Values follow the rules
// of Params; keys are encoded in sorted order.
type Form map[string]any

func (f Form) apply(c *config) {
	if c.body.kind != bodyForm {
		c.body = bodySpec{kind: bodyForm, json: c.body.json}
	}
	own := false // a Form is never changed in place: merging copies it
	mergeInto(&c.body.form, &own, f)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// JSON sends v encoded as JSON with Content-Type: application/json. NaN and
// infinities are refused with ErrInvalidJSON, as requests refuses them. A
// Form or Data body given to the same request wins over JSON, as in requests,
// unless it is empty (an empty Form, Data("") or Data([]byte{})); JSON(nil)
// sends no body, as json=None does.
func JSON(v any) Option {
	return optionFunc(func(c *config) {
		c.body.json = v
		if c.body.kind == bodyNone {
			c.body.kind = bodyJSON
		}
		if c.body.kind == bodyData {
			c.body.json = v // sent when the Data is empty, as requests does
		}
	})
}

// Data sends body as it is: a []byte or a string with its Content-Length; an
// io.Reader with its length when it is a *bytes.Reader, *bytes.Buffer,
// *strings.Reader or a regular *os.File, and chunked otherwise. A reader
// that is also an io.Seeker can be sent again on a 307 or 308 redirect;
// another reader cannot, and such a redirect fails with ErrUnrewindableBody.
func Data(body any) Option {
	return optionFunc(func(c *config) { c.body = bodySpec{kind: bodyData, data: body, json: c.body.json} })
}

// ResponseHook runs each fn on every response as it arrives: the final one,
// each redirect and each answered authentication challenge, before the
// body is read. A hook may read the body or change the Response; an error
// it returns ends the call with that error. Hooks given to a request
// replace the Session's, as in requests; several ResponseHook options on
// one request add up.
func ResponseHook(fns ...func(*Response) error) Option {
	return optionFunc(func(c *config) {
		if slices.ContainsFunc(fns, func(fn func(*Response) error) bool { return fn == nil }) {
			c.fail(errorf(ErrRequest, "ResponseHook: a hook is nil"))
			return
		}
		if !c.ownHooks {
			c.hooks, c.ownHooks = nil, true
		}
		c.hooks = append(c.hooks, fns...)
	})
}

// UploadProgress calls fn as the request body is sent, with the bytes sent
// so far and the total, -1 when the body's length is unknown. It is called
// from the goroutine that writes the body, again for a body sent anew (a
// 307 redirect, a Digest challenge).
func UploadProgress(fn func(sent, total int64)) Option {
	return optionFunc(func(c *config) { c.uploadProgress = fn })
}

// TrustEnv says whether the environment may supply what the caller did
// not: credentials from ~/.netrc (or $NETRC). It is on by default, as in
// requests.
func TrustEnv(on bool) Option {
	return optionFunc(func(c *config) {
		c.trustEnv = no
		if on {
			c.trustEnv = yes
		}
	})
}

// AllowRedirects says whether redirects are followed. They are by default,
// except by Head.
func AllowRedirects(follow bool) Option {
	return optionFunc(func(c *config) {
		c.redirects = no
		if follow {
			c.redirects = yes
		}
	})
}

// DefaultMaxRedirects is how many redirects are followed unless MaxRedirects
// says otherwise (requests' DEFAULT_REDIRECT_LIMIT).
const DefaultMaxRedirects = 30

// MaxRedirects sets how many redirects are followed before the request fails
// with ErrTooManyRedirects. 0 refuses any redirect.
func MaxRedirects(n int) Option {
	return optionFunc(func(c *config) {
		if n < 0 {
			c.fail(errorf(ErrRequest, "MaxRedirects(%d): the limit cannot be negative", n))
			return
		}
		c.maxRedirects = n
	})
}

// Stream says whether the verb returns before reading the body. In stream
// mode the caller reads the body and must Close the Response: a streamed
// Response that is neither read to its end nor closed keeps its connection
// (and, with Timeout.Total, its timer) until the server closes it. It does
// not wedge the pool, whose other requests open new connections, but it
// leaks that connection.
func Stream(on bool) Option {
	return optionFunc(func(c *config) { c.stream = on })
}
