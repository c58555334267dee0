package requests

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-requests/requests/internal/multipart"
	"github.com/go-requests/requests/internal/urlprep"
)

// kind is a sentinel error of the package's hierarchy. A kind matches its
// parents under errors.Is, the way a Python exception is an instance of its
// base classes.
type kind struct {
	name    string
	parents []error
}

func (k *kind) Error() string   { return "requests: " + k.name }
func (k *kind) Unwrap() []error { return k.parents }

func newKind(name string, parents ...error) error { return &kind{name: name, parents: parents} }

// The kinds of error the package returns. Every error wraps ErrRequest and,
// where it applies, one or more of the others; match them with errors.Is.
var (
	// ErrRequest is the root of every error the package returns
	// (requests.RequestException).
	ErrRequest = newKind("request error")
	// ErrHTTP is the kind of the *HTTPError that Response.RaiseForStatus
	// returns for a 4xx or 5xx status.
	ErrHTTP = newKind("HTTP error", ErrRequest)
	// ErrConnection means the connection could not be made or broke before
	// the response headers arrived.
	ErrConnection = newKind("connection error", ErrRequest)
	// ErrProxy is a failure to reach or use a proxy; it is also ErrConnection.
	ErrProxy = newKind("proxy error", ErrConnection)
	// ErrSSL is a TLS failure (handshake, certificate); it is also
	// ErrConnection.
	ErrSSL = newKind("TLS error", ErrConnection)
	// errProxySSL is a TLS failure with an https proxy: ErrProxy, as
	// requests names it, and ErrSSL.
	errProxySSL = newKind("proxy TLS error", ErrProxy, ErrSSL)
	// ErrTimeout is any timeout, including a context deadline.
	ErrTimeout = newKind("timeout", ErrRequest)
	// ErrConnectTimeout means the connection was not established in time; it
	// is also ErrConnection and ErrTimeout.
	ErrConnectTimeout = newKind("connect timeout", ErrConnection, ErrTimeout)
	// ErrReadTimeout means the server stayed silent longer than the read
	// timeout, before or during the body; it is also ErrTimeout.
	ErrReadTimeout = newKind("read timeout", ErrTimeout)
	// ErrTooManyRedirects means more redirects than MaxRedirects allows; the
	// *Error carries the last response.
	ErrTooManyRedirects = newKind("too many redirects", ErrRequest)
	// ErrURLRequired means no URL was given.
	ErrURLRequired = newKind("URL required", ErrRequest)
	// ErrInvalidURL means the URL cannot be used.
	ErrInvalidURL = newKind("invalid URL", ErrRequest)
	// ErrMissingSchema means the URL has no scheme; it is also ErrInvalidURL.
	ErrMissingSchema = newKind("missing scheme", ErrInvalidURL)
	// ErrInvalidSchema means no transport handles the URL's scheme; it is
	// also ErrInvalidURL.
	ErrInvalidSchema = newKind("invalid scheme", ErrInvalidURL)
	// errNoURL is an empty URL: ErrMissingSchema, as requests names it,
	// and ErrURLRequired.
	errNoURL = newKind("missing scheme", ErrMissingSchema, ErrURLRequired)
	// ErrInvalidHeader means a header name or value cannot be sent (CR or LF,
	// leading white space, a colon or a space in the name), or a response's
	// Content-Length values contradict each other.
	ErrInvalidHeader = newKind("invalid header", ErrRequest)
	// ErrInvalidJSON means a JSON body cannot be encoded (NaN, infinities,
	// unsupported types).
	ErrInvalidJSON = newKind("invalid JSON", ErrRequest)
	// ErrJSONDecode means a response body is not valid JSON; it is also
	// ErrInvalidJSON.
	ErrJSONDecode = newKind("JSON decode error", ErrInvalidJSON)
	// ErrChunkedEncoding means the body was cut short: shorter than its
	// Content-Length, a broken chunked encoding, or a connection lost
	// mid-body.
	ErrChunkedEncoding = newKind("body cut short", ErrRequest)
	// ErrContentDecoding means the body's Content-Encoding (gzip, deflate,
	// br, zstd) could not be decoded.
	ErrContentDecoding = newKind("content decoding error", ErrRequest)
	// ErrStreamConsumed means a streamed body was read a second time.
	ErrStreamConsumed = newKind("stream already consumed", ErrRequest)
	// ErrRetry means retries were exhausted.
	ErrRetry = newKind("retries exhausted", ErrRequest)
	// ErrUnrewindableBody means a body had to be sent again (a 307 or 308
	// redirect) but could not be rewound.
	ErrUnrewindableBody = newKind("body cannot be rewound", ErrRequest)
)

