package requests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-requests/requests/internal/urlprep"
)

// follow sends pr and follows the redirects of its responses as requests'
// resolve_redirects does. The final response's body is unread; the bodies
// of the redirects have been read into their Content.
func (s *Session) follow(ctx context.Context, pr *PreparedRequest, cfg *config, hs *exchangeSettings) (*Response, error) {
	maxHops := cfg.maxRedirects
	if maxHops < 0 {
		maxHops = DefaultMaxRedirects
	}
	first, fragment := pr, pr.URL.EscapedFragment()
	jar := s.jar
	creds := credentialState{authActive: cfg.auth != nil}
	challenger, _ := cfg.auth.(Challenger)
	var history []*Response
	for {
		if cfg.handout {
			// A transport's exchange: the caller's Cookie header as it is.
		} else if cookies := cookieHeader(pr.URL, jar, cfg, pr.URL.Hostname() == first.URL.Hostname()); cookies != "" {
			pr.Header["Cookie"] = []string{cookies}
		}
		resp, err := s.exchangeRetrying(ctx, pr, cfg.retry, hs)
		if err != nil {
			return nil, err
		}
		// Each response's cookies are scoped to the URL that set them.
		if lines := resp.Header["Set-Cookie"]; len(lines) > 0 && !cfg.handout {
			if jar == nil {
				jar = NewCookieJar() // the default Session's jar for this call
			}
			jar.setCookieLines(pr.URL, lines)
		}
		resp.History = history[:len(history):len(history)]
		for _, hook := range cfg.hooks {
			if err := hook(resp); err != nil {
				resp.Close()
				return nil, &Error{Kind: ErrRequest, Method: pr.Method, URL: redactURL(pr.URL), Err: fmt.Errorf("response hook: %w", err)}
			}
		}
		// A 4xx challenge (Digest) is answered once per hop.
		if challenger != nil && creds.authActive && !creds.challenged && resp.StatusCode >= 400 && resp.StatusCode < 500 {
			again := pr.clone()
			retry, err := challenger.Challenge(resp, again)
			if err != nil {
				resp.Close()
				return nil, userError("Challenger", pr, err)
			}
			if retry {
				if err := consume(resp); err != nil {
					return nil, err
				}
				history = append(history, resp)
				pr, creds.challenged = again, true
				continue
			}
		}
		if cfg.redirects == no || !resp.IsRedirect() {
			return resp, nil
		}
		if err := consume(resp); err != nil {
			return nil, err
		}
		if len(history) >= maxHops {
			return nil, &Error{Kind: ErrTooManyRedirects, Method: first.Method, URL: redactURL(first.URL),
				Err: fmt.Errorf("exceeded %d redirects", maxHops), Response: resp}
		}
		history = append(history, resp)
		if pr, fragment, err = redirectRequest(pr, resp, fragment, cfg, &creds); err != nil {
			return nil, err
		}
	}
}

// credentialState is what the credential rules remember from hop to hop.
type credentialState struct {
	authActive bool // the Authenticator may still act: no redirect has stripped it
	challenged bool // this hop's challenge was answered already
}

// maxConsumed is how much of the body of a response that is not the final
// one is read and kept in its Content (History): a redirect's body is a
// line of HTML, and a peer that sends megabytes, or an endless body, costs
// no more than this. Beyond it the connection is dropped rather than
// drained.
const maxConsumed = 64 << 10

// consume reads the body of a response that is not the final one (a
// redirect, an answered challenge), up to maxConsumed, so that its
// connection can be reused. A broken body does not stop the request; a
// timeout or cancellation does.
func consume(resp *Response) error {
	if b := resp.body; b != nil {
		resp.body = nil
		resp.content, resp.readErr = b.readUpTo(maxConsumed)
	}
	if err := resp.readErr; err != nil && (errors.Is(err, ErrTimeout) || errors.Is(err, context.Canceled)) {
		return err
	}
	return nil
}

// redirectRequest builds the request that follows the redirect resp, with
// requests' rules for the URL, the method, the body and the credentials.
func redirectRequest(pr *PreparedRequest, resp *Response, fragment string, cfg *config, creds *credentialState) (*PreparedRequest, string, error) {
	location := resp.Header.Get("Location")
	if strings.HasPrefix(location, "//") {
		location = resp.URL.Scheme + ":" + location
	}
	location = urlprep.Requote(location)
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
	next := newPreparedRequest(&pu, pr.Header, true)
	next.Method, next.Body, next.payload = redirectMethod(pr.Method, resp.StatusCode), pr.Body, pr.payload
	if resp.StatusCode != http.StatusTemporaryRedirect && resp.StatusCode != http.StatusPermanentRedirect {
		delete(next.Header, "Content-Length")
		delete(next.Header, "Content-Type")
		delete(next.Header, "Transfer-Encoding")
		next.Body, next.payload = nil, payload{}
	}
	delete(next.Header, "Cookie")
	delete(next.Header, "Proxy-Authorization") // never to a redirect target (CVE-2014-1830)
	creds.challenged = false
	if shouldStripAuth(pr.URL, next.URL) {
		// CVE-2018-18074: credentials never follow a redirect to another
		// host, scheme or port; an Authenticator is not asked again, not
		// even to answer the new host's challenge.
		delete(next.Header, "Authorization")
		creds.authActive = false
	} else if creds.authActive {
		if err := cfg.auth.Authorize(next); err != nil {
			return nil, "", userError("Authenticator", next, err)
		}
	}
	applyNetrc(next, cfg) // checked again for the new host, as requests does
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
