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

// Regressions found by the parity and fault suites, each named for what it
// guards.

func TestEmptyDataLetsJSONThrough(t *testing.T) {
	for _, data := range []any{"", []byte{}, nil} {
		resp, err := requests.Post(context.Background(), httpbinURL+"/post", requests.Data(data), requests.JSON(map[string]int{"a": 1}))
		if err != nil || string(resp.Request.Body) != `{"a":1}` {
			t.Errorf("Data(%#v) with JSON: sent %q, %v; want the JSON", data, resp.Request.Body, err)
		}
	}
	resp, err := requests.Post(context.Background(), httpbinURL+"/post", requests.JSON(1), requests.Data("raw"))
	if err != nil || string(resp.Request.Body) != "raw" {
		t.Errorf("non-empty Data with JSON sent %q, %v; want the Data", resp.Request.Body, err)
	}
}

func TestLatin1ReasonPhrase(t *testing.T) {
	url := testserver.Raw(t, testserver.Reply("HTTP/1.1 470 Ung\xfcltig\r\nContent-Length: 0\r\n\r\n"))
	resp, err := requests.Get(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Reason() != "Ungültig" || !strings.Contains(resp.RaiseForStatus().Error(), "470 Client Error: Ungültig for url") {
		t.Errorf("Reason() = %q; RaiseForStatus: %v", resp.Reason(), resp.RaiseForStatus())
	}
}

type failingAuth struct{}

func (failingAuth) Authorize(*requests.PreparedRequest) error { return errors.New("no token") }

func TestAuthenticatorErrorsWrapErrRequest(t *testing.T) {
	_, err := requests.Get(context.Background(), httpbinURL+"/get", requests.Auth(failingAuth{}))
	if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), "no token") {
		t.Errorf("an Authenticator's error: %v; want it wrapped in ErrRequest", err)
	}
}

func TestProxyThatHangsUpIsErrProxy(t *testing.T) {
	proxy := testserver.Raw(t, func(c net.Conn) { testserver.ReadRequest(c) }) // reads, then closes
	_, err := requests.Get(context.Background(), "http://example.invalid/", requests.Proxies{"http": proxy})
	if !errors.Is(err, requests.ErrProxy) || !errors.Is(err, requests.ErrConnection) {
		t.Errorf("a proxy that closes without answering: %v; want ErrProxy", err)
	}
}

func TestNilArgumentsAreErrorsNotPanics(t *testing.T) {
	ctx := context.Background()
	if _, err := requests.Get(ctx, httpbinURL+"/get", requests.ResponseHook(nil)); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("ResponseHook(nil): %v", err)
	}
	if _, err := requests.Post(ctx, httpbinURL+"/post", requests.Data((*strings.Reader)(nil))); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Data((*strings.Reader)(nil)): %v", err)
	}
	s := requests.NewSession()
	defer s.Close()
	s.Mount("http://", nil)
	if _, err := s.Get(ctx, httpbinURL+"/get"); !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Mount(prefix, nil): %v", err)
	}
}

func TestHTTP2RequestHeaderHasNoConnection(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	s := requests.NewSession(requests.Verify(false))
	defer s.Close()
	resp, err := s.Get(context.Background(), srv.URL)
	if err != nil || resp.Proto != "HTTP/2.0" {
		t.Fatalf("%v %v", resp, err)
	}
	if _, ok := resp.Request.Header["Connection"]; ok {
		t.Errorf("resp.Request.Header = %v; Connection is not sent on HTTP/2", resp.Request.Header)
	}
}

func TestNestedListsInParamsFlatten(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/get", requests.Params{"a": []any{"1", []any{"x", "y"}}})
	if err != nil || resp.Request.URL.RawQuery != "a=1&a=x&a=y" {
		t.Errorf("nested list: %v %v", resp.Request.URL, err)
	}
}

func TestTabsAndNewlinesLeaveURLs(t *testing.T) {
	resp, err := requests.Get(context.Background(), strings.Replace(httpbinURL, "//", "//\t", 1)+"/g\net")
	if err != nil || resp.StatusCode != 200 || resp.Request.URL.Path != "/get" {
		t.Errorf("a URL with a tab and a newline: %v %v", resp, err)
	}
}

func TestRequestCookiesCannotInject(t *testing.T) {
	_, err := requests.NewSession(requests.Cookies{"a": "b; admin=1"}).Get(context.Background(), "http://127.0.0.1:1/")
	if !errors.Is(err, requests.ErrInvalidHeader) {
		t.Errorf("Cookies with a ; in a value: %v; want ErrInvalidHeader", err)
	}
	jar := requests.NewCookieJar()
	if err := jar.Set(&http.Cookie{Name: "ok", Value: "v; admin=1", Domain: "example.com"}); !errors.Is(err, requests.ErrInvalidHeader) {
		t.Errorf("CookieJar.Set with a ; in a value: %v; want ErrInvalidHeader", err)
	}
	if _, err := jar.Lookup("none", "", ""); !errors.Is(err, requests.ErrCookieNotFound) || !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Lookup of no cookie: %v", err)
	}
}
