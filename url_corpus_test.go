package requests

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-requests/requests/internal/urlprep"
	"github.com/go-requests/requests/internal/wire"
)

// The URL corpus (testdata/golden/urlcorpus.json, written by
// testdata/golden/urlcorpus.py from Python requests) holds some 2,500 URL
// strings: the Web Platform Tests' URL and IDNA inputs and URLs as users
// write them. For each, the package must do what requests does: prepare
// the same URL, send the same request target, or fail with the same kind
// of error; or the difference must be one of urlDifferences.

// urlOutcome is what requests did with one input.
type urlOutcome struct {
	URL         string
	PathURL     string `json:"path_url"`
	Error       string
	Message     string
	Send        *struct{ Target, Error, Message string }
	WithoutTabs *urlOutcome `json:"without_tabs"` // the input without its tabs, CRs and LFs
}

type corpusCase struct {
	Input, Source, Split string
	urlOutcome
	WithParams *urlOutcome `json:"with_params"` // with corpusParams
}

var corpusParams = Params{"q": "a b"}

// goOutcome is what the package did with one input: the prepared URL, the
// request target the engine would write, and the kind of error.
type goOutcome struct {
	url, target string
	kind        string // requests' name for the error; "" when it would be sent
	err         error
}

// corpusRun prepares raw and picks its transport, as a request does.
func corpusRun(s *Session, raw string, params Params) goOutcome {
	cfg := config{params: params}
	pr, err := prepare("GET", raw, &cfg)
	if err != nil {
		return goOutcome{kind: kindName(err), err: err}
	}
	o := goOutcome{url: pr.URL.String()}
	hs := cfg.exchangeSettings()
	if _, _, err := s.transportFor(pr, &hs); err != nil {
		o.kind, o.err = kindName(err), err
		return o
	}
	o.target = wire.OriginForm(pr.URL)
	return o
}

// kindName names the most specific URL kind err matches, in requests'
// words.
func kindName(err error) string {
	for _, k := range []struct {
		name string
		kind error
	}{{"MissingSchema", ErrMissingSchema}, {"InvalidSchema", ErrInvalidSchema}, {"InvalidURL", ErrInvalidURL}} {
		if errors.Is(err, k.kind) {
			return k.name
		}
	}
	if !errors.Is(err, ErrRequest) {
		return "not ErrRequest: " + err.Error()
	}
	return "other: " + err.Error()
}

// pythonKind is the kind matching an exception requests raised. urllib3's
// LocationParseError reaches a caller when urllib3 refuses a URL requests
// prepared; ValueError comes from urllib.parse refusing the brackets of an
// authority. Both say that the URL cannot be used.
func pythonKind(name string) string {
	switch name {
	case "LocationParseError", "LocationValueError", "ValueError":
		return "InvalidURL"
	}
	return name
}

// compare returns how got differs from want, or "".
func (want *urlOutcome) compare(got goOutcome) string {
	if want.Error != "" {
		if got.kind != pythonKind(want.Error) {
			return fmt.Sprintf("prepared to %q (%s), target %q; requests: %s: %s", got.url, orSent(got.kind), got.target, want.Error, want.Message)
		}
		return ""
	}
	wantKind, wantTarget := "", want.PathURL
	if want.Send != nil && want.Send.Error != "" {
		wantKind, wantTarget = pythonKind(want.Send.Error), ""
	}
	switch {
	case got.url == "" && got.kind == wantKind:
		// Refused before it was prepared, as requests refuses it when
		// sending: the caller sees the same error.
		return ""
	case got.url == "":
		return fmt.Sprintf("refused: %v; requests prepares %q, then %s", got.err, want.URL, want.sendString())
	case got.url != want.URL:
		return fmt.Sprintf("prepared to %q; requests prepares %q", got.url, want.URL)
	case got.kind != wantKind:
		return fmt.Sprintf("prepared to %q, then %s (%v); requests: %s", got.url, orSent(got.kind), got.err, want.sendString())
	case got.target != wantTarget:
		return fmt.Sprintf("prepared to %q, sends target %q; requests sends %q", got.url, got.target, wantTarget)
	}
	return ""
}

