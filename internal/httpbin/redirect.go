package httpbin

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// special is what /status/N adds to a bare status line for some codes.
type special struct {
	header map[string]string
	body   string
}

var toRedirect1 = special{header: map[string]string{"Location": "/redirect/1"}}

var specials = map[int]special{
	300: {header: map[string]string{"Location": "/image/jpeg"}, body: `<!doctype html>
<head>
<title>Multiple Choices</title>
</head>
<body>
<ul>
<li><a href="/image/jpeg">/image/jpeg</a></li>
<li><a href="/image/png">/image/png</a></li>
<li><a href="/image/svg">/image/svg</a></li>
</body>
</html>`},
	301: toRedirect1,
	302: toRedirect1,
	303: toRedirect1,
	305: toRedirect1,
	307: toRedirect1,
	308: {header: map[string]string{"Location": "/image/jpeg"}, body: `<!doctype html>
<head>
<title>Permanent Redirect</title>
</head>
<body>Permanently redirected to <a href="/image/jpeg">/image/jpeg</a>
</body>
</html>`},
	401: {header: map[string]string{"WWW-Authenticate": `Basic realm="Fake Realm"`}},
	402: {header: map[string]string{"X-More-Info": "http://vimeo.com/22053820"}, body: "Fuck you, pay me!"},
	406: {header: map[string]string{"Content-Type": jsonType}, body: `{
  "message": "Client did not request a supported media type",
  "accept": [
    "image/webp",
    "image/svg+xml",
    "image/jpeg",
    "image/png",
    "image/"
  ]
}
`},
	407: {header: map[string]string{"Proxy-Authenticate": `Basic realm="Fake Realm"`}},
	418: {header: map[string]string{"X-More-Info": "http://tools.ietf.org/html/rfc2324"}, body: "I'm a teapot!"},
}

// status answers /status/N with N, or /status/A,B:w,... with one of the
// codes chosen at random, each weighted (1 unless given).
func status(w http.ResponseWriter, r *http.Request) {
	raw := r.PathValue("code")
	if !strings.Contains(raw, ",") {
		code, err := statusCode(raw, 100, 599)
		if err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		writeStatus(w, code)
		return
	}
	var codes []int
	var weights []float64
	total := 0.0
	for choice := range strings.SplitSeq(raw, ",") {
		c, wt, found := strings.Cut(choice, ":")
		weight := 1.0
		if found {
			var err error
			if weight, err = strconv.ParseFloat(wt, 64); err != nil {
				fail(w, http.StatusBadRequest, fmt.Errorf("invalid weight value: %q", wt))
				return
			}
		}
		code, err := strconv.Atoi(c)
		if err != nil {
			fail(w, http.StatusBadRequest, fmt.Errorf("invalid choice value: %q", c))
			return
		}
		codes, weights, total = append(codes, code), append(weights, weight), total+weight
	}
	x := rand.Float64() * total
	for i, wt := range weights {
		if x < wt || i == len(codes)-1 {
			writeStatus(w, codes[i])
			return
		}
		x -= wt
	}
}

func writeStatus(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", textType)
	s, ok := specials[code]
	for k, v := range s.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(code)
	if ok && s.body != "" {
		w.Write([]byte(s.body))
	}
}

func statusCode(s string, lo, hi int) (int, error) {
	code, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("invalid status code: %q: %w", s, err)
	}
	if code < lo || code > hi {
		return 0, fmt.Errorf("invalid status code: %d not in range [%d, %d]", code, lo, hi)
	}
	return code, nil
}

// redirect is /relative-redirect/N, or /absolute-redirect/N with
// ?absolute=true.
func redirect(w http.ResponseWriter, r *http.Request) {
	redirectN(w, r, !strings.EqualFold(r.URL.Query().Get("absolute"), "true"))
}

func relativeRedirect(w http.ResponseWriter, r *http.Request) { redirectN(w, r, true) }
func absoluteRedirect(w http.ResponseWriter, r *http.Request) { redirectN(w, r, false) }

// redirectN answers 302 to the same kind of redirect with N-1, and the
// last one to /get; an absolute Location keeps the scheme and host asked
// for and drops the query.
func redirectN(w http.ResponseWriter, r *http.Request, relative bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid redirect count: %w", err))
		return
	}
	if n < 1 {
		fail(w, http.StatusBadRequest, errors.New("redirect count must be > 0"))
		return
	}
	path := "/get"
	switch {
	case n == 1:
	case relative:
		path = fmt.Sprintf("/relative-redirect/%d", n-1)
	default:
		path = fmt.Sprintf("/absolute-redirect/%d", n-1)
	}
	location := path
	if !relative {
		u := fullURL(r)
		u.Path, u.RawPath, u.RawQuery = path, "", ""
		location = u.String()
	}
	moved(w, location, http.StatusFound)
}

// redirectTo answers a redirect to ?url= (absolute, or a path from the
// root) with ?status_code= (3xx, 302 by default).
func redirectTo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	target := q.Get("url")
	if target == "" {
		fail(w, http.StatusBadRequest, errors.New("missing required query parameter: url"))
		return
	}
	u, err := url.Parse(target)
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid url: %w", err))
		return
	}
	if !u.IsAbs() && !strings.HasPrefix(u.Path, "/") {
		write(w, http.StatusForbidden, "text/plain", nil)
		return
	}
	code := http.StatusFound
	if s := q.Get("status_code"); s != "" {
		if code, err = statusCode(s, 300, 399); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
	}
	moved(w, u.String(), code)
}

// moved answers code with a Location and no body.
func moved(w http.ResponseWriter, location string, code int) {
	w.Header().Set("Location", location)
	w.WriteHeader(code)
}
