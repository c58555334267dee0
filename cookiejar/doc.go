// Package cookiejar is a cookie jar that behaves as browsers do: Set-Cookie
// headers read by RFC 6265bis (ParseSetCookie), cookies stored and matched
// with the public suffix list, and nothing stored that could break a
// Cookie header. Its Jar implements http.CookieJar for net/http clients,
// and can be listed, searched, saved and loaded (Netscape cookies.txt
// too). It is the jar of github.com/go-requests/requests.
package cookiejar
