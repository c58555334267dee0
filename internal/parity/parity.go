// Package parity is the echo server of the parity suite: internal/httpbin with a
// recorder in front, so that Python requests and this library can be run
// through the same scenarios and what each sent compared byte for byte.
//
// Every request is appended to a log, which GET /_log returns as JSON and
// clears. GET /_bytes?ct=TYPE&b64=BODY answers with exactly that
// Content-Type and body, for what httpbin cannot show.
package parity

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-requests/requests/internal/httpbin"
)

// Sent is one request as the server received it.
type Sent struct {
	Method  string              `json:"method"`
	Target  string              `json:"target"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	Framing string              `json:"framing"`
	Body    string              `json:"body"`
}

// Server records requests and serves httpbin behind the recorder.
type Server struct {
	mu  sync.Mutex
	log []Sent
	bin http.Handler
}

// New returns an echo server.
func New() *Server { return &Server{bin: httpbin.New()} }

// Take returns the requests recorded since the last call, and forgets them.
func (s *Server) Take() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.log
	s.log = nil
	if log == nil {
		log = []Sent{}
	}
	return log
}

// ignored are the headers left out of the comparison: the User-Agent names
// the client, and the framing is recorded on its own.
var ignored = map[string]bool{"User-Agent": true, "Content-Length": true, "Transfer-Encoding": true}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_log":
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.Take())
		return
	}
	body, _ := io.ReadAll(r.Body)
	rec := Sent{Method: r.Method, Target: r.RequestURI, Host: r.Host, Headers: map[string][]string{}, Body: text(body)}
	for k, v := range r.Header {
		if !ignored[k] {
			rec.Headers[k] = v
		}
	}
	switch {
	case len(r.TransferEncoding) > 0:
		rec.Framing = strings.Join(r.TransferEncoding, ",")
	case r.Header.Get("Content-Length") != "":
		rec.Framing = "length " + r.Header.Get("Content-Length")
	default:
		rec.Framing = "none"
	}
	s.mu.Lock()
	s.log = append(s.log, rec)
	s.mu.Unlock()
	if r.URL.Path == "/_bytes" {
		b, err := base64.StdEncoding.DecodeString(r.URL.Query().Get("b64"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if ct := r.URL.Query().Get("ct"); ct != "" {
			w.Header().Set("Content-Type", ct)
		} else {
			w.Header()["Content-Type"] = nil
		}
		w.Write(b)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.bin.ServeHTTP(w, r)
}

// text is b as a string when it is UTF-8, else "base64:" and its encoding.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return "base64:" + base64.StdEncoding.EncodeToString(b)
}
