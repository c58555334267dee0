package requests_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// A NUL or a CR in a Set-Cookie line reaches the jar as it came, so the
// cookie is ignored (RFC 6265bis section 5.6), where the engine reads a NUL
// or CR in other fields as a space (RFC 9110 section 5.5).
func TestSetCookieWithNULIsIgnored(t *testing.T) {
	for _, tt := range []struct{ name, line string }{
		{"a NUL in an attribute", "testpath=t; Path=/te\x00st"},
		{"a NUL in the value", "a=b\x00c"},
		{"a CR in the value", "a=b\rc"},
	} {
		url := testserver.Raw(t, testserver.ReplyAndClose("HTTP/1.1 200 OK\r\nSet-Cookie: "+tt.line+"\r\nSet-Cookie: ok=1\r\nX-Nul: a\x00b\r\nContent-Length: 2\r\n\r\nok"))
		s := requests.NewSession()
		resp, err := s.Get(context.Background(), url)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := resp.Header.Get("X-Nul"); got != "a b" {
			t.Errorf("%s: X-Nul = %q; want the NUL read as a space", tt.name, got)
		}
		var names []string
		for _, c := range s.Cookies().All() {
			names = append(names, c.Name+"="+c.Value)
		}
		if len(names) != 1 || names[0] != "ok=1" {
			t.Errorf("%s: the jar holds %q; want only ok=1", tt.name, names)
		}
	}
}

// A nameless cookie (RFC 6265bis section 5.6) goes back as its value alone.
func TestNamelessCookieSentAsItsValue(t *testing.T) {
	got := make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Cookie")
		w.Header().Add("Set-Cookie", "=nameless")
		w.Header().Add("Set-Cookie", "a=1")
	}))
	t.Cleanup(srv.Close)
	s := requests.NewSession()
	defer s.Close()
	for range 2 {
		if _, err := s.Get(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	<-got
	if c := <-got; c != "nameless; a=1" {
		t.Errorf("Cookie = %q; want %q", c, "nameless; a=1")
	}
}
