package requests_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// originAuth records the Proxy-Authorization headers an origin receives.
func originAuth(t *testing.T, tlsToo bool) (*httptest.Server, *[]string) {
	var got []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Proxy-Authorization"))
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Write([]byte("origin"))
	})
	var srv *httptest.Server
	if tlsToo {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &got
}

func withCreds(proxy string) string { return strings.Replace(proxy, "http://", "http://pu:pp@", 1) }

func TestProxyForHTTP(t *testing.T) {
	proxy, seen := testserver.Proxy(t, "pu", "pp")
	origin, got := originAuth(t, false)
	resp, err := requests.Get(context.Background(), origin.URL+"/x", requests.Proxies{"http": withCreds(proxy)})
	if err != nil || resp.Text() != "origin" {
		t.Fatalf("%v %v", resp, err)
	}
	s := seen.All()
	if len(s) != 1 || s[0][0] != "GET" || !strings.HasPrefix(s[0][2], "Basic ") || (*got)[0] != "" {
		t.Errorf("the proxy saw %q, the origin %q", s, *got)
	}
	// Without credentials the proxy's 407 is the response, as in requests.
	resp, err = requests.Get(context.Background(), origin.URL, requests.Proxies{"http": proxy})
	if err != nil || resp.StatusCode != 407 {
		t.Errorf("no credentials: %v %v", resp, err)
	}
}

// TestCVE_2023_32681: https A redirects to https B through an authenticating
// proxy; neither origin ever sees Proxy-Authorization.
func TestCVE_2023_32681(t *testing.T) {
	proxy, seen := testserver.Proxy(t, "pu", "pp")
	b, gotB := originAuth(t, true)
	a, gotA := originAuth(t, true)
	target := a.URL + "/?to=" + strings.Replace(b.URL, "127.0.0.1", "localhost", 1) + "/end"
	opts := []requests.Option{requests.Proxies{"https": withCreds(proxy)}, requests.Verify(false),
		requests.Headers{"Proxy-Authorization": "Basic bGVhazpsZWFr"}}
	resp, err := requests.Get(context.Background(), target, opts...)
	if err != nil || resp.Text() != "origin" || len(resp.History) != 1 {
		t.Fatalf("%v %v", resp, err)
	}
	if strings.Join(*gotA, "") != "" || strings.Join(*gotB, "") != "" {
		t.Errorf("origins saw Proxy-Authorization: A %q, B %q", *gotA, *gotB)
	}
	connects := 0
	for _, s := range seen.All() {
		if s[0] == "CONNECT" && strings.HasPrefix(s[2], "Basic ") {
			connects++
		}
	}
	if connects != 2 {
		t.Errorf("the proxy saw %q; want two authenticated CONNECTs", seen.All())
	}
	// A CONNECT refused for want of credentials is ErrProxy.
	_, err = requests.Get(context.Background(), a.URL, requests.Proxies{"https": proxy}, requests.Verify(false))
	if !errors.Is(err, requests.ErrProxy) || !errors.Is(err, requests.ErrConnection) {
		t.Errorf("CONNECT refused: %v; want ErrProxy", err)
	}
}

func TestProxySelection(t *testing.T) {
	proxy, seen := testserver.Proxy(t, "", "")
	origin, _ := originAuth(t, false)
	host := strings.TrimPrefix(origin.URL, "http://")
	ctx := context.Background()
	count := func() int { return len(seen.All()) }
	for _, tt := range []struct {
		name    string
		proxies requests.Proxies
		env     map[string]string
		proxied bool
	}{
		{"a scheme key", requests.Proxies{"http": proxy}, nil, true},
		{"all", requests.Proxies{"all": proxy}, nil, true},
		{"a host key", requests.Proxies{"http://127.0.0.1": proxy}, nil, true},
		{"another host's key", requests.Proxies{"http://other.example": proxy}, nil, false},
		{"no_proxy with the host", requests.Proxies{"http": proxy, "no_proxy": "127.0.0.1"}, nil, false},
		{"no_proxy with host:port", requests.Proxies{"http": proxy, "no_proxy": host}, nil, false},
		{"no_proxy with a CIDR", requests.Proxies{"http": proxy, "no_proxy": "10.0.0.0/8, 127.0.0.0/8"}, nil, false},
		{"no_proxy *", requests.Proxies{"http": proxy, "no_proxy": "*"}, nil, false},
		{"the environment", nil, map[string]string{"http_proxy": proxy}, true},
		{"the environment, upper case", nil, map[string]string{"HTTP_PROXY": proxy}, true},
		{"the environment's no_proxy", nil, map[string]string{"http_proxy": proxy, "no_proxy": "127.0.0.1"}, false},
		{"the caller over the environment", requests.Proxies{"http": "http://127.0.0.1:1"}, map[string]string{"http_proxy": proxy}, false},
		{"the environment's NO_PROXY leaves the caller's proxy alone", requests.Proxies{"http": proxy}, map[string]string{"NO_PROXY": "127.0.0.1"}, true},
		{"the environment's no_proxy naming another host", nil, map[string]string{"http_proxy": proxy, "no_proxy": "other.example"}, true},
	} {
		for _, k := range []string{"http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"} {
			t.Setenv(k, tt.env[k])
		}
		before := count()
		_, err := requests.Get(ctx, origin.URL, tt.proxies)
		if tt.name == "the caller over the environment" {
			if !errors.Is(err, requests.ErrProxy) || count() != before {
				t.Errorf("%s: %v; want the caller's (dead) proxy, ErrProxy", tt.name, err)
			}
			continue
		}
		if err != nil || (count() > before) != tt.proxied {
			t.Errorf("%s: %v, proxied %v; want %v", tt.name, err, count() > before, tt.proxied)
		}
	}
	for _, bad := range []string{"ftp://127.0.0.1:21", "http://", "http://[::1"} {
		if _, err := requests.Get(ctx, origin.URL, requests.Proxies{"http": bad}); !errors.Is(err, requests.ErrInvalidURL) {
			t.Errorf("proxy %q: %v; want ErrInvalidURL", bad, err)
		}
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	if _, err := requests.Get(ctx, origin.URL, requests.Proxies{"http": dead}); !errors.Is(err, requests.ErrProxy) {
		t.Errorf("a dead proxy: %v; want ErrProxy", err)
	}
}