func orSent(kind string) string {
	if kind == "" {
		return "sent"
	}
	return kind
}

func (want *urlOutcome) sendString() string {
	switch {
	case want.Send == nil:
		return "?"
	case want.Send.Error != "":
		return want.Send.Error + ": " + want.Send.Message
	}
	return "sends target " + want.Send.Target
}

// A urlDifference is a deliberate disagreement with requests; each is in
// README.md's "Differences from Python requests". applies recognises the
// outcomes it explains.
type urlDifference struct {
	name, reason string
	example      string // an input of the corpus it explains
	applies      func(want *urlOutcome, got goOutcome) bool
}

var urlDifferences = []urlDifference{
	{
		name:    "tabs and newlines are dropped",
		example: "http://ho\tst/",
		reason: "the WHATWG URL standard drops ASCII tabs and newlines anywhere in a URL, as browsers do; " +
			"requests percent-encodes them (or keeps them, in a URL of another scheme)",
		applies: func(want *urlOutcome, got goOutcome) bool {
			// What the package did is what requests does without them.
			return want.WithoutTabs != nil && want.WithoutTabs.compare(got) == ""
		},
	},
	{
		name:    "a host that cannot be a host name is refused",
		example: "http://a b/",
		reason: "a host holding a space, '%', a control character or one of \"<>`{|}^ is ErrInvalidURL before anything is sent; " +
			"requests percent-encodes it and fails at DNS",
		applies: func(want *urlOutcome, got goOutcome) bool {
			return want.Error == "" && got.kind == "InvalidURL" && urlprep.InvalidHostChar(rawHost(want.URL)) >= 0
		},
	},
	{
		name:    "basic credentials are UTF-8",
		example: "http://foo:💩@example.com/bar",
		reason:  "RFC 7617; requests encodes the user and password of the URL as Latin-1 and raises UnicodeEncodeError for the rest",
		applies: func(want *urlOutcome, got goOutcome) bool {
			u, err := url.Parse(got.url)
			if want.Error != "UnicodeEncodeError" || got.kind != "" || err != nil || u.User == nil {
				return false
			}
			pass, _ := u.User.Password()
			return strings.ContainsFunc(u.User.Username()+pass, func(r rune) bool { return r > 0xff })
		},
	},
	{
		name:    "userinfo is printed by net/url",
		example: "https://a:b:c@[::1]:8443/x",
		reason: "PreparedRequest.URL is a *url.URL, whose String escapes a user name or password its own way " +
			"(a ':' in a password as %3A, '!' as %21); the credentials sent are the same, and the userinfo is not part of the request",
		applies: func(want *urlOutcome, got goOutcome) bool {
			if want.Error != "" || want.Send == nil || want.Send.Error != "" || got.kind != "" || got.target != want.PathURL {
				return false
			}
			u, err := url.Parse(got.url)
			if err != nil || u.User == nil {
				return false
			}
			wantUser, wantRest, ok := cutUserinfo(want.URL)
			gotUser, gotRest, _ := cutUserinfo(got.url)
			if !ok || wantRest != gotRest {
				return false
			}
			name, pass, _ := strings.Cut(wantUser, ":")
			name, err1 := url.PathUnescape(name)
			pass, err2 := url.PathUnescape(pass)
			gotPass, _ := u.User.Password()
			return err1 == nil && err2 == nil && gotUser != wantUser && name == u.User.Username() && pass == gotPass
		},
	},
}

// rawHost returns the host of a URL as written, without parsing it.
func rawHost(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		return rest
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && strings.Trim(rest[i+1:], "0123456789") == "" {
		rest = rest[:i]
	}
	return rest
}

// cutUserinfo splits the userinfo out of a URL.
func cutUserinfo(s string) (userinfo, rest string, ok bool) {
	scheme, after, ok := strings.Cut(s, "://")
	if !ok {
		return "", s, false
	}
	end := strings.IndexAny(after, "/?#")
	if end < 0 {
		end = len(after)
	}
	at := strings.LastIndexByte(after[:end], '@')
	if at < 0 {
		return "", s, false
	}
	return after[:at], scheme + "://" + after[at+1:], true
}

