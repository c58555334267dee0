package requeststest

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
)

// Handler returns an http.RoundTripper that serves each request with h, in
// the caller's process: no listener, no port, no network. The handler sees
// a request as a server would (RequestURI, Host, RemoteAddr 192.0.2.1:1234,
// TLS for an https URL) and reads the caller's body as it is sent; it runs
// in a goroutine of its own, with a context that ends when the request's
// context does or when the caller closes the response Body.
//
// The response is what an HTTP/1.1 server would answer: a handler that
// returns before writing 2 KiB gives a response with a Content-Length; one
// that writes more, or calls Flush, streams its body, which the caller
// reads as it is written (a handler of server-sent events works). A
// Content-Type the handler does not set is sniffed, HEAD responses have no
// body, and trailers are passed on. Response.Request is the caller's
// request. A handler that panics makes the request fail with an error
// (the stack goes to the standard logger, as net/http's does), or, once
// the body streams, the body's read.
func Handler(h http.Handler) http.RoundTripper {
	return handlerTransport{h}
}

type handlerTransport struct{ h http.Handler }

// sendBuffer is how much of the body a handler may write before its
// response is sent: net/http's bufferBeforeChunkingSize.
const sendBuffer = 2048

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	hctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	w := &responseWriter{
		req:    req,
		header: make(http.Header),
		pw:     pw,
		body:   &pipeBody{pr, cancel},
		gone:   hctx.Done(),
		ready:  make(chan result, 1),
	}
	// The caller gives up: the handler's writes fail and the caller's
	// reads return why.
	stop := context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })
	go w.serve(t.h, serverRequest(hctx, req), func() { stop(); cancel() })
	select {
	case r := <-w.ready:
		return r.resp, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// serverRequest returns req as a server's handler receives it.
func serverRequest(ctx context.Context, req *http.Request) *http.Request {
	r := req.Clone(ctx)
	r.RequestURI = req.URL.RequestURI()
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		r.URL = u
	}
	r.Host = req.Host
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.RemoteAddr = "192.0.2.1:1234" // TEST-NET-1, as httptest.NewRequest says
	if r.Proto == "" {
		r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	}
	if r.Body == nil {
		r.Body, r.ContentLength = http.NoBody, 0
	}
	r.GetBody = nil
	delete(r.Header, "Host")
	if req.URL.Scheme == "https" {
		r.TLS = &tls.ConnectionState{
			Version:           tls.VersionTLS13,
			HandshakeComplete: true,
			ServerName:        req.URL.Hostname(),
		}
	}
	return r
}

// closeBody closes the caller's request body, as a RoundTripper must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

type result struct {
	resp *http.Response
	err  error
}

// pipeBody is a streamed response body: closing it is hanging up, which
// ends the handler's context.
type pipeBody struct {
	*io.PipeReader
	cancel context.CancelFunc
}

func (b *pipeBody) Close() error {
	b.cancel()
	return b.PipeReader.Close()
}

// responseWriter is the http.ResponseWriter and http.Flusher of a handler
// served by Handler. Only the handler's goroutine uses it, but for ready,
// on which the response is sent once, and the pipe of a streamed body.
type responseWriter struct {
	req     *http.Request // the caller's
	header  http.Header   // the handler's, as it changes
	sent    http.Header   // header when WriteHeader was called
	status  int
	buf     []byte // the start of the body, until the response is sent
	written int64
	resp    *http.Response // set once the response was sent
	pw      *io.PipeWriter
	body    *pipeBody
	gone    <-chan struct{} // closed when the caller hung up
	ready   chan result
}

// serve runs the handler and finishes the response; done ends the
// handler's context.
func (w *responseWriter) serve(h http.Handler, r *http.Request, done func()) {
	returned := false
	defer func() {
		var err error
		switch p := recover(); {
		case returned:
		case p == nil:
			err = fmt.Errorf("requeststest: the handler for %s %s exited (runtime.Goexit, t.FailNow?)", w.req.Method, w.req.URL.Redacted())
		case p == http.ErrAbortHandler:
			err = fmt.Errorf("requeststest: the handler for %s %s aborted: %w", w.req.Method, w.req.URL.Redacted(), http.ErrAbortHandler)
		default:
			log.Printf("requeststest: panic serving %s %s: %v\n%s", w.req.Method, w.req.URL.Redacted(), p, debug.Stack())
			err = fmt.Errorf("requeststest: the handler for %s %s panicked: %v", w.req.Method, w.req.URL.Redacted(), p)
		}
		if err != nil {
			if w.resp == nil {
				w.ready <- result{err: err}
			} else {
				w.pw.CloseWithError(err)
			}
		}
		done()
		closeBody(r)
	}()
	h.ServeHTTP(w, r)
	returned = true
	w.finish()
}

// Header returns the header map that WriteHeader sends.
func (w *responseWriter) Header() http.Header { return w.header }

