package httpbin

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// cookies echoes the request's cookies as {"cookies": {name: value}}.
func cookies(w http.ResponseWriter, r *http.Request) {
	m := map[string]string{}
	for _, c := range r.Cookies() {
		m[c.Name] = c.Value
	}
	writeJSON(w, http.StatusOK, struct {
		Cookies map[string]string `json:"cookies"`
	}{m})
}

// setCookies sets a cookie for each query parameter and redirects to
// /cookies.
func setCookies(w http.ResponseWriter, r *http.Request) {
	for _, c := range queryCookies(r) {
		http.SetCookie(w, &c)
	}
	moved(w, "/cookies", http.StatusFound)
}

// deleteCookies expires a cookie for each query parameter and redirects to
// /cookies.
func deleteCookies(w http.ResponseWriter, r *http.Request) {
	for _, c := range queryCookies(r) {
		c.MaxAge = -1
		c.Expires = time.Now().Add(-365 * 24 * time.Hour)
		http.SetCookie(w, &c)
	}
	moved(w, "/cookies", http.StatusFound)
}

// queryCookies are the cookies the query names, in the order of their
// names: HttpOnly, Path=/ and Secure over HTTPS unless parameters
// attr[Domain], attr[HttpOnly], attr[Path], attr[SameSite] or attr[Secure]
// say otherwise.
func queryCookies(r *http.Request) []http.Cookie {
	q := r.URL.Query()
	attrs := http.Cookie{HttpOnly: true, Path: "/", Secure: fullURL(r).Scheme == "https"}
	var names []string
	for k, vs := range q {
		attr, isAttr := strings.CutPrefix(k, "attr[")
		if isAttr {
			attr, isAttr = strings.CutSuffix(attr, "]")
		}
		if !isAttr {
			names = append(names, k)
			continue
		}
		if len(vs) == 0 {
			continue
		}
		v := vs[0]
		on := v == "1" || strings.EqualFold(v, "true")
		switch strings.ToLower(attr) {
		case "domain":
			attrs.Domain = v
		case "httponly":
			attrs.HttpOnly = on
		case "path":
			attrs.Path = v
		case "secure":
			attrs.Secure = on
		case "samesite":
			switch strings.ToLower(v) {
			case "strict":
				attrs.SameSite = http.SameSiteStrictMode
			case "lax":
				attrs.SameSite = http.SameSiteLaxMode
			case "none":
				attrs.SameSite = http.SameSiteNoneMode
			}
		}
	}
	slices.Sort(names)
	out := make([]http.Cookie, 0, len(names))
	for _, name := range names {
		c := attrs
		c.Name, c.Value = name, q.Get(name)
		out = append(out, c)
	}
	return out
}
