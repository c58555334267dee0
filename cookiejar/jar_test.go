package cookiejar

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/publicsuffix"
)

// testJar is a jar with the real public suffix list and a clock the test
// moves.
func testJar() (*Jar, *time.Time) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return newJar(publicsuffix.List, func() time.Time { return now }), &now
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func setCookies(j *Jar, from string, lines ...string) {
	j.SetCookieLines(mustURL(from), lines)
}

func sent(j *Jar, to string) string {
	var s []string
	for _, c := range j.Cookies(mustURL(to)) {
		s = append(s, c.Name+"="+c.Value)
	}
	return strings.Join(s, "; ")
}

func TestCookieJarRules(t *testing.T) {
	tests := []struct {
		name, from string
		set        []string
		to         map[string]string // URL -> Cookie header
	}{
		{"a cookie without Domain is host-only", "http://www.example.com/", []string{"a=1"},
			map[string]string{"http://www.example.com/": "a=1", "http://sub.www.example.com/": "", "http://example.com/": ""}},
		{"a Domain cookie reaches subdomains", "http://www.example.com/", []string{"a=1; Domain=example.com"},
			map[string]string{"http://example.com/": "a=1", "http://x.y.example.com/": "a=1", "http://notexample.com/": ""}},
		{"a Domain the host is not in is refused", "http://www.example.com/", []string{"a=1; Domain=other.com"},
			map[string]string{"http://other.com/": "", "http://www.example.com/": ""}},
		{"a public suffix is refused as a Domain", "http://www.example.co.uk/", []string{"a=1; Domain=co.uk"},
			map[string]string{"http://other.co.uk/": "", "http://www.example.co.uk/": ""}},
		{"the path is matched on segment boundaries", "http://h.com/", []string{"a=1; Path=/app"},
			map[string]string{"http://h.com/app": "a=1", "http://h.com/app/x": "a=1", "http://h.com/application": "", "http://h.com/": ""}},
		{"the default path is the directory of the request", "http://h.com/dir/page", []string{"a=1"},
			map[string]string{"http://h.com/dir/other": "a=1", "http://h.com/": ""}},
		{"Secure cookies are never sent over http", "https://h.com/", []string{"a=1; Secure", "b=2"},
			map[string]string{"https://h.com/": "a=1; b=2", "http://h.com/": "b=2", "http://localhost/": ""}},
		{"longer paths come first", "http://h.com/", []string{"a=1; Path=/", "b=2; Path=/x/y", "c=3; Path=/x"},
			map[string]string{"http://h.com/x/y/z": "b=2; c=3; a=1"}},
		{"Max-Age=0 deletes", "http://h.com/", []string{"a=1", "a=1; Max-Age=0"},
			map[string]string{"http://h.com/": ""}},
		{"a past Expires deletes", "http://h.com/", []string{"a=1", "a=1; Expires=Thu, 01 Jan 2015 00:00:00 GMT"},
			map[string]string{"http://h.com/": ""}},
		{"Max-Age wins over a past Expires", "http://h.com/", []string{"a=1; Max-Age=60; Expires=Thu, 01 Jan 2015 00:00:00 GMT"},
			map[string]string{"http://h.com/": "a=1"}},
		{"an IP address sets host-only cookies", "http://127.0.0.1:8080/", []string{"a=1", "b=2; Domain=127.0.0.1", "c=3; Domain=.0.0.1"},
			map[string]string{"http://127.0.0.1:9090/": "a=1; b=2"}},
		{"other schemes get nothing", "http://h.com/", []string{"a=1"},
			map[string]string{"ftp://h.com/": "", "ws://h.com/": ""}},
	}
	for _, tt := range tests {
		j, _ := testJar()
		setCookies(j, tt.from, tt.set...)
		for to, want := range tt.to {
			if got := sent(j, to); got != want {
				t.Errorf("%s: to %s sent %q; want %q", tt.name, to, got, want)
			}
		}
	}
}

