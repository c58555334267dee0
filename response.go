package requests

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-requests/requests/internal/charset"
)

// Response is a server's answer, with everything requests' Response offers.
// Unless the request asked for Stream(true), its body has been read and
// Content and Text return it from memory.
type Response struct {
	// StatusCode is the HTTP status, e.g. 200.
	StatusCode int
	// Header holds the response headers; Get is case-insensitive.
	Header http.Header
	// Encoding names the charset Text decodes with. It comes from the
	// Content-Type charset, and is empty when the header names none: Text
	// then determines it from the body (a byte order mark, an HTML <meta>
	// charset, an XML declaration, the UTF-16/32 pattern of JSON), else
	// from ApparentEncoding, and sets it. Set it before calling Text to
	// override all of this.
	Encoding string
	// URL is the final URL, after redirects.
	URL *url.URL
	// History holds the redirect responses that led here, oldest first.
	// It is empty when there was no redirect.
	History []*Response
	// Elapsed is the time from sending the request to receiving the
	// response headers.
	Elapsed time.Duration
	// Request is the request that produced this response.
	Request *PreparedRequest
	// Proto is the protocol of the response, e.g. "HTTP/1.1" or "HTTP/2.0".
	Proto string
	// Timing tells where the time until the headers went.
	Timing Timing
	// Retries is how many times the request was sent again under a Retry
	// policy before this response.
	Retries int

	status   string // the status line after the version: "404 Not Found"
	cookies  *CookieJar
	apparent string // ApparentEncoding, once computed
	content  []byte
	body     *responseBody // non-nil until a streamed body is read or closed
	consumed bool          // a streamed body was handed to IterContent, IterLines or Reader
	live     *responseBody // the network body, set once: what Close closes, whoever holds it

	fromCache bool  // the Session's cache answered
	readErr   error // how reading a streamed body failed
}

// Cookies returns a jar holding the cookies this response set, scoped to
// its URL. Pass it to a later request to send them back.
func (r *Response) Cookies() *CookieJar {
	if r.cookies == nil {
		r.cookies = NewCookieJar()
		if r.URL != nil {
			r.cookies.setCookieLines(r.URL, r.Header["Set-Cookie"])
		}
	}
	return r.cookies
}

// Timing is where the time of an exchange went, from net/http/httptrace.
// DNS, Connect and TLS are zero when a kept-alive connection was reused.
type Timing struct {
	DNS       time.Duration // resolving the host name
	Connect   time.Duration // the TCP connection
	TLS       time.Duration // the TLS handshake
	FirstByte time.Duration // from asking for a connection to the first byte of the response
	Reused    bool          // the connection had served an earlier request
}

// FromCache reports whether the response was served from the Session's
// cache (see Cache): a fresh stored response, a stale one the cache was
// allowed to serve, a stored one the server confirmed with a 304 Not
// Modified, or a stored one that stood in for an error. The cache says so
// in the last member of the response's Cache-Status header, which it
// writes on every response; without a cache FromCache is false, whatever
// a server wrote there.
func (r *Response) FromCache() bool { return r.fromCache }

// OK reports whether RaiseForStatus returns nil: the status is not 4xx or
// 5xx (a 600 is OK, as in requests).
func (r *Response) OK() bool { return r.RaiseForStatus() == nil }

// Reason returns the reason phrase the server sent, e.g. "Not Found",
// without the spaces and tabs around it; one that is not valid UTF-8 is
// read as ISO-8859-1. requests reads it so too.
func (r *Response) Reason() string {
	s := r.status
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return latin1(strings.Trim(s[i+1:], " \t"))
	}
	if s == strconv.Itoa(r.StatusCode) {
		return ""
	}
	return http.StatusText(r.StatusCode)
}

// Content returns the body, decompressed. In stream mode it reads what is
// left of the body first; a failure to read it is kept in Err. After a
// streamed body was iterated it returns nil and Err reports
// ErrStreamConsumed.
func (r *Response) Content() []byte {
	if r.consumed && r.readErr == nil && r.content == nil {
		r.readErr = &Error{Kind: ErrStreamConsumed, Err: errors.New("the streamed body was read already")}
	}
	if r.body != nil {
		b := r.body
		r.body = nil
		r.content, r.readErr = b.readAll()
	}
	return r.content
}

// Err returns the error that cut short the reading of a streamed body by
// Content or Text, or nil. Without Stream(true) it is always nil: the verb
// returned any such error itself.
func (r *Response) Err() error { return r.readErr }

