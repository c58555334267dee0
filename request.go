package requests

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-requests/requests/internal/redact"
	"github.com/go-requests/requests/internal/urlprep"
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
	opaque  bool           // the URL bypassed HTTP normalisation
	redact  *redact.Policy // what Curl and the Logger hide; nil: the defaults
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
	pr := newPreparedRequest(&pu, cfg.header, !cfg.ownHeader)
	pr.Method, pr.Body, pr.payload = method, p.bytes, p
	if len(cfg.redact) > 0 {
		pr.redact = redact.New(cfg.redact...)
	}
	h := pr.Header
	if p.contentType != "" && len(h["Content-Type"]) == 0 {
		h["Content-Type"] = []string{p.contentType}
	}
	switch {
	case p.length > 0:
		h["Content-Length"] = []string{strconv.FormatInt(p.length, 10)}
	case p.length < 0:
		h["Transfer-Encoding"] = []string{"chunked"}
	case p.empty() && sendsEmptyBody(method) && len(h["Content-Length"]) == 0:
		h["Content-Length"] = []string{"0"}
	}
	switch {
	case cfg.auth != nil:
		if err := cfg.auth.Authorize(pr); err != nil {
			return nil, userError("Authenticator", pr, err)
		}
	case pr.URL.User != nil:
		pass, _ := pr.URL.User.Password()
		setBasicAuth(h, pr.URL.User.Username(), pass)
	default:
		applyNetrc(pr, cfg)
	}
	return pr, nil
}

// prepareURL turns rawURL and the encoded query into the URL to send, as
// requests' prepare_url does (see internal/urlprep).
func prepareURL(rawURL, query string) (urlprep.Prepared, error) {
	pu, err := urlprep.Prepare(rawURL, query)
	return pu, internalError(err)
}

// preparedAlloc is a PreparedRequest with its URL and the values of its
// headers, allocated together.
type preparedAlloc struct {
	pr   PreparedRequest
	url  url.URL
	vals [4]string // the four default headers fit
}

// newPreparedRequest returns a PreparedRequest for pu whose Header is h, or
// a copy of h with room for a few more keys when clone is set.
func newPreparedRequest(pu *urlprep.Prepared, h http.Header, clone bool) *PreparedRequest {
	a := &preparedAlloc{url: pu.URL}
	if clone {
		h = cloneHeaderInto(h, 3, a.vals[:])
	}
	a.pr = PreparedRequest{URL: &a.url, Header: h, opaque: pu.Opaque}
	return &a.pr
}

// clone returns a copy of r with its own Header.
func (r *PreparedRequest) clone() *PreparedRequest {
	c := *r
	c.Header = cloneHeader(r.Header, 0)
	return &c
}

// cloneHeader copies h with room for extra more keys.
func cloneHeader(h http.Header, extra int) http.Header {
	return cloneHeaderInto(h, extra, nil)
}

// cloneHeaderInto is cloneHeader keeping the values in backing when they
// fit there.
func cloneHeaderInto(h http.Header, extra int, backing []string) http.Header {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	all := backing[:min(n, len(backing))]
	if n > len(backing) {
		all = make([]string, n)
	}
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
