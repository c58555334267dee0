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

// httpStateBis are the http-state cases whose expectation RFC 6265bis
// changed, with the Cookie header a user agent that follows it sends. The
// suite (2015) ignores a Set-Cookie without a name; RFC 6265bis section
// 5.6 and today's browsers keep it as a nameless cookie, sent back as its
// value alone (section 5.8.3), and a later nameless cookie replaces it.
var httpStateBis = map[string]string{
	"0004":         "foo",
	"0021":         "a=b; x; c=d",
	"0023":         "foo",
	"0024":         "foo",
	"0025":         "foo",
	"0026":         "foo",
	"0027":         "bar",
	"0028":         "foo",
	"CHROMIUM0009": "BLAHHH",
	"CHROMIUM0010": `"BLA\"HHH"`,
	"CHROMIUM0012": "ABC",
	"MOZILLA0012":  `test="fubar! = foo; five`,
	"MOZILLA0014":  "six",
	"MOZILLA0015":  "seven",
	"MOZILLA0016":  "eight",
	"MOZILLA0017":  "eight; test=six",
	"NAME0017":     "a=bar",
	"NAME0023":     "foo",
	"NAME0025":     "==a=bar",
	"NAME0028":     "a",
	"NAME0031":     `"foo`,
	"NAME0032":     `"foo\"bar`,
	"NAME0033":     "aaa",
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
		got := j.Header(to)
		var sent []string
		for _, ck := range c.Sent {
			sent = append(sent, ck.Name+"="+ck.Value)
		}
		want, bis := httpStateBis[c.Test]
		if !bis {
			want = strings.Join(sent, "; ")
		}
		same := got == want
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
	t.Logf("%d of %d http-state cases answered as expected (%d of them as RFC 6265bis expects); %d listed differences", passed, len(cases), len(httpStateBis), len(httpStateDifferences))
}
