package cookiejar

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/publicsuffix"
)

// httpStateDifferences are the http-state cases (testdata/http-state) the
// jar answers differently on purpose, and why.
var httpStateDifferences = map[string]string{
	"DISABLED_CHROMIUM0022": "a NUL in the header ignores it whole (RFC 6265bis 5.6 step 1), where the case, disabled in Chromium's own run, expects the value cut there",
	"DISABLED_CHROMIUM0023": "a CR in the header ignores it whole (RFC 6265bis 5.6 step 1), where the case, disabled in Chromium's own run, expects the value cut there",
}

func TestHTTPStateCases(t *testing.T) {
	data, err := os.ReadFile("testdata/http-state/parser.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Test     string
		Received []string
		SentTo   string `json:"sent-to"`
		Sent     []struct{ Name, Value string }
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	// The cases' Expires dates (2017, 2019) are in the future of their time.
	now := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	passed := 0
	for _, c := range cases {
		j := newJar(publicsuffix.List, func() time.Time { return now })
		from := mustURL("http://home.example.org:8888/cookie-parser?" + c.Test)
		j.SetCookieLines(from, c.Received)
		to := mustURL("http://home.example.org:8888/cookie-parser-result?" + c.Test)
		if c.SentTo != "" {
			to = from.ResolveReference(mustURL(c.SentTo))
		}
		var got, want []string
		for _, ck := range j.Matching(to) {
			got = append(got, ck.Name+"="+ck.Value)
		}
		for _, ck := range c.Sent {
			want = append(want, ck.Name+"="+ck.Value)
		}
		same := strings.Join(got, "; ") == strings.Join(want, "; ")
		reason, listed := httpStateDifferences[c.Test]
		switch {
		case same && listed:
			t.Errorf("%s is answered as expected now: remove it from httpStateDifferences (%s)", c.Test, reason)
		case !same && !listed:
			t.Errorf("%s: Set-Cookie %q sends %q to %s; want %q", c.Test, c.Received, got, to, want)
		case same:
			passed++
		}
	}
	if len(cases) != 222 {
		t.Errorf("%d cases; want the suite's 222", len(cases))
	}
	t.Logf("%d of %d http-state cases answered as expected; %d listed differences", passed, len(cases), len(httpStateDifferences))
}
