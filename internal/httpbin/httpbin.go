// Package httpbin is the project's own in-process httpbin: the endpoints
// of httpbin.org that the library's tests, examples, tour, parity suite and
// command-line goldens use, with the response shapes of go-httpbin v2 (maps
// of string arrays for args, headers, form and files), which they were
// written against. It keeps the library's go.mod free of test-only modules.
//
// Start one with httptest.NewServer(httpbin.New()). Handlers that wait
// (/delay, /drip, /range?duration=) stop when the client goes away, so
// closing the server never leaves a goroutine behind.
package httpbin

import (
	"encoding/json"
	"net/http"
	"time"
)

const (
	// maxBodySize bounds a request body and a generated response body.
	maxBodySize = 1 << 20
	// maxDuration bounds what a client may ask a handler to wait.
	maxDuration = 10 * time.Second
)

const (
	binaryType = "application/octet-stream"
	htmlType   = "text/html; charset=utf-8"
	jsonType   = "application/json; charset=utf-8"
	textType   = "text/plain; charset=utf-8"
)

// New returns the httpbin handler.
func New() http.Handler {
	mux := http.NewServeMux()
	// Method-bound routes: a GET route also answers HEAD; another method
	// gets the mux's 405.
	mux.HandleFunc("GET /{$}", index)
	mux.HandleFunc("GET /get", get)
	mux.HandleFunc("HEAD /head", get)
	mux.HandleFunc("POST /post", withBody)
	mux.HandleFunc("PUT /put", withBody)
	mux.HandleFunc("PATCH /patch", withBody)
	mux.HandleFunc("DELETE /delete", withBody)
	mux.HandleFunc("GET /encoding/utf8", utf8Page)

	mux.HandleFunc("/anything", anything)
	mux.HandleFunc("/anything/", anything)
	mux.HandleFunc("/headers", headers)
	mux.HandleFunc("/ip", ip)
	mux.HandleFunc("/user-agent", userAgent)
	mux.HandleFunc("/uuid", uuid)
	mux.HandleFunc("/gzip", gzipped)
	mux.HandleFunc("/deflate", deflated)
	mux.HandleFunc("/brotli", notImplemented) // as go-httpbin: not served
	mux.HandleFunc("/response-headers", responseHeaders)
	mux.HandleFunc("/cache", cache)
	mux.HandleFunc("/cache/{seconds}", cacheFor)
	mux.HandleFunc("/etag/{etag}", etag)

	mux.HandleFunc("/status/{code}", status)
	mux.HandleFunc("/redirect/{n}", redirect)
	mux.HandleFunc("/relative-redirect/{n}", relativeRedirect)
	mux.HandleFunc("/absolute-redirect/{n}", absoluteRedirect)
	mux.HandleFunc("/redirect-to", redirectTo)

	mux.HandleFunc("/cookies", cookies)
	mux.HandleFunc("/cookies/set", setCookies)
	mux.HandleFunc("/cookies/delete", deleteCookies)

	mux.HandleFunc("/basic-auth/{user}/{password}", basicAuth)
	mux.HandleFunc("/hidden-basic-auth/{user}/{password}", hiddenBasicAuth)
	mux.HandleFunc("/bearer", bearer)
	mux.HandleFunc("/digest-auth/{qop}/{user}/{password}", digestAuth)
	mux.HandleFunc("/digest-auth/{qop}/{user}/{password}/{algorithm}", digestAuth)

	mux.HandleFunc("/bytes/{n}", randomBytes)
	mux.HandleFunc("/stream-bytes/{n}", streamBytes)
	mux.HandleFunc("/stream/{n}", stream)
	mux.HandleFunc("/drip", drip)
	mux.HandleFunc("/range/{n}", byteRange)
	mux.HandleFunc("/delay/{duration}", delay)

	mux.HandleFunc("/json", jsonPage)
	mux.HandleFunc("/html", htmlPage)
	mux.HandleFunc("/base64/{data}", base64Page)
	mux.HandleFunc("/base64/{operation}/{data}", base64Page)

	return cors(headless(limitBody(mux)))
}

// cors lets any origin read every response, and answers a preflight
// (OPTIONS) itself.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" {
			origin = "*"
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
		if r.Method != http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		h.Set("Access-Control-Allow-Methods", "GET, POST, HEAD, PUT, DELETE, PATCH, QUERY, OPTIONS")
		h.Set("Access-Control-Max-Age", "3600")
		if v := r.Header.Get("Access-Control-Request-Headers"); v != "" {
			h.Set("Access-Control-Allow-Headers", v)
		}
		w.WriteHeader(http.StatusOK)
	})
}

// headless drops the body of every answer to HEAD, before net/http sees
// it: a HEAD response carries only the headers a handler set itself (no
// Content-Length computed from a body), as in go-httpbin.
func headless(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w = headWriter{w}
		}
		next.ServeHTTP(w, r)
	})
}

type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w headWriter) Flush()                      { http.NewResponseController(w.ResponseWriter).Flush() }

// limitBody refuses to read more than maxBodySize of a request body.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBodySize)
		}
		next.ServeHTTP(w, r)
	})
}

// writeJSON writes v indented by two spaces, HTML characters as they are,
// and a final newline: go-httpbin's layout, which goldens count bytes of.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", jsonType)
	w.WriteHeader(code)
	encodeJSON(w, v)
}

func encodeJSON(w interface{ Write([]byte) (int, error) }, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func write(w http.ResponseWriter, code int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(code)
	w.Write(body)
}

// problem is the body of every error: {"status_code", "error", "detail"}.
type problem struct {
	StatusCode int    `json:"status_code"`
	Error      string `json:"error"`
	Detail     string `json:"detail,omitempty"`
}

// fail answers code with a problem; err, if not nil, is its detail.
func fail(w http.ResponseWriter, code int, err error) {
	p := problem{StatusCode: code, Error: http.StatusText(code)}
	if err != nil {
		p.Detail = err.Error()
	}
	writeJSON(w, code, p)
}

func notImplemented(w http.ResponseWriter, _ *http.Request) { fail(w, http.StatusNotImplemented, nil) }

// clientGone is the status logged when the client left before the answer
// (nginx's 499); it never reaches the client.
const clientGone = 499