func TestCookieJarExpiry(t *testing.T) {
	j, now := testJar()
	setCookies(j, "http://h.com/", "short=1; Max-Age=10", "long=2; Max-Age=100", "session=3")
	*now = now.Add(11 * time.Second)
	if got := sent(j, "http://h.com/"); got != "long=2; session=3" {
		t.Errorf("after 11s: %q", got)
	}
	if j.Len() != 2 {
		t.Errorf("Len = %d", j.Len())
	}
}

func TestCookieJarKeepsAttributes(t *testing.T) {
	j, _ := testJar()
	setCookies(j, "https://www.example.com/a/b",
		"first=1; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600",
		"second=2; Partitioned; Secure; SameSite=None",
		`third="quoted value"`)
	all := j.All()
	if len(all) != 3 || all[0].Name != "first" || all[1].Name != "second" || all[2].Name != "third" {
		t.Fatalf("All() = %v; want the order set", all)
	}
	f := all[0]
	if f.Domain != ".example.com" || f.Path != "/" || !f.Secure || !f.HttpOnly || f.SameSite != http.SameSiteStrictMode || f.Expires.IsZero() {
		t.Errorf("first = %+v", f)
	}
	s := all[1]
	if s.Domain != "www.example.com" || s.Path != "/a" || !s.Partitioned || s.SameSite != http.SameSiteNoneMode || !s.Expires.IsZero() {
		t.Errorf("second = %+v", s)
	}
	if all[2].Value != `"quoted value"` || all[2].Quoted {
		t.Errorf("third = %+v; want the value byte for byte, quotes included", all[2])
	}

	path := filepath.Join(t.TempDir(), "cookies.json")
	if err := j.Save(path); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("saved with mode %v", fi.Mode())
	}
	k, _ := testJar()
	if err := k.Load(path); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(k.All(), all) || !reflect.DeepEqual(k.all(), j.all()) {
		t.Errorf("Load(Save) lost something:\n%+v\n%+v", k.all(), j.all())
	}
}

func TestCookieJarLookup(t *testing.T) {
	j, _ := testJar()
	setCookies(j, "http://a.example.com/", "theme=dark", "user=jane; Path=/x")
	setCookies(j, "http://b.example.com/", "theme=light")
	if j.Get("user") != "jane" || j.Get("missing") != "" {
		t.Errorf("Get: %q %q", j.Get("user"), j.Get("missing"))
	}
	if j.Get("theme") != "" {
		t.Errorf("Get of a conflicting name = %q; want \"\"", j.Get("theme"))
	}
	_, err := j.Lookup("theme", "", "")
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "a.example.com") {
		t.Errorf("Lookup(theme) = %v; want ErrConflict naming the domains", err)
	}
	if c, err := j.Lookup("theme", "b.example.com", ""); err != nil || c.Value != "light" {
		t.Errorf("Lookup(theme, b) = %v, %v", c, err)
	}
	if _, err := j.Lookup("nope", "", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("Lookup(nope) = %v; want ErrNotFound", err)
	}
	if n := j.Delete("theme", "a.example.com", ""); n != 1 || j.Get("theme") != "light" {
		t.Errorf("Delete = %d, then Get = %q", n, j.Get("theme"))
	}
	if err := j.Set(&http.Cookie{Name: "k", Value: "v", Domain: ".example.com"}); err != nil {
		t.Fatal(err)
	}
	if got := sent(j, "http://deep.example.com/any"); !strings.Contains(got, "k=v") {
		t.Errorf("a Set domain cookie was not sent: %q", got)
	}
	if err := j.Set(&http.Cookie{Name: "h", Value: "v", Domain: "only.example.com"}); err != nil {
		t.Fatal(err)
	}
	if sent(j, "http://sub.only.example.com/") != "k=v" {
		t.Errorf("a Set host-only cookie reached a subdomain")
	}
	for _, bad := range []*http.Cookie{{Name: "x", Value: "v"}, {Name: "x", Value: "v", Domain: ".com"}, {Name: "", Value: "v", Domain: "h.com"}} {
		if err := j.Set(bad); err == nil {
			t.Errorf("Set(%+v) = nil; want an error", bad)
		}
	}
	j.Clear()
	if j.Len() != 0 {
		t.Errorf("Clear left %d", j.Len())
	}
}