func TestURLCorpusMatchesRequests(t *testing.T) {
	cases := golden[corpusCase](t, "urlcorpus.json")
	type tally struct{ n, agree, listed int }
	tallies := map[string]*tally{}
	used := make([]int, len(urlDifferences))
	s := &Session{}
	check := func(c *corpusCase, want *urlOutcome, params Params) {
		tl := tallies[c.Split]
		if tl == nil {
			tl = &tally{}
			tallies[c.Split] = tl
		}
		tl.n++
		got := corpusRun(s, c.Input, params)
		d := want.compare(got)
		if d == "" {
			tl.agree++
			return
		}
		for i := range urlDifferences {
			if urlDifferences[i].applies(want, got) {
				used[i]++
				tl.listed++
				return
			}
		}
		with := ""
		if params != nil {
			with = fmt.Sprintf(" with %v", params)
		}
		t.Errorf("[%s, %s] %q%s: %s", c.Source, c.Split, c.Input, with, d)
	}
	for i := range cases {
		c := &cases[i]
		check(c, &c.urlOutcome, nil)
		if c.WithParams != nil {
			check(c, c.WithParams, corpusParams)
		}
	}
	for _, split := range []string{"tune", "heldout"} {
		if tl := tallies[split]; tl != nil {
			t.Logf("%s: %d outcomes, %d as requests, %d listed differences, %d others", split, tl.n, tl.agree, tl.listed, tl.n-tl.agree-tl.listed)
		}
	}
	for i, d := range urlDifferences {
		t.Logf("%q explains %d outcomes", d.name, used[i])
		if used[i] == 0 {
			t.Errorf("the difference %q explains no outcome of the corpus: remove it", d.name)
		}
		j := slices.IndexFunc(cases, func(c corpusCase) bool { return c.Input == d.example })
		if j < 0 {
			t.Errorf("the example of %q, %q, is not in the corpus", d.name, d.example)
			continue
		}
		if got := corpusRun(s, d.example, nil); cases[j].compare(got) == "" || !d.applies(&cases[j].urlOutcome, got) {
			t.Errorf("%q does not show %q", d.example, d.name)
		}
	}
}

// TestOriginFormIsSent sends the corpus' http URLs through the engine, over
// a Unix socket to a server that records request lines, and checks that
// the target written is wire.OriginForm's.
func TestOriginFormIsSent(t *testing.T) {
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"} {
		t.Setenv(k, "")
	}
	path := filepath.Join(t.TempDir(), "s")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Skip(err)
	}
	defer ln.Close()
	targets := make(chan string, 1)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					for {
						h, err := br.ReadString('\n')
						if err != nil {
							return
						}
						if h == "\r\n" {
							break
						}
					}
					fields := strings.Fields(line)
					if len(fields) != 3 {
						fields = []string{"", "malformed: " + line}
					}
					targets <- fields[1]
					if _, err := c.Write([]byte("HTTP/1.1 204 No Content\r\n\r\n")); err != nil {
						return
					}
				}
			}()
		}
	}()
	s := NewSession(UnixSocket(path))
	defer s.Close()
	ctx := context.Background()
	n := 0
	for _, c := range golden[corpusCase](t, "urlcorpus.json") {
		pu, err := prepareURL(c.Input, "")
		if err != nil || pu.Opaque || pu.URL.Scheme != "http" {
			continue
		}
		resp, err := s.Get(ctx, c.Input)
		if err != nil {
			t.Errorf("Get(%q): %v", c.Input, err)
			continue
		}
		resp.Close()
		n++
		if got, want := <-targets, wire.OriginForm(&pu.URL); got != want {
			t.Errorf("Get(%q) sent the target %q; wire.OriginForm says %q", c.Input, got, want)
		}
	}
	t.Logf("%d URLs sent", n)
	if n < 500 {
		t.Errorf("only %d URLs sent", n)
	}
}
