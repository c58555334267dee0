package requests

import (
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-requests/requests/internal/netrc"
)

// golden reads testdata/golden/name, written by testdata/golden/gen.py from
// Python requests.
func golden[T any](t testing.TB, name string) []T {
	t.Helper()
	data, err := os.ReadFile("testdata/golden/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []T }
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber() // keep 1.0 apart from 1
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) == 0 {
		t.Fatalf("%s holds no cases", name)
	}
	return g.Cases
}

type urlCase struct {
	Input   string
	Params  map[string]any
	URL     string
	Error   string
	Message string
}

// pythonKinds maps requests' exception names to the package's kinds.
var pythonKinds = map[string]error{
	"MissingSchema": ErrMissingSchema,
	"InvalidURL":    ErrInvalidURL,
	"InvalidSchema": ErrInvalidSchema,
}

// prepareForTest runs a URL through preparation and transport selection,
// as a request would, and returns the URL that would be sent.
func prepareForTest(raw string, params Params) (string, error) {
	cfg := config{params: params}
	pr, err := prepare("GET", raw, &cfg)
	if err != nil {
		return "", err
	}
	s := &Session{}
	hs := cfg.exchangeSettings()
	if _, _, err := s.transportFor(pr, &hs); err != nil {
		return "", err
	}
	return pr.URL.String(), nil
}

func TestPrepareURLMatchesRequests(t *testing.T) {
	for _, c := range golden[urlCase](t, "urls.json") {
		got, err := prepareForTest(c.Input, nil)
		want := c.URL
		wantKind := pythonKinds[c.Error]
		if c.Error == "" && !strings.HasPrefix(want, "http://") && !strings.HasPrefix(want, "https://") {
			// requests prepares it, then finds no adapter when sending.
			wantKind, want = ErrInvalidSchema, ""
		}
		if wantKind != nil {
			if !errors.Is(err, wantKind) {
				t.Errorf("prepare(%q) = %q, %v; want an error matching %v (requests: %s: %s)", c.Input, got, err, wantKind, c.Error, c.Message)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("prepare(%q) = %q, %v; want %q", c.Input, got, err, want)
		}
	}
}

// queryPairs splits a URL into what precedes its query, its query pairs in a
// stable order by key, and its fragment: requests keeps the order of a
// Python dict, a Go map has none, so keys are sorted.
func queryPairs(t *testing.T, s string) (string, []string, string) {
	t.Helper()
	base, rest, _ := strings.Cut(s, "?")
	query, fragment, _ := strings.Cut(rest, "#")
	var pairs []string
	if query != "" {
		pairs = strings.Split(query, "&")
	}
	slices.SortStableFunc(pairs, func(a, b string) int {
		ka, _, _ := strings.Cut(a, "=")
		kb, _, _ := strings.Cut(b, "=")
		return strings.Compare(ka, kb)
	})
	return base, pairs, fragment
}

func TestParamsMatchRequests(t *testing.T) {
	for _, c := range golden[urlCase](t, "params.json") {
		params := Params{}
		for k, v := range c.Params {
			params[k] = jsonToGo(v)
		}
		got, err := prepareForTest(c.Input, params)
		if err != nil {
			t.Errorf("prepare(%q, %v): %v", c.Input, c.Params, err)
			continue
		}
		gb, gp, gf := queryPairs(t, got)
		wb, wp, wf := queryPairs(t, c.URL)
		if gb != wb || !slices.Equal(gp, wp) || gf != wf {
			t.Errorf("prepare(%q, %v) = %q; want %q (in any key order)", c.Input, c.Params, got, c.URL)
		}
	}
}

// jsonToGo turns a decoded JSON value into the Go value a caller would
// pass: a number written with a point or an exponent is a float64.
func jsonToGo(v any) any {
	switch v := v.(type) {
	case json.Number:
		if !strings.ContainsAny(v.String(), ".eE") {
			n, _ := v.Int64()
			return n
		}
		f, _ := v.Float64()
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonToGo(e)
		}
		return out
	}
	return v
}

func TestShouldStripAuthMatchesRequests(t *testing.T) {
	type stripCase struct {
		Old, New string
		Strip    bool
	}
	for _, c := range golden[stripCase](t, "strip_auth.json") {
		o, _ := prepareForTest(c.Old, nil)
		n, _ := prepareForTest(c.New, nil)
		ou, _ := url.Parse(o)
		nu, _ := url.Parse(n)
		if got := shouldStripAuth(ou, nu); got != c.Strip {
			t.Errorf("shouldStripAuth(%q, %q) = %v; want %v", c.Old, c.New, got, c.Strip)
		}
	}
}

func TestParseLinksMatchesRequests(t *testing.T) {
	type linksCase struct {
		Input string
		Links []map[string]string
	}
	for _, c := range golden[linksCase](t, "links.json") {
		got := ParseLinks(c.Input)
		var flat []map[string]string
		for _, l := range got {
			m := map[string]string{"url": l.URL}
			for k, v := range l.Params {
				m[k] = v
			}
			flat = append(flat, m)
		}
		a, _ := json.Marshal(flat)
		b, _ := json.Marshal(c.Links)
		if string(a) != string(b) && !(len(flat) == 0 && len(c.Links) == 0) {
			t.Errorf("ParseLinks(%q) = %s; want %s", c.Input, a, b)
		}
	}
}

func TestNetrcTakesTheRealHost(t *testing.T) {
	// CVE-2024-47081: with "http://example.com:@127.0.0.1/" the host is
	// 127.0.0.1; example.com is a user name.
	f := netrc.Parse("machine example.com login bob password b\nmachine 127.0.0.1 login alice password a\n")
	u, _ := url.Parse("http://example.com:@127.0.0.1:8080/")
	if user, _, _ := f.Lookup(u.Hostname()); user != "alice" {
		t.Errorf("lookup(%q) = %q; want alice", u.Hostname(), user)
	}
	f = netrc.Parse("machine a login x password y\nmacdef init\ncd /tmp\nput file\n\nmachine b account acct password p\n")
	if user, pass, ok := f.Lookup("b"); user != "acct" || pass != "p" || !ok {
		t.Errorf("after a macdef: %q %q %v; want the account as the user", user, pass, ok)
	}
}

func TestNoProxyMatching(t *testing.T) {
	tests := []struct {
		url, noProxy string
		bypass       bool
	}{
		{"http://example.com/", "example.com", true},
		{"http://www.example.com/", "example.com", true},
		{"http://www.example.com/", ".example.com", true},
		{"http://notexample.com/", "example.com", false},
		{"http://example.com:8080/", "example.com:8080", true},
		{"http://example.com:8080/", "example.com:9090", false},
		{"http://10.1.2.3/", "10.0.0.0/8", true},
		{"http://11.1.2.3/", "10.0.0.0/8", false},
		{"http://10.1.2.3/", "10.1.2.3", true},
		{"http://[2001:db8::1]/", "2001:db8::/32", true},
		{"http://[2001:db9::1]/", "2001:db8::/32", false},
		{"http://[::1]:80/", "::1", true},
		{"http://anything/", "*", true},
		{"http://a.b/", " x.y , a.b ", true},
		{"http://a.b/", "", false},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := bypassProxy(u, tt.noProxy); got != tt.bypass {
			t.Errorf("bypassProxy(%s, %q) = %v; want %v", tt.url, tt.noProxy, got, tt.bypass)
		}
	}
}
