package requests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// follow sends pr and follows the redirects of its responses as requests'
// resolve_redirects does. The final response's body is unread; the bodies
// of the redirects have been read into their Content.
func (s *Session) follow(ctx context.Context, pr *PreparedRequest, cfg *config) (*Response, error) {
	maxHops := cfg.maxRedirects
	if maxHops < 0 {
		maxHops = DefaultMaxRedirects
	}
	first, fragment := pr, pr.URL.EscapedFragment()
	jar := s.jar
	var history []*Response
	for {
		if cookies := cookieHeader(pr.URL, jar, cfg, pr.URL.Hostname() == first.URL.Hostname()); cookies != "" {
			pr.Header["Cookie"] = []string{cookies}
		}
		resp, err := s.exchange(ctx, pr, cfg)
		if err != nil {
			return nil, err
		}
		// Each response's cookies are scoped to the URL that set them.
		if lines := resp.Header["Set-Cookie"]; len(lines) > 0 {
			if jar == nil {
				jar = NewCookieJar() // the default Session's jar for this call
			}
			jar.SetCookies(pr.URL, parseSetCookies(lines))
		}
		resp.History = history[:len(history):len(history)]
		if cfg.redirects == no || !resp.IsRedirect() {
			return resp, nil
		}
		// Read the redirect's body so that its connection can be reused; a
		// broken body does not stop the redirect, a timeout does.
		b := resp.body
		resp.body = nil
		if resp.content, err = b.readAll(); err != nil && (errors.Is(err, ErrTimeout) || errors.Is(err, context.Canceled)) {
			return nil, err
		}
		if len(history) >= maxHops {
			return nil, &Error{Kind: ErrTooManyRedirects, Method: first.Method, URL: redactURL(first.URL),
				Err: fmt.Errorf("exceeded %d redirects", maxHops), Response: resp}
		}
		history = append(history, resp)
		if pr, fragment, err = redirectRequest(pr, resp, fragment); err != nil {
			return nil, err
		}
	}
}

// redirectRequest builds the request that follows the redirect resp, with
// requests' rules for the URL, the method, the body and the credentials.
func redirectRequest(pr *PreparedRequest, resp *Response, fragment string) (*PreparedRequest, string, error) {
	location := resp.Header.Get("Location")
	if strings.HasPrefix(location, "//") {
		location = resp.URL.Scheme + ":" + location
	}
	location = requoteURI(location)
	ref, err := url.Parse(location)
	if err != nil {
		return nil, "", &Error{Kind: ErrInvalidURL, Method: pr.Method, URL: redactURL(pr.URL), Err: urlErr(location, "the redirect's Location cannot be parsed", err)}
	}
	if ref.Fragment == "" && fragment != "" {
		ref.RawFragment, ref.Fragment = "", ""
		if f, err := url.PathUnescape(fragment); err == nil {
			ref.Fragment = f
			ref.RawFragment = fragment
		}
	} else if ref.Fragment != "" {
		fragment = ref.EscapedFragment()
	}
	target := ref
	if ref.Host == "" && ref.Scheme == "" {
		target = resp.URL.ResolveReference(ref)
	}
	pu, err := prepareURL(target.String(), "")
	if err != nil {
		return nil, "", err
	}
	next := &PreparedRequest{
		Method:  redirectMethod(pr.Method, resp.StatusCode),
		URL:     pu.u,
		Header:  cloneHeader(pr.Header, 0),
		Body:    pr.Body,
		payload: pr.payload,
		opaque:  pu.opaque,
	}
	if resp.StatusCode != http.StatusTemporaryRedirect && resp.StatusCode != http.StatusPermanentRedirect {
		delete(next.Header, "Content-Length")
		delete(next.Header, "Content-Type")
		delete(next.Header, "Transfer-Encoding")
		next.Body, next.payload = nil, payload{}
	}
	delete(next.Header, "Cookie")
	delete(next.Header, "Proxy-Authorization")
	if shouldStripAuth(pr.URL, next.URL) {
		delete(next.Header, "Authorization")
	}
	if pr.URL.Host != next.URL.Host {
		delete(next.Header, "Host") // a Host set for one server means nothing to another
	}
	return next, fragment, nil
}

// redirectMethod is requests' rebuild_method: a 303 becomes GET (HEAD
// stays), a 302 too, and a 301 turns only POST into GET.
func redirectMethod(method string, status int) string {
	switch {
	case status == http.StatusSeeOther && method != http.MethodHead,
		status == http.StatusFound && method != http.MethodHead,
		status == http.StatusMovedPermanently && method == http.MethodPost:
		return http.MethodGet
	}
	return method
}

// shouldStripAuth is requests' should_strip_auth: Authorization survives a
// redirect on the same host unless the scheme or port changes, with one
// exception, http on its default port to https on its default port.
func shouldStripAuth(old, new *url.URL) bool {
	if old.Hostname() != new.Hostname() {
		return true
	}
	oldPort, newPort := old.Port(), new.Port()
	if old.Scheme == "http" && (oldPort == "" || oldPort == "80") &&
		new.Scheme == "https" && (newPort == "" || newPort == "443") {
		return false
	}
	changedPort := oldPort != newPort
	changedScheme := old.Scheme != new.Scheme
	def := defaultPort(old.Scheme)
	if !changedScheme && (oldPort == "" || oldPort == def) && (newPort == "" || newPort == def) {
		return false
	}
	return changedPort || changedScheme
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}
