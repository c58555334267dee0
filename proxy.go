package requests

import (
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"
)

// Proxies routes requests through proxies, with requests' keys: a scheme
// ("http", "https"), "all", or "scheme://host" and "all://host" for one host;
// the most specific key wins. The "no_proxy" key lists hosts that go direct,
// comma-separated: a host, host:port, a domain (which also covers its
// subdomains, on a label boundary), an IPv4 or IPv6 address or CIDR block,
// or "*" for all.
//
// Proxy URLs are http://, https://, socks5:// or socks5h:// (the proxy
// resolves host names); "host:port" alone means http://. Credentials in a
// proxy URL go to the proxy only: as Proxy-Authorization on requests
// forwarded to an http proxy for http targets, and on the CONNECT that opens
// a tunnel for https targets; never to the origin, redirects included.
//
// With TrustEnv on (the default) the environment fills in what the caller
// left unset: http_proxy, https_proxy, all_proxy and no_proxy, the lower
// case spelling first.
type Proxies map[string]string

func (p Proxies) apply(c *config) { mergeInto(&c.proxies, &c.ownProxies, p) }

// selectProxy returns the proxy for u, or nil to go direct. An explicit
// proxy wins over the environment's, and the environment's NO_PROXY does
// not cancel it, as in requests; a "no_proxy" key in Proxies bypasses both.
func selectProxy(u *url.URL, hs *exchangeSettings) (*url.URL, error) {
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, nil
	}
	noProxy, hasNoProxy := hs.proxies["no_proxy"]
	raw := ""
	if len(hs.proxies) > 0 {
		host := strings.ToLower(u.Hostname())
		for _, key := range []string{u.Scheme + "://" + host, u.Scheme, "all://" + host, "all"} {
			if v, ok := hs.proxies[key]; ok {
				raw = v
				break
			}
		}
	}
	if raw == "" && hs.trustEnv {
		if u.Scheme == "https" {
			raw = proxyEnv("https_proxy", "HTTPS_PROXY")
		} else {
			raw = proxyEnv("http_proxy", "HTTP_PROXY")
		}
		if raw == "" {
			raw = proxyEnv("all_proxy", "ALL_PROXY")
		}
		if raw != "" && !hasNoProxy {
			noProxy, hasNoProxy = proxyEnv("no_proxy", "NO_PROXY"), true
		}
	}
	if raw == "" || hasNoProxy && bypassProxy(u, noProxy) {
		return nil, nil
	}
	return parseProxyURL(raw)
}

// proxyEnv reads a proxy variable, the lower case spelling first.
// HTTP_PROXY is ignored in a CGI program (REQUEST_METHOD set), where a
// client could have set it.
func proxyEnv(lower, upper string) string {
	if v := os.Getenv(lower); v != "" {
		return v
	}
	v := os.Getenv(upper)
	if v != "" && upper == "HTTP_PROXY" && os.Getenv("REQUEST_METHOD") != "" {
		return ""
	}
	return v
}

// parseProxyURL parses a proxy URL, http:// when it has no scheme.
func parseProxyURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, &Error{Kind: ErrInvalidURL, Err: urlErr(raw, "the proxy URL cannot be parsed", err)}
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return nil, &Error{Kind: ErrInvalidURL, Err: urlErr(raw, "the proxy scheme "+u.Scheme+" is not supported (http, https, socks5, socks5h)", nil)}
	}
	if u.Hostname() == "" {
		return nil, &Error{Kind: ErrInvalidURL, Err: urlErr(raw, "the proxy URL has no host", nil)}
	}
	return u, nil
}

// bypassProxy applies a no_proxy list to u as requests 2.34 does, with IPv6
// blocks too.
func bypassProxy(u *url.URL, noProxy string) bool {
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return true
	}
	hostPort := host
	if p := u.Port(); p != "" {
		hostPort = net.JoinHostPort(host, p)
	}
	addr, addrErr := netip.ParseAddr(host)
	for entry := range strings.SplitSeq(strings.ReplaceAll(noProxy, " ", ""), ",") {
		entry = strings.ToLower(entry)
		switch {
		case entry == "":
		case entry == "*":
			return true
		case addrErr == nil:
			if prefix, err := netip.ParsePrefix(entry); err == nil {
				if prefix.Contains(addr) {
					return true
				}
			} else if a, err := netip.ParseAddr(strings.Trim(entry, "[]")); err == nil && a == addr {
				return true
			} else if entry == hostPort {
				return true
			}
		default:
			entry = strings.TrimPrefix(entry, ".")
			if host == entry || hostPort == entry || strings.HasSuffix(host, "."+entry) || strings.HasSuffix(hostPort, "."+entry) {
				return true
			}
		}
	}
	return false
}