// Error is the error the package returns for a request that failed. Kind is
// one of the package's sentinels; Err is the cause (a *url.Error, a
// net.Error, a context error, ...), kept so that no caller has to read the
// message. errors.Is matches both.
type Error struct {
	// Kind is the sentinel that classifies the failure, e.g. ErrReadTimeout.
	Kind error
	// Method and URL name the request when one was being sent; URL has any
	// password redacted.
	Method, URL string
	// Err is the underlying cause; it may be nil.
	Err error
	// Response is the last response received, when there is one: set for
	// ErrTooManyRedirects. Its body has been read and closed.
	Response *Response
}

// Error reads "requests: <kind>: <method> <url>: <cause>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.Method != "" || e.URL != "" {
		b.WriteString(": ")
		b.WriteString(e.Method)
		if e.Method != "" && e.URL != "" {
			b.WriteByte(' ')
		}
		b.WriteString(e.URL)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the kind and the cause, so errors.Is and errors.As see both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Timeout reports whether the error is a timeout: ErrTimeout or any kind
// under it (ErrConnectTimeout, ErrReadTimeout, a Total timeout), as
// net.Error's Timeout does, so that (*url.Error).Timeout and os.IsTimeout
// see it through an http.Client.
func (e *Error) Timeout() bool { return e != nil && errors.Is(e, ErrTimeout) }

// errorf returns an *Error of the given kind whose cause is formatted.
func errorf(k error, format string, args ...any) *Error {
	return &Error{Kind: k, Err: fmt.Errorf(format, args...)}
}

// internalError gives an error of the internal machinery (URL
// preparation, multipart bodies) its public kind, keeping it as the cause.
// It is the one place where their errors are mapped; an error of another
// origin, and nil, are returned as they are.
func internalError(err error) error {
	var bad *urlprep.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &bad):
		k := ErrInvalidURL
		switch bad.Kind {
		case urlprep.MissingScheme:
			k = ErrMissingSchema
		case urlprep.Empty:
			k = errNoURL
		}
		return &Error{Kind: k, Err: err}
	case errors.Is(err, multipart.ErrUnrewindable):
		return &Error{Kind: ErrUnrewindableBody, Err: err}
	}
	return err
}

// urlErr describes a bad URL, with any password in it redacted, for the
// Err of an *Error: "<url>": <problem>[: <cause>].
func urlErr(raw, problem string, cause error) error {
	return &urlprep.Error{URL: redactRaw(raw), Problem: problem, Err: cause}
}

// redactURL prints u with its password replaced by "xxxxx".
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Redacted()
}

// redactRaw hides the password of a URL that may not parse.
func redactRaw(s string) string { return urlprep.Redacted(s) }

// HTTPError is the error Response.RaiseForStatus returns for a 4xx or 5xx
// status. It matches ErrHTTP and ErrRequest.
type HTTPError struct {
	// Response is the response whose status was an error.
	Response *Response
}

// Error reads exactly like requests:
// "404 Client Error: Not Found for url: http://host/path".
func (e *HTTPError) Error() string {
	side := "Server"
	if e.Response.StatusCode < 500 {
		side = "Client"
	}
	return fmt.Sprintf("%d %s Error: %s for url: %s", e.Response.StatusCode, side, e.Response.Reason(), redactURL(e.Response.URL))
}

// Unwrap returns ErrHTTP.
func (e *HTTPError) Unwrap() error { return ErrHTTP }

// userError wraps an error returned by a user's Authenticator, Challenger
// or hook so that it matches ErrRequest too; one that does already is
// returned as it is.
func userError(who string, pr *PreparedRequest, err error) error {
	if errors.Is(err, ErrRequest) {
		return err
	}
	e := &Error{Kind: ErrRequest, Err: fmt.Errorf("%s: %w", who, err)}
	if pr != nil {
		e.Method, e.URL = pr.Method, redactURL(pr.URL)
	}
	return e
}