// ApparentEncoding returns the charset the body appears to be in, detected
// from its bytes, whatever the Content-Type says (see Text for what a
// declared charset does): a byte order mark; UTF-32 and UTF-16 by their
// structure; UTF-8 when the body is valid UTF-8; otherwise the legacy
// encoding in which the body decodes without error and reads most like a
// language, or the one the document declares in an XML declaration or a
// <meta> charset when it reads about as well. It is computed once and
// cached.
func (r *Response) ApparentEncoding() string {
	if r.apparent == "" {
		r.apparent = charset.Detect(r.Content())
	}
	return r.apparent
}

// Text returns the body decoded to UTF-8 with Encoding (see Encoding for
// how it is found when the server names none); a byte order mark is
// dropped, and bytes that are invalid in the encoding become U+FFFD.
func (r *Response) Text() string {
	content := r.Content()
	if r.Encoding == "" {
		r.Encoding = charset.Declared(r.Header.Get("Content-Type"), content)
	}
	if r.Encoding == "" {
		r.Encoding = r.ApparentEncoding()
	}
	return charset.Decode(content, r.Encoding)
}

// JSON decodes the body as JSON into v. It returns an error wrapping
// ErrJSONDecode when the body is not valid JSON.
func (r *Response) JSON(v any) error {
	content := r.Content()
	if r.readErr != nil {
		return r.readErr
	}
	data, err := jsonBytes(content, r.Encoding)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		e := &Error{Kind: ErrJSONDecode, URL: redactURL(r.URL), Err: err}
		if r.Request != nil {
			e.Method = r.Request.Method
		}
		return e
	}
	return nil
}

// RaiseForStatus returns a *HTTPError for a 4xx or 5xx status, nil
// otherwise.
func (r *Response) RaiseForStatus() error {
	if r.StatusCode >= 400 && r.StatusCode < 600 {
		return &HTTPError{Response: r}
	}
	return nil
}

// IsRedirect reports whether the response is a redirect that can be
// followed: a 301, 302, 303, 307 or 308 with a Location.
func (r *Response) IsRedirect() bool {
	return isRedirectStatus(r.StatusCode) && len(r.Header["Location"]) > 0
}

func isRedirectStatus(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// Links returns the parsed Link header, keyed by each link's rel (or its
// URL as written when it has no rel), as requests' Response.links; each
// URL is resolved against the response's URL, so that a relative
// </items?page=2> can be requested as it is (requests leaves it relative).
func (r *Response) Links() map[string]Link {
	vs := r.Header.Values("Link")
	if len(vs) == 0 {
		return map[string]Link{}
	}
	links := ParseLinks(strings.Join(vs, ", "))
	out := make(map[string]Link, len(links))
	for _, l := range links {
		key := l.Rel()
		if key == "" {
			key = l.URL
		}
		if ref, err := url.Parse(l.URL); err == nil && r.URL != nil {
			l.URL = r.URL.ResolveReference(ref).String()
		}
		out[key] = l
	}
	return out
}

// Close releases the response. Without Stream(true) the body was already
// read and the connection returned to the pool, and Close does nothing. In
// stream mode it abandons what is left of the body, also after Reader,
// IterContent or IterLines handed it out (the connection is then not
// reused unless the body had been read to its end). Close is always safe:
// on a nil Response, twice, and from another goroutine during a read of
// the body, which it aborts (the read returns an error, and an IterContent
// loop ends). It returns nil.
func (r *Response) Close() error {
	if r == nil || r.live == nil {
		return nil
	}
	return r.live.Close()
}

// String returns "<Response [200]>".
func (r *Response) String() string {
	return "<Response [" + strconv.Itoa(r.StatusCode) + "]>"
}

// jsonBytes returns content as UTF-8 JSON: transcoded when encoding (or, if
// none, a UTF-16/32 pattern of the first bytes) says so, with a UTF-8 BOM
// removed.
func jsonBytes(content []byte, encoding string) ([]byte, error) {
	if bom := charset.BOM(content); bom != "" {
		encoding = bom // a byte order mark wins over the header, as in the WHATWG decode
	} else if encoding == "" {
		encoding = charset.GuessJSONUTF(content)
	}
	if !charset.IsUTF8(encoding) {
		s, err := charset.DecodeStrict(content, encoding)
		if err != nil {
			return nil, err
		}
		content = []byte(s)
	}
	return bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")), nil
}

// latin1 returns s decoded as ISO-8859-1 when it is not valid UTF-8, as
// Python's http.client decodes a status line.
func latin1(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
