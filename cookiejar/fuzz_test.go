package cookiejar

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func FuzzSetCookie(f *testing.F) {
	f.Add("http://www.example.com/a/b", "sid=1; Domain=example.com; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
	f.Add("https://127.0.0.1:8080/", `x="a b"; Expires=Thu, 01 Jan 2015 00:00:00 GMT`)
	f.Add("http://www.example.com./", "=__Host-x=1; Domain=example.com.")
	f.Add("http://h.example/", "nameless; Secure")
	f.Add("https://h.example/", "testpath=t; Path=/te\x00st")
	f.Fuzz(func(t *testing.T, rawURL, line string) {
		u, err := url.Parse(rawURL)
		if err != nil {
			return
		}
		j := newJar(publicSuffixForFuzz{}, func() time.Time { return time.Unix(1_800_000_000, 0) })
		j.SetCookieLines(u, []string{line})
		for _, c := range j.Cookies(u) {
			if strings.ContainsAny(c.Name+c.Value, "\r\n;\x00") {
				t.Errorf("a stored cookie breaks the Cookie header: %q=%q", c.Name, c.Value)
			}
			if c.Name == "" && (hasPrefixFold(c.Value, "__Host-") || hasPrefixFold(c.Value, "__Secure-")) {
				t.Errorf("a nameless cookie reads as a prefixed one: %q", c.Value)
			}
		}
		j.All()
	})
}

// publicSuffixForFuzz is the last label as the public suffix.
type publicSuffixForFuzz struct{}

func (publicSuffixForFuzz) PublicSuffix(d string) string { return d[strings.LastIndex(d, ".")+1:] }