func TestCookieJarLoadsNetscapeFiles(t *testing.T) {
	file := "# Netscape HTTP Cookie File\n" +
		"# This file was generated by curl.\n\n" +
		".example.com\tTRUE\t/\tFALSE\t4102444800\tdomain\tyes\n" +
		"www.example.com\tFALSE\t/app\tTRUE\t0\tsession\tabc\n" +
		"#HttpOnly_example.com\tFALSE\t/\tFALSE\t4102444800\tsid\t42\n" +
		"example.com\tFALSE\t/\tFALSE\t1\texpired\tgone\n" +
		"example.com\tFALSE\t/\tFALSE\t4102444800\tempty\t\n"
	path := filepath.Join(t.TempDir(), "cookies.txt")
	os.WriteFile(path, []byte(file), 0o600)
	j, _ := testJar()
	if err := j.Load(path); err != nil {
		t.Fatal(err)
	}
	if got := sent(j, "https://www.example.com/app/x"); got != "session=abc; domain=yes" {
		t.Errorf("to www: %q", got)
	}
	if got := sent(j, "http://example.com/"); got != "domain=yes; sid=42; empty=" {
		t.Errorf("to example.com: %q", got)
	}
	c, err := j.Lookup("sid", "", "")
	if err != nil || !c.HttpOnly || c.Domain != "example.com" {
		t.Errorf("sid = %+v, %v", c, err)
	}
	os.WriteFile(path, []byte("example.com\tTRUE\t/\n"), 0o600)
	if err := j.Load(path); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a broken line: %v", err)
	}
}

// TestCookieJarLeavesSecureCookiesAlone checks RFC 6265bis section 5.7
// ("Leave Secure Cookies Alone"): a plain http response can neither set a
// Secure cookie nor overwrite, delete or shadow one.
func TestCookieJarLeavesSecureCookiesAlone(t *testing.T) {
	type step = jarStep
	tests := []struct {
		name  string
		steps []step
		to    map[string]string // URL -> Cookie header
	}{
		{"a Secure cookie set over http is ignored (RFC 6265bis 5.7)",
			[]step{{"http://www.example.com/", "a=1; Secure"}},
			map[string]string{"https://www.example.com/": "", "http://www.example.com/": ""}},
		{"a Secure cookie set over https is kept (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}},
			map[string]string{"https://www.example.com/": "a=1", "http://www.example.com/": ""}},
		{"http cannot overwrite a Secure cookie (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}, {"http://www.example.com/", "a=2"}},
			map[string]string{"https://www.example.com/": "a=1", "http://www.example.com/": ""}},
		{"http cannot delete a Secure cookie (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}, {"http://www.example.com/", "a=; Max-Age=0"}},
			map[string]string{"https://www.example.com/": "a=1"}},
		{"http cannot shadow a Secure cookie with a longer path (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure; Path=/"}, {"http://www.example.com/", "a=2; Path=/sub"}},
			map[string]string{"https://www.example.com/sub": "a=1", "http://www.example.com/sub": ""}},
		{"http cannot shadow a Secure cookie from a wider domain (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}, {"http://www.example.com/", "a=2; Domain=example.com"}},
			map[string]string{"https://www.example.com/": "a=1", "http://example.com/": ""}},
		{"http cannot shadow a Secure domain cookie from a subdomain (RFC 6265bis 5.7)",
			[]step{{"https://example.com/", "a=1; Secure; Domain=example.com"}, {"http://www.example.com/", "a=2"}},
			map[string]string{"https://www.example.com/": "a=1", "http://www.example.com/": ""}},
		{"http may set the name where the Secure cookie's path does not reach (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure; Path=/secure"}, {"http://www.example.com/", "a=2; Path=/"}},
			map[string]string{"https://www.example.com/secure": "a=1; a=2", "http://www.example.com/": "a=2"}},
		{"http may set another name beside a Secure cookie (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}, {"http://www.example.com/", "b=2"}},
			map[string]string{"https://www.example.com/": "a=1; b=2", "http://www.example.com/": "b=2"}},
		{"https may overwrite a Secure cookie with a plain one (RFC 6265bis 5.7)",
			[]step{{"https://www.example.com/", "a=1; Secure"}, {"https://www.example.com/", "a=2"}},
			map[string]string{"http://www.example.com/": "a=2"}},
	}
	for _, tt := range tests {
		checkSteps(t, tt.name, tt.steps, tt.to)
	}
}

