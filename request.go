package requests

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// PreparedRequest is a request as it is sent: method, final URL, headers and
// body. Response.Request holds the one that produced a response.
type PreparedRequest struct {
	// Method is upper case, e.g. "GET".
	Method string
	// URL is the prepared URL: normalised, params added. It keeps any
	// credentials and fragment it was given (neither is sent as part of the
	// request target); print it with URL.Redacted.
	URL *url.URL
	// Header holds the headers sent, defaults included.
	Header http.Header
	// Body is the body sent when it was in memory, nil when it was streamed
	// from a reader or there was none.
	Body []byte

	payload payload
	opaque  bool // the URL bypassed HTTP normalisation
}

// prepare applies cfg to method and rawURL as requests' PreparedRequest does.
func prepare(method, rawURL string, cfg *config) (*PreparedRequest, error) {
	if cfg.err != nil {
		return nil, cfg.err
	}
	if method == "" {
		method = http.MethodGet
	} else if !validMethod(method) {
		return nil, errorf(ErrRequest, "invalid method %q", method)
	}
	method = upperASCII(method)
	query, err := encodeValues("Params", cfg.params)
	if err != nil {
		return nil, err
	}
	pu, err := prepareURL(rawURL, query)
	if err != nil {
		return nil, err
	}
	p, err := buildPayload(cfg)
	if err != nil {
		return nil, err
	}
	h := cfg.header
	if !cfg.ownHeader {
		h = cloneHeader(h, 3)
	}
	pr := &PreparedRequest{Method: method, URL: pu.u, Header: h, Body: p.bytes, payload: p, opaque: pu.opaque}
	if p.contentType != "" && len(h["Content-Type"]) == 0 {
		h["Content-Type"] = []string{p.contentType}
	}
	switch {
	case p.length > 0:
		h["Content-Length"] = []string{strconv.FormatInt(p.length, 10)}
	case p.length < 0:
		h["Transfer-Encoding"] = []string{"chunked"}
	case p.empty() && method != http.MethodGet && method != http.MethodHead && len(h["Content-Length"]) == 0:
		h["Content-Length"] = []string{"0"}
	}
	switch {
	case cfg.auth != nil:
		if err := cfg.auth.Authorize(pr); err != nil {
			return nil, err
		}
	case pu.u.User != nil:
		pass, _ := pu.u.User.Password()
		setBasicAuth(h, pu.u.User.Username(), pass)
	default:
		applyNetrc(pr, cfg)
	}
	return pr, nil
}

// clone returns a copy of r with its own Header.
func (r *PreparedRequest) clone() *PreparedRequest {
	c := *r
	c.Header = cloneHeader(r.Header, 0)
	return &c
}

// cloneHeader copies h with room for extra more keys.
func cloneHeader(h http.Header, extra int) http.Header {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	all := make([]string, n)
	out := make(http.Header, len(h)+extra)
	for k, vs := range h {
		m := copy(all, vs)
		out[k] = all[:m:m]
		all = all[m:]
	}
	return out
}

func validMethod(m string) bool {
	for i := 0; i < len(m); i++ {
		if c := m[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
