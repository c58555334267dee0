package integration

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
)

// origin is an in-process server that records the Proxy-Authorization
// headers it receives, and redirects to ?to=.
type origin struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newOrigin(t *testing.T, useTLS bool) *origin {
	o := &origin{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.seen = append(o.seen, r.Header.Get("Proxy-Authorization"))
		o.mu.Unlock()
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Write([]byte("origin"))
	})
	if useTLS {
		o.Server = httptest.NewTLSServer(h)
	} else {
		o.Server = httptest.NewServer(h)
	}
	t.Cleanup(o.Close)
	return o
}

func (o *origin) proxyAuthSeen() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.Join(o.seen, "")
}

// squid starts squid requiring pu:pp, with a passwd file made by htpasswd.
func squid(t *testing.T) *servers.Process {
	htpasswd, err := servers.Find("htpasswd", "apache2-utils")
	if err != nil {
		server(t, nil, err)
	}
	line, err := runOutput(htpasswd, "-nb", "pu", "pp")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(readFile(t, "testdata/squid/squid.conf"))
	p, err := servers.Squid(context.Background(), conf, servers.Files{"passwd": strings.TrimSpace(line) + "\n"})
	return server(t, p, err)
}

func TestSquid(t *testing.T) {
	proxy := squid(t)
	withCreds := strings.Replace(proxy.URL, "http://", "http://pu:pp@", 1)
	ctx := context.Background()

	plain := newOrigin(t, false)
	resp, err := requests.Get(ctx, plain.URL, requests.Proxies{"http": withCreds})
	if err != nil || resp.Text() != "origin" {
		t.Fatalf("http through squid: %v %v\n%s", resp, err, proxy.Output())
	}
	resp, err = requests.Get(ctx, plain.URL, requests.Proxies{"http": proxy.URL})
	if err != nil || resp.StatusCode != 407 {
		t.Errorf("http through squid without credentials: %v %v; want its 407", resp, err)
	}
	secure := newOrigin(t, true)
	resp, err = requests.Get(ctx, secure.URL, requests.Proxies{"https": withCreds}, requests.Verify(false))
	if err != nil || resp.Text() != "origin" {
		t.Errorf("https through squid: %v %v", resp, err)
	}
	if _, err := requests.Get(ctx, secure.URL, requests.Proxies{"https": proxy.URL}, requests.Verify(false)); !errors.Is(err, requests.ErrProxy) {
		t.Errorf("CONNECT without credentials: %v; want ErrProxy", err)
	}
	if plain.proxyAuthSeen() != "" || secure.proxyAuthSeen() != "" {
		t.Errorf("an origin saw Proxy-Authorization")
	}
}

// TestCVE_2023_32681_Squid: https A redirects to https B through squid with
// credentials; neither origin ever sees Proxy-Authorization.
func TestCVE_2023_32681_Squid(t *testing.T) {
	proxy := squid(t)
	withCreds := strings.Replace(proxy.URL, "http://", "http://pu:pp@", 1)
	b := newOrigin(t, true)
	a := newOrigin(t, true)
	target := a.URL + "/?to=" + strings.Replace(b.URL, "127.0.0.1", "localhost", 1) + "/end"
	resp, err := requests.Get(context.Background(), target, requests.Proxies{"https": withCreds}, requests.Verify(false))
	if err != nil || resp.Text() != "origin" || len(resp.History) != 1 {
		t.Fatalf("%v %v", resp, err)
	}
	if a.proxyAuthSeen() != "" || b.proxyAuthSeen() != "" {
		t.Errorf("origins saw Proxy-Authorization: A %q, B %q", a.proxyAuthSeen(), b.proxyAuthSeen())
	}
}

func TestSOCKS5(t *testing.T) {
	for _, creds := range [][2]string{{"", ""}, {"su", "sp"}} {
		p, err := servers.Microsocks(context.Background(), creds[0], creds[1])
		proxy := server(t, p, err)
		plain := newOrigin(t, false)
		host := strings.TrimPrefix(proxy.URL, "http://")
		auth := ""
		if creds[0] != "" {
			auth = creds[0] + ":" + creds[1] + "@"
		}
		for _, scheme := range []string{"socks5", "socks5h"} {
			u := strings.Replace(plain.URL, "127.0.0.1", "localhost", 1)
			resp, err := requests.Get(context.Background(), u, requests.Proxies{"http": scheme + "://" + auth + host})
			if err != nil || resp.Text() != "origin" {
				t.Errorf("%s (credentials %v): %v %v\n%s", scheme, creds[0] != "", resp, err, proxy.Output())
			}
		}
		secure := newOrigin(t, true)
		resp, err := requests.Get(context.Background(), secure.URL, requests.Proxies{"https": "socks5h://" + auth + host}, requests.Verify(false))
		if err != nil || resp.Text() != "origin" {
			t.Errorf("https through socks5h: %v %v", resp, err)
		}
		if creds[0] != "" {
			_, err := requests.Get(context.Background(), plain.URL, requests.Proxies{"http": "socks5://" + host})
			if !errors.Is(err, requests.ErrProxy) {
				t.Errorf("SOCKS5 without credentials: %v; want ErrProxy", err)
			}
		}
	}
}