// TestCookieJarIdentity checks what makes two cookies one: name, domain,
// path, and whether the cookie is host-only (RFC 6265bis section 5.7, as
// browsers key their stores), and hosts with a trailing dot.
func TestCookieJarIdentity(t *testing.T) {
	type step = jarStep
	tests := []struct {
		name  string
		steps []step
		to    map[string]string
	}{
		{"a host-only cookie does not replace a domain cookie of the same name (RFC 6265bis 5.7)",
			[]step{{"http://example.com/", "a=1; Domain=example.com"}, {"http://example.com/", "a=2"}},
			map[string]string{"http://example.com/": "a=1; a=2", "http://www.example.com/": "a=1"}},
		{"a domain cookie does not replace a host-only cookie of the same name (RFC 6265bis 5.7)",
			[]step{{"http://example.com/", "a=1"}, {"http://example.com/", "a=2; Domain=example.com"}},
			map[string]string{"http://example.com/": "a=1; a=2", "http://www.example.com/": "a=2"}},
		{"a domain cookie replaces a domain cookie (RFC 6265bis 5.7)",
			[]step{{"http://example.com/", "a=1; Domain=example.com"}, {"http://www.example.com/", "a=2; Domain=.example.com"}},
			map[string]string{"http://example.com/": "a=2"}},
		{"a Max-Age=0 host-only cookie leaves the domain cookie (RFC 6265bis 5.7)",
			[]step{{"http://example.com/", "a=1; Domain=example.com"}, {"http://example.com/", "a=2"}, {"http://example.com/", "a=; Max-Age=0"}},
			map[string]string{"http://example.com/": "a=1"}},
		{"a host with a trailing dot does not share cookies with the host without it",
			[]step{{"http://www.example.com./", "a=1"}, {"http://www.example.com/", "b=2"}},
			map[string]string{"http://www.example.com./": "a=1", "http://www.example.com/": "b=2"}},
		{"a Domain without the trailing dot does not match a host with it",
			[]step{{"http://www.example.com./", "a=1; Domain=example.com"}},
			map[string]string{"http://www.example.com./": "", "http://www.example.com/": ""}},
		{"a Domain with the trailing dot matches the hosts with it",
			[]step{{"http://www.example.com./", "a=1; Domain=example.com."}, {"http://www.example.com/", "b=2; Domain=example.com."}},
			map[string]string{"http://x.example.com./": "a=1", "http://x.example.com/": ""}},
	}
	for _, tt := range tests {
		checkSteps(t, tt.name, tt.steps, tt.to)
	}
}

// jarStep is a Set-Cookie line received from a URL.
type jarStep struct{ from, line string }

// checkSteps sets the cookies of steps in a new jar, in order, and checks
// the Cookie header sent to each URL of to.
func checkSteps(t *testing.T, name string, steps []jarStep, to map[string]string) {
	t.Helper()
	j, _ := testJar()
	for _, s := range steps {
		setCookies(j, s.from, s.line)
	}
	for u, want := range to {
		if got := sent(j, u); got != want {
			t.Errorf("%s: to %s sent %q; want %q", name, u, got, want)
		}
	}
}

// Cookies net/http parsed (SetCookies, as an http.Client's jar) with a
// control character in the line are ignored too (RFC 6265bis 5.6): net/http
// keeps a NUL in the Path attribute.
func TestSetCookiesIgnoresControlCharacters(t *testing.T) {
	for _, line := range []string{"testpath=t; Path=/te\x00st", "a=1; Domain=example.com\x00"} {
		j, _ := testJar()
		u := mustURL("http://www.example.com/")
		h := http.Header{"Set-Cookie": {line}}
		cookies := (&http.Response{Header: h}).Cookies()
		j.SetCookies(u, cookies)
		if n := j.Len(); n != 0 {
			t.Errorf("Set-Cookie %q through net/http's parser: the jar holds %d cookies; want none", line, n)
		}
	}
}