// WriteHeader sets the status. Informational statuses (1xx) are not
// passed on; a second call is ignored, as net/http ignores it.
func (w *responseWriter) WriteHeader(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code)) // as net/http
	}
	if w.status != 0 || (code < 200 && code != http.StatusSwitchingProtocols) {
		return
	}
	w.status = code
	w.sent = w.header.Clone()
}

// Write writes to the body. The first 2 KiB are kept until the handler
// returns or flushes; past them the response is sent and each Write waits
// for the caller to read it.
func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.written += int64(len(p))
	if w.resp == nil {
		if len(w.buf)+len(p) <= sendBuffer {
			w.buf = append(w.buf, p...)
			return len(p), nil
		}
		if err := w.send(p); err != nil {
			return 0, err
		}
	}
	if w.req.Method == http.MethodHead {
		return len(p), nil // a HEAD response has no body
	}
	return w.write(p)
}

// write writes to the streamed body. Once the caller hung up it fails,
// as a write to a closed connection does, even if the pipe has not been
// closed yet.
func (w *responseWriter) write(p []byte) (int, error) {
	select {
	case <-w.gone:
		return 0, io.ErrClosedPipe
	default:
		return w.pw.Write(p)
	}
}

// Flush sends the response, if it was not sent yet, and what the body
// holds.
func (w *responseWriter) Flush() { w.FlushError() }

// FlushError is Flush, returning the error of a caller that went away; it
// is what http.ResponseController calls.
func (w *responseWriter) FlushError() error {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.resp == nil {
		return w.send(nil)
	}
	return nil
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// response returns the response for what the handler has set; the
// Content-Type, when the handler did not set it, is sniffed from the
// start of the body.
func (w *responseWriter) response(start []byte) *http.Response {
	if _, set := w.sent["Content-Type"]; !set && w.sent.Get("Content-Encoding") == "" && len(start) > 0 {
		w.sent.Set("Content-Type", http.DetectContentType(start))
	}
	resp := &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		Body:          http.NoBody,
		ContentLength: -1,
		Request:       w.req,
	}
	if cl, err := strconv.ParseInt(w.sent.Get("Content-Length"), 10, 64); err == nil && cl >= 0 {
		resp.ContentLength = cl
	}
	if !bodyAllowed(w.status) {
		resp.ContentLength = 0
	}
	if names := w.sent.Values("Trailer"); len(names) > 0 {
		resp.Trailer = make(http.Header)
		for _, list := range names {
			for _, name := range strings.Split(list, ",") {
				if name = strings.TrimSpace(name); name != "" {
					resp.Trailer[http.CanonicalHeaderKey(name)] = nil
				}
			}
		}
		delete(resp.Header, "Trailer")
	}
	return resp
}

// send sends the response with a body that streams, then writes what the
// handler wrote before; next is what it is writing now.
func (w *responseWriter) send(next []byte) error {
	start := w.buf
	if len(start) < 512 && len(next) > 0 {
		start = append(start[:len(start):len(start)], next[:min(len(next), 512-len(start))]...)
	}
	resp := w.response(start)
	head := w.req.Method == http.MethodHead
	if !head && bodyAllowed(w.status) {
		resp.Body = w.body
		if resp.ContentLength < 0 {
			resp.TransferEncoding = []string{"chunked"}
		}
	}
	w.resp = resp
	w.ready <- result{resp: resp}
	buf := w.buf
	w.buf = nil
	if head || len(buf) == 0 {
		return nil
	}
	_, err := w.write(buf)
	return err
}

// finish ends the response once the handler returned: it is sent whole
// if it was not sent yet, or its streamed body ends.
func (w *responseWriter) finish() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.resp != nil {
		w.trailers(w.resp)
		w.pw.CloseWithError(w.req.Context().Err()) // nil, the end of the body, unless the caller gave up
		return
	}
	resp := w.response(w.buf)
	if bodyAllowed(w.status) && resp.Header.Get("Content-Length") == "" && resp.Header.Get("Transfer-Encoding") == "" &&
		(w.req.Method != http.MethodHead || w.written > 0) {
		resp.ContentLength = w.written
		resp.Header.Set("Content-Length", strconv.FormatInt(w.written, 10))
	}
	if w.req.Method != http.MethodHead && len(w.buf) > 0 {
		resp.Body = io.NopCloser(bytes.NewReader(w.buf))
	}
	w.trailers(resp)
	w.pw.Close()
	w.resp = resp
	w.ready <- result{resp: resp}
}

// trailers sets the trailers the handler declared in its Trailer header,
// and those it set with the http.TrailerPrefix, as the caller sees them
// at the end of the body.
func (w *responseWriter) trailers(resp *http.Response) {
	for name := range resp.Trailer {
		resp.Trailer[name] = w.header.Values(name)
	}
	for name, vs := range w.header {
		if after, ok := strings.CutPrefix(name, http.TrailerPrefix); ok {
			if resp.Trailer == nil {
				resp.Trailer = make(http.Header)
			}
			resp.Trailer[http.CanonicalHeaderKey(after)] = vs
		}
	}
}

var _ interface {
	http.ResponseWriter
	http.Flusher
} = (*responseWriter)(nil)
