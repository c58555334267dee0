// Package requests is HTTP for humans, in Go: the one-call ergonomics of
// Python's requests library, with contexts, errors.Is and iterators, on an
// HTTP/1.1 and HTTP/2 engine of its own (HTTP/2 framed by
// golang.org/x/net/http2) that speaks net/http's types; Transport puts
// net/http's back if need be.
//
//	resp, err := requests.Get(ctx, "http://127.0.0.1:8080/get",
//		requests.Params{"name": "Peter"})
//	if err != nil {
//		return err
//	}
//	defer resp.Close()
//	fmt.Println(resp.StatusCode, resp.Text())
//
// # Calling
//
// The package verbs ([Get], [Head], [Post], [Put], [Patch], [Delete],
// [Options] and [Do]) share one default [Session], so keep-alive connections
// are reused between calls. A [Session] of your own carries defaults (headers,
// auth, timeouts) that every request made through it inherits; a value given
// to one request wins over the Session's, and maps merge key by key.
//
// When a verb returns a nil error, the *[Response] is non-nil and its body has
// been read (unless [Stream] was asked for); a 404 or a 500 is not an error
// until [Response.RaiseForStatus] makes it one. When it returns an error, the
// Response is nil and the error wraps [ErrRequest] and the more precise kind
// ([ErrConnection], [ErrReadTimeout], [ErrInvalidURL], ...), which
// errors.Is matches the way Python's exception hierarchy does.
//
// # Timeouts
//
// No call hangs forever by default: unless the caller says otherwise,
// connecting may take [DefaultConnectTimeout] and the server may stay silent
// for [DefaultReadTimeout] between two reads. [Timeout] sets both, and Total
// bounds a whole call including its redirects; [NoTimeout] lifts a limit.
//
// # Redirects
//
// Redirects are followed as Python's requests follows them (method rewriting,
// body dropping, Authorization stripped on a change of host), up to
// [MaxRedirects] (30 by default); [Response.History] holds the hops, oldest
// first. [Head] does not follow redirects unless [AllowRedirects] says so.
package requests

// Version is the module's semantic version.
const Version = "0.1.0"

// Copyright is the module's copyright line.
const Copyright = "Copyright 2026 The requests for Go Authors"

// userAgent is the default User-Agent header.
const userAgent = "go-requests/" + Version
