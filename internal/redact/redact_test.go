package redact

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSecretNames(t *testing.T) {
	p := New("X-Tenant")
	for name, want := range map[string]bool{
		"Authorization": true, "proxy-authorization": true, "Cookie": true, "Set-Cookie": true,
		"X-Api-Key": true, "X-Auth-Token": true, "access_token": true, "client_secret": true,
		"X-Amz-Signature": true, "PHPSESSID": true, "db_password": true, "apikey": true, "sig": true,
		"X-Tenant": true, "x-tenant": true,
		"Accept": false, "Keep-Alive": false, "Content-Type": false, "Access-Control-Allow-Credentials": false,
		"WWW-Authenticate": false, "page": false, "monkey": false, "X-Amz-Credential": false,
	} {
		if got := p.Secret(name); got != want {
			t.Errorf("Secret(%q) = %v; want %v", name, got, want)
		}
	}
}

func TestURLAndHeader(t *testing.T) {
	u, _ := url.Parse("https://ann:pw@api.example/v1?page=2&access_token=abc&q=x%20y&api_key=")
	if got, want := (*Policy)(nil).URL(u), "https://ann:REDACTED@api.example/v1?page=2&access_token=REDACTED&q=x%20y&api_key="; got != want {
		t.Errorf("URL = %s; want %s", got, want)
	}
	h := http.Header{"Cookie": {"a=1; b=2"}, "Set-Cookie": {"id=1; Path=/; HttpOnly"}, "X-Api-Key": {"k"}, "Accept": {"*/*"}}
	got := (*Policy)(nil).Header(h)
	want := http.Header{"Cookie": {"a=REDACTED; b=REDACTED"}, "Set-Cookie": {"id=REDACTED; Path=/; HttpOnly"}, "X-Api-Key": {"REDACTED"}, "Accept": {"*/*"}}
	for k := range want {
		if strings.Join(got[k], "|") != strings.Join(want[k], "|") {
			t.Errorf("Header[%s] = %q; want %q", k, got[k], want[k])
		}
	}
	if h.Get("X-Api-Key") != "k" {
		t.Errorf("Header changed its argument")
	}
}

// FuzzQuery: any raw query comes back with as many pairs, each either as
// it was or with its value hidden, and only a secret one hidden.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "access_token=x&b=2", "&&=&token", "%zz=1&key=%", "sig=a=b"} {
		f.Add(s)
	}
	p := New("extra")
	f.Fuzz(func(t *testing.T, raw string) {
		out := p.Query(raw)
		in, got := strings.Split(raw, "&"), strings.Split(out, "&")
		if raw == "" {
			if out != "" {
				t.Fatalf("Query(%q) = %q", raw, out)
			}
			return
		}
		if len(in) != len(got) {
			t.Fatalf("Query(%q) = %q: %d pairs, want %d", raw, out, len(got), len(in))
		}
		for i := range in {
			if in[i] == got[i] {
				continue
			}
			name, _, _ := strings.Cut(in[i], "=")
			key, err := url.QueryUnescape(name)
			if err != nil {
				key = name
			}
			if got[i] != name+"="+Mask || !p.Secret(key) {
				t.Fatalf("Query(%q): pair %q became %q", raw, in[i], got[i])
			}
		}
	})
}
