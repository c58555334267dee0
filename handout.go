package requests

// This file holds what a Session hands to other Go code: an
// http.RoundTripper that is one exchange through the Session's transport,
// and net/http's client over it. They cut the Session's stack where
// net/http cuts it: the RoundTripper is a transport (no redirects, no
// cookie jar), the Client brings net/http's redirect and cookie handling.

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// RoundTripper returns an http.RoundTripper that makes one exchange per
// request through the Session's transport: its TLS settings, proxies, Unix
// socket, timeouts, pools and wrappers, its default headers (a header of
// the request replaces the Session's of the same name), its auth and its
// Retry. It keeps net/http's transport contract:
//
//   - A redirect is returned as it came, with its Location: following it
//     is the client's business (see Client). No cookie jar is read or
//     written, and the Session's Cookies are not sent: the request's own
//     Cookie header is.
//   - The body is decompressed only when the RoundTripper asked for
//     compression itself, that is when the request has no Accept-Encoding
//     header (the Session's is then sent); Content-Encoding and
//     Content-Length are then removed and Response.Uncompressed is true, as
//     net/http does. A caller that sets its own Accept-Encoding gets the
//     bytes and the Content-Encoding as sent.
//   - The request is not modified. Its body is closed, on an error at once,
//     else when the response body is closed. req.GetBody, when set, sends
//     the body again: for a Retry, a Digest challenge or a pooled connection
//     the server had closed.
//   - The Session's Authenticator is not applied when the request carries
//     its own Authorization header, nor on a redirect (a request whose
//     Response field is set) that the Session's credential rules strip: to
//     another host, scheme or port. ResponseHook functions do not run (they
//     belong to the Session's verbs); RequestHook functions do.
//
// The response's Body streams; closing it releases the connection. Errors
// wrap ErrRequest; an *Error's Timeout method reports timeouts, so that
// (*url.Error).Timeout and os.IsTimeout see them through an http.Client.
func (s *Session) RoundTripper() http.RoundTripper { return sessionRoundTripper{s} }

// Client returns net/http's client over s.RoundTripper(), with the
// Session's jar as its Jar: redirects are followed by net/http (so
// resp.Request is the last request made, and the caller may replace
// CheckRedirect), within the Session's MaxRedirects, AllowRedirects and
// credential rules (Authorization is dropped on a redirect to another host,
// scheme or port, as the Session's verbs drop it). Code that takes an
// *http.Client (API clients, SDKs) gets the Session's transport, defaults,
// auth, retries and cookies.
func (s *Session) Client() *http.Client {
	c := &http.Client{Transport: s.RoundTripper(), CheckRedirect: s.checkRedirect}
	if s.jar != nil {
		c.Jar = s.jar
	}
	return c
}

// checkRedirect is the CheckRedirect of Client: the Session's redirect
// limits and requests' credential rule.
func (s *Session) checkRedirect(req *http.Request, via []*http.Request) error {
	if s.base.redirects == no {
		return http.ErrUseLastResponse
	}
	limit := s.base.maxRedirects
	if limit < 0 {
		limit = DefaultMaxRedirects
	}
	if len(via) > limit {
		return &Error{Kind: ErrTooManyRedirects, Method: via[0].Method, URL: redactURL(via[0].URL),
			Err: fmt.Errorf("exceeded %d redirects", limit)}
	}
	if strippedOnTheWay(req) {
		req.Header.Del("Authorization")
	}
	return nil
}

// strippedOnTheWay reports whether a request made by following redirects
// (req.Response is the redirect that led to it) crossed a hop on which
// requests' rules drop credentials.
func strippedOnTheWay(req *http.Request) bool {
	for r, n := req, 0; r.Response != nil && r.Response.Request != nil && n < 1000; r, n = r.Response.Request, n+1 {
		if shouldStripAuth(r.Response.Request.URL, r.URL) {
			return true
		}
	}
	return false
}

type sessionRoundTripper struct{ s *Session }

func (rt sessionRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	closeBody := func() {
		if req.Body != nil {
			req.Body.Close()
		}
	}
	if req.URL == nil {
		closeBody()
		return nil, &Error{Kind: ErrURLRequired, Err: errors.New("the request has no URL")}
	}
	s := rt.s
	cfg := s.base
	cfg.handout = true
	cfg.stream = true
	cfg.redirects = no
	cfg.hooks, cfg.cookies, cfg.jar = nil, nil, nil
	keepHeader(req.Header).apply(&cfg)
	if len(req.Header["Authorization"]) > 0 || req.Response != nil && strippedOnTheWay(req) {
		cfg.auth = nil
	}
	cfg.rawBody = len(req.Header["Accept-Encoding"]) > 0
	if req.Body != nil && req.Body != http.NoBody {
		cfg.body = bodySpec{kind: bodyData, data: handedBody{r: req.Body, n: req.ContentLength, getBody: req.GetBody}}
	}
	if req.Host != "" && req.Host != req.URL.Host {
		Headers{"Host": req.Host}.apply(&cfg)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	resp, err := s.send(req.Context(), method, req.URL.String(), &cfg, nil)
	if err != nil {
		closeBody()
		return nil, err
	}
	h := resp.Header.Clone()
	length := int64(-1)
	decoded := resp.body != nil && resp.body.dec != nil
	if resp.body != nil && !decoded {
		length = resp.body.length
	} else if decoded {
		h.Del("Content-Encoding")
		h.Del("Content-Length")
	}
	var body io.ReadCloser = &closingBoth{resp.Reader(), closeBody}
	if resp.StatusCode == http.StatusSwitchingProtocols && resp.live != nil {
		if w, ok := resp.live.raw.(io.Writer); ok {
			body = &switched{body, w} // net/http's contract: a 101's Body is the connection, also for writing
		}
	}
	major, minor, _ := http.ParseHTTPVersion(resp.Proto)
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", resp.StatusCode, resp.Reason()),
		StatusCode:    resp.StatusCode,
		Proto:         resp.Proto,
		ProtoMajor:    major,
		ProtoMinor:    minor,
		Header:        h,
		Body:          body,
		ContentLength: length,
		Uncompressed:  decoded,
		Request:       req,
	}, nil
}

// handedBody is the body of a request handed to the RoundTripper: its
// length when known (ContentLength 0 with a body means unknown, as in
// net/http), and GetBody to send it again.
type handedBody struct {
	r       io.Reader
	n       int64
	getBody func() (io.ReadCloser, error)
}

// switched is the body of a 101 response: the connection, read through the
// response and written directly.
type switched struct {
	io.ReadCloser
	io.Writer
}

// closingBoth is a response body whose Close also closes the request body.
type closingBoth struct {
	io.ReadCloser
	also func()
}

func (c *closingBoth) Close() error {
	err := c.ReadCloser.Close()
	c.also()
	return err
}

// keepHeader is an option that sends h as the request's header: values
// replace the Session's of the same name, every value of each kept.
type keepHeader http.Header

func (h keepHeader) apply(c *config) {
	for k, vs := range h {
		if !c.setHeader(k, vs) {
			return
		}
	}
}
