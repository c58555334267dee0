package requests

// This file names the errors of an exchange: the kind (ErrConnection,
// ErrReadTimeout, ...) a failure of the engine, a RoundTripper or the
// caller's context is reported as.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"

	"github.com/go-requests/requests/internal/wire"
)

// Where an exchange failed, for naming its error.
type phase uint8

const (
	beforeBody   phase = iota // before the response headers
	inBody                    // reading the body from the connection
	decodingBody              // decoding the body's content coding
)

// fail names an error of the exchange.
func (x *exchange) fail(err error, at phase) *Error {
	e := &Error{Method: x.pr.Method, URL: redactURL(x.pr.URL), Err: err}
	var (
		we      *wire.Error
		invalid *wire.InvalidError
		bad     *wire.ProtocolError
	)
	cause := x.cause(err)
	switch {
	case errors.As(err, &invalid):
		e.Kind = ErrInvalidHeader
		if invalid.What == "request target" || invalid.What == "method" {
			e.Kind = ErrInvalidURL
		}
	case errors.As(err, &bad) && bad.Field != "":
		e.Kind = ErrInvalidHeader // Content-Length values that conflict, as requests names them
	case x.timer != nil && x.timer.Fired():
		e.Kind, e.Err = ErrReadTimeout, &wire.TimeoutError{Limit: x.timer.Limit()}
	case cause != nil:
		e.Kind, e.Err = ErrRequest, cause
		if errors.Is(cause, context.DeadlineExceeded) {
			e.Kind = ErrTimeout
		}
	case at == decodingBody:
		e.Kind = ErrContentDecoding
	case errors.As(err, &we):
		e.Kind = engineKind(we)
		if e.Kind == ErrConnection && at == beforeBody && x.forwardsToProxy() {
			e.Kind = ErrProxy // the forwarding proxy failed to answer, as requests says
		}
	case at == inBody:
		e.Kind = ErrChunkedEncoding
	default:
		e.Kind = connectionKind(err)
	}
	return e
}

// cause returns why the caller's context ended the exchange, or nil when
// it did not.
func (x *exchange) cause(err error) error {
	if x.timer != nil {
		if c := x.timer.cause(); c != nil && c != errExchangeDone {
			return c
		}
		return nil
	}
	var we *wire.Error
	if errors.As(err, &we) && (errors.Is(we.Err, context.Canceled) || errors.Is(we.Err, context.DeadlineExceeded)) {
		return we.Err
	}
	return nil
}

// engineKind names an error of the engine by the phase it happened in.
func engineKind(e *wire.Error) error {
	var timeout *wire.TimeoutError
	isTimeout := errors.As(e.Err, &timeout)
	switch e.Op {
	case "dial", "tls":
		return connectionKind(e.Err)
	case "proxy":
		switch k := connectionKind(e.Err); k {
		case ErrConnection:
			return ErrProxy
		case ErrSSL:
			return errProxySSL // requests' ProxyError, around an SSLError
		default:
			return k
		}
	case "body":
		if isTimeout {
			return ErrReadTimeout
		}
		return ErrChunkedEncoding
	}
	if isTimeout {
		return ErrReadTimeout
	}
	if connectionKind(e.Err) == ErrSSL {
		return ErrSSL // under TLS 1.3 a refused client certificate comes with the first read
	}
	return ErrConnection
}

// connectionKind names a failure before the response headers.
func connectionKind(err error) error {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		record           tls.RecordHeaderError
		alert            tls.AlertError
		netErr           net.Error
		opErr            *net.OpError
		timeout          *wire.TimeoutError
	)
	switch {
	case errors.As(err, &verification), errors.As(err, &unknownAuthority), errors.As(err, &hostname),
		errors.As(err, &invalid), errors.As(err, &record), errors.As(err, &alert):
		return ErrSSL
	case errors.As(err, &opErr) && (opErr.Op == "remote error" || opErr.Op == "local error"):
		// crypto/tls reports TLS alerts, sent or received, this way.
		return ErrSSL
	case errors.As(err, &timeout) && !timeout.Connect:
		return ErrReadTimeout
	case errors.As(err, &netErr) && netErr.Timeout():
		// Before the headers, a RoundTripper enforces no other timeout
		// than the dial's and the TLS handshake's.
		return ErrConnectTimeout
	}
	return ErrConnection
}
