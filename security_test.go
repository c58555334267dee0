package requests_test

// Security regressions, one test per advisory of Python requests (some
// live beside the feature they guard: TestCVE_2015_2296 in session_test.go,
// TestCVE_2023_32681 in proxy_test.go, TestCVE_2024_35195 in tls_test.go).

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

// authRecorder answers with the Authorization header it got, redirecting to
// ?to= first when asked.
func authRecorder(t *testing.T, useTLS bool) (*httptest.Server, *[]string) {
	var got []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization")+"|"+r.Header.Get("Proxy-Authorization"))
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
		}
	})
	srv := httptest.NewServer(h)
	if useTLS {
		srv.Close()
		srv = httptest.NewTLSServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &got
}

// TestCVE_2014_1829: credentials from netrc must not follow a redirect to
// another host.
func TestCVE_2014_1829(t *testing.T) {
	a, gotA := authRecorder(t, false)
	b, gotB := authRecorder(t, false)
	writeNetrc(t, "machine 127.0.0.1 login alice password a-secret\n")
	other := strings.Replace(b.URL, "127.0.0.1", "localhost", 1)
	if _, err := requests.Get(context.Background(), a.URL+"/?to="+other+"/x"); err != nil {
		t.Fatal(err)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:a-secret")) + "|"
	if len(*gotA) != 1 || (*gotA)[0] != want || len(*gotB) != 1 || (*gotB)[0] != "|" {
		t.Errorf("A saw %q, B saw %q; B must see no credentials", *gotA, *gotB)
	}
}

// TestCVE_2014_1830: a Proxy-Authorization header must not be forwarded to
// a redirect's target.
func TestCVE_2014_1830(t *testing.T) {
	a, gotA := authRecorder(t, false)
	if _, err := requests.Get(context.Background(), a.URL+"/?to=/next", requests.Headers{"Proxy-Authorization": "Basic c2VjcmV0"}); err != nil {
		t.Fatal(err)
	}
	for _, seen := range *gotA {
		if strings.HasSuffix(seen, "Basic c2VjcmV0") {
			t.Errorf("an origin saw Proxy-Authorization: %q", *gotA)
		}
	}
}

// TestCVE_2018_18074: an https to http redirect on the same host drops
// Authorization; http:80 to https:443 on the same host keeps it (the
// guard against stripping too much).
func TestCVE_2018_18074(t *testing.T) {
	secure, gotS := authRecorder(t, true)
	plain, gotP := authRecorder(t, false)
	_, err := requests.Get(context.Background(), secure.URL+"/?to="+plain.URL+"/x", requests.BasicAuth("u", "p"), requests.Verify(false))
	if err != nil {
		t.Fatal(err)
	}
	if len(*gotS) != 1 || !strings.HasPrefix((*gotS)[0], "Basic ") || len(*gotP) != 1 || (*gotP)[0] != "|" {
		t.Errorf("https saw %q, http saw %q; http must see no credentials", *gotS, *gotP)
	}
	// The over-stripping guard is decided on default ports, which a test
	// server does not have: it is checked against requests' own answers in
	// TestShouldStripAuthMatchesRequests (http://a:80/ -> https://a:443/
	// keeps, http://a/ -> https://a:8443/ strips).
}

// TestCVE_2024_47081: with http://example.com:@127.0.0.1/, the host is
// 127.0.0.1 and example.com's netrc entry must never be sent. Requested
// directly, the URL's own credentials win; reached by a redirect (which
// uses no URL credentials), netrc decides, by the real host.
func TestCVE_2024_47081(t *testing.T) {
	srv, got := authRecorder(t, false)
	writeNetrc(t, "machine example.com login bob password bob-secret\n")
	trick := strings.Replace(srv.URL, "http://", "http://example.com:@", 1) + "/x"
	for _, u := range []string{trick, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/?to=" + trick} {
		*got = nil
		if _, err := requests.Get(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.Join(*got, ""), base64.StdEncoding.EncodeToString([]byte("bob:bob-secret"))) {
			t.Errorf("GET %s: example.com's netrc entry was sent to 127.0.0.1: %q", u, *got)
		}
	}
}

// TestHTTPSToHTTPRedirectDropsSecureCookies: a Secure cookie set over https
// is never sent over http, not even on a redirect to the same host.
func TestHTTPSToHTTPRedirectDropsSecureCookies(t *testing.T) {
	var plainSaw string
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { plainSaw = r.Header.Get("Cookie") }))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "token=s3cret; Secure")
		w.Header().Add("Set-Cookie", "plain=ok")
		http.Redirect(w, r, plain.URL+"/x", http.StatusFound)
	}))
	defer secure.Close()
	s := requests.NewSession(requests.Verify(false))
	defer s.Close()
	if _, err := s.Get(context.Background(), secure.URL); err != nil {
		t.Fatal(err)
	}
	if plainSaw != "plain=ok" {
		t.Errorf("the http hop got Cookie %q; want only the non-Secure cookie", plainSaw)
	}
}
