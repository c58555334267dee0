package cookiejar

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Set-Cookie headers are read as RFC 6265bis says, which is what browsers
// do; the Cookie header sent back is what a browser sends.
func TestSetCookieParsedAsBrowsersDo(t *testing.T) {
	const from, to = "http://home.example.org:8888/cookie-parser?x", "http://home.example.org:8888/cookie-parser-result?x"
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"a quoted value keeps its quotes", []string{`foo="bar"`}, `foo="bar"`},
		{"a value with one quote is kept", []string{`foo="bar`}, `foo="bar`},
		{"a UTF-8 value is kept", []string{"foo=b\xc3\xa4r"}, "foo=b\xc3\xa4r"},
		{"a name outside the token set is kept", []string{"@a=bar"}, "@a=bar"},
		{"a name with a space is kept", []string{"foo bar=baz"}, "foo bar=baz"},
		{"spaces around the value are trimmed", []string{"foo=  bar  "}, "foo=bar"},
		{"the value splits on the first =", []string{"foo=bar=baz"}, "foo=bar=baz"},
		// RFC 6265bis section 5.6: a header without "=", or with nothing
		// before it, is a nameless cookie, sent as its value alone (5.8.3).
		{"a header without = is a nameless cookie (RFC 6265bis 5.6)", []string{"bar"}, "bar"},
		{"an empty name makes a nameless cookie (RFC 6265bis 5.6)", []string{"=bar"}, "bar"},
		{"a later nameless cookie replaces an earlier one (RFC 6265bis 5.7)", []string{"=bar", "baz"}, "baz"},
		{"a nameless cookie keeps its = signs (RFC 6265bis 5.6)", []string{"=a=b"}, "a=b"},
		// RFC 6265bis section 5.7: nor as __Secure- or __Host-, any case.
		{"a nameless cookie cannot pass for a __Host- one (RFC 6265bis 5.7)", []string{"=__Host-a=1; Path=/"}, ""},
		{"a nameless cookie cannot pass for a __Secure- one (RFC 6265bis 5.7)", []string{"__sEcUrE-a=1"}, ""},
		{"an empty name and value is ignored", []string{"=; Path=/"}, ""},
		{"an empty value is kept", []string{"foo="}, "foo="},
		{"a control character ignores the header", []string{"foo=b\x01ar"}, ""},
		{"a NUL ignores the header (RFC 6265bis 5.6)", []string{"testpath=t; Path=/te\x00st"}, ""},
		{"a CR ignores the header (RFC 6265bis 5.6)", []string{"foo=b\rar"}, ""},
		{"a tab is allowed", []string{"foo=b\tar"}, "foo=b\tar"},
		{"attribute names are trimmed and case-insensitive", []string{"foo=bar; PATH    =/cookie-parser-result"}, "foo=bar"},
		{"a path elsewhere hides the cookie", []string{"foo=bar; path=/other"}, ""},
		{"a path not starting with / is the default path", []string{"foo=bar; path=qux"}, "foo=bar"},
		{"a quoted domain does not match the host", []string{`foo=bar; domain="home.example.org"`}, ""},
		{"a leading dot of the domain is dropped", []string{"foo=bar; domain=.home.example.org"}, "foo=bar"},
		{"only one leading dot is dropped", []string{"foo=bar; domain=..home.example.org"}, ""},
		{"an empty domain attribute is ignored", []string{"foo=bar; domain="}, "foo=bar"},
		{"Max-Age=0 deletes", []string{"foo=bar", "foo=bar; max-age=0"}, ""},
		{"a bad Max-Age is ignored", []string{"foo=bar; max-age=+10"}, "foo=bar"},
		{"a past Expires deletes", []string{"foo=bar", "foo=bar; expires=Fri, 07 Aug 2007 08:04:19 GMT"}, ""},
		{"Expires read by the cookie-date algorithm", []string{"foo=bar; expires=Thu 10 Apr 2098 10:33:21"}, "foo=bar"},
		{"the last of an attribute wins", []string{"foo=bar; path=/other; path=/"}, "foo=bar"},
		{"__Secure- needs Secure", []string{"__Secure-a=1"}, ""},
		{"__Host- needs Secure, no Domain and Path=/", []string{"__Host-a=1; Secure; Path=/; Domain=home.example.org"}, ""},
		{"later cookies come after earlier ones", []string{"a=1", "b=2"}, "a=1; b=2"},
	}
	for _, tt := range tests {
		j, _ := testJar()
		setCookies(j, from, tt.lines...)
		if got := j.Header(mustURL(to)); got != tt.want {
			t.Errorf("%s: Set-Cookie %q sends Cookie %q; want %q", tt.name, tt.lines, got, tt.want)
		}
	}
}

func TestParseCookieDate(t *testing.T) {
	for in, want := range map[string]string{
		"Thu, 01 Jan 2015 00:00:00 GMT": "2015-01-01T00:00:00Z",
		"Thu 10 Apr 2098 10:33:21":      "2098-04-10T10:33:21Z",
		"10-Apr-98 10:33:21":            "1998-04-10T10:33:21Z",
		"Apr 10 10:33:21 69":            "2069-04-10T10:33:21Z",
		"31 Feb 2020 00:00:00":          "",
		"1 Jan 1600 00:00:00":           "",
		"Jan 1 2020":                    "",
	} {
		got, ok := parseCookieDate(in)
		if s := got.Format(time.RFC3339); ok != (want != "") || ok && s != want {
			t.Errorf("parseCookieDate(%q) = %s, %v; want %q", in, s, ok, want)
		}
	}
}

// No way into a jar lets a cookie break the Cookie header: Set refuses it,
// SetCookies and Load skip it.
func TestNothingInjectsIntoTheCookieHeader(t *testing.T) {
	j, _ := testJar()
	u := mustURL("http://example.com/")
	for _, c := range []*http.Cookie{
		{Name: "ok", Value: "v; admin=1", Domain: "example.com"},
		{Name: "ok", Value: "v\x01", Domain: "example.com"},
		{Name: "a=b", Value: "v", Domain: "example.com"},
	} {
		if err := j.Set(c); err == nil {
			t.Errorf("Set(%q=%q) was accepted", c.Name, c.Value)
		}
		j.SetCookies(u, []*http.Cookie{c})
	}
	path := filepath.Join(t.TempDir(), "cookies.txt")
	os.WriteFile(path, []byte("example.com\tFALSE\t/\tFALSE\t0\tok\tv; admin=1\n"+
		"example.com\tFALSE\t/\tFALSE\t0\tctl\tv\x01\n"+
		"example.com\tFALSE\t/\tFALSE\t0\tgood\tyes\n"), 0o600)
	if err := j.Load(path); err != nil {
		t.Fatal(err)
	}
	if got := j.Header(u); got != "good=yes" {
		t.Errorf("Cookie %q; want only the cookie that fits", got)
	}
}
