package requests_test

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-requests/requests"
)

func TestDigestAuthAgainstHttpbin(t *testing.T) {
	for _, alg := range []string{"MD5", "SHA-256"} {
		resp, err := requests.Get(context.Background(), httpbinURL+"/digest-auth/auth/user/passwd/"+alg, requests.DigestAuth("user", "passwd"))
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("%s: %v, %v", alg, resp, err)
			continue
		}
		if len(resp.History) != 1 || resp.History[0].StatusCode != 401 {
			t.Errorf("%s: History %v; want the answered 401", alg, resp.History)
		}
		resp, _ = requests.Get(context.Background(), httpbinURL+"/digest-auth/auth/user/passwd/"+alg, requests.DigestAuth("user", "wrong"))
		if resp.StatusCode != 401 {
			t.Errorf("%s with a wrong password: %d", alg, resp.StatusCode)
		}
	}
}

// digestServer checks Digest credentials with its own implementation of
// RFC 7616, and records the requests it sees.
type digestServer struct {
	mu        sync.Mutex
	algorithm string
	qop       string
	nonce     string
	stale     bool // the next Authorization gets a stale=true challenge
	seen      []string
	bodies    []string
	ncs       []string
}

func (d *digestServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	auth := r.Header.Get("Authorization")
	d.seen = append(d.seen, auth)
	d.bodies = append(d.bodies, string(body))
	params := map[string]string{}
	if rest, ok := strings.CutPrefix(auth, "Digest "); ok {
		for _, p := range strings.Split(rest, ", ") {
			k, v, _ := strings.Cut(p, "=")
			params[k] = strings.Trim(v, `"`)
		}
		d.ncs = append(d.ncs, params["nc"])
	}
	challenge := func(stale bool) {
		v := fmt.Sprintf(`Digest realm="test", nonce=%q, opaque="op", algorithm=%s`, d.nonce, d.algorithm)
		if d.qop != "" {
			v += fmt.Sprintf(`, qop=%q`, d.qop)
		}
		if stale {
			v += ", stale=true"
		}
		w.Header().Add("WWW-Authenticate", `Basic realm="other"`)
		w.Header().Add("WWW-Authenticate", v)
		w.WriteHeader(401)
	}
	if params["nonce"] == "" {
		challenge(false)
		return
	}
	if d.stale {
		d.stale = false
		d.nonce += "-fresh"
		challenge(true)
		return
	}
	var newHash func() hash.Hash
	switch strings.TrimSuffix(d.algorithm, "-sess") {
	case "MD5":
		newHash = md5.New
	case "SHA-256":
		newHash = sha256.New
	case "SHA-512-256":
		newHash = sha512.New512_256
	}
	H := func(s string) string { h := newHash(); h.Write([]byte(s)); return hex.EncodeToString(h.Sum(nil)) }
	ha1 := H("user:test:pass")
	if strings.HasSuffix(d.algorithm, "-sess") {
		ha1 = H(ha1 + ":" + params["nonce"] + ":" + params["cnonce"])
	}
	ha2 := H(r.Method + ":" + r.URL.RequestURI())
	want := H(ha1 + ":" + params["nonce"] + ":" + ha2)
	if d.qop != "" {
		want = H(ha1 + ":" + params["nonce"] + ":" + params["nc"] + ":" + params["cnonce"] + ":auth:" + ha2)
	}
	if params["nonce"] != d.nonce || params["response"] != want || params["uri"] != r.URL.RequestURI() || params["opaque"] != "op" {
		challenge(false)
		return
	}
	fmt.Fprint(w, "welcome")
}

func TestDigestAlgorithms(t *testing.T) {
	for _, alg := range []string{"MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256"} {
		for _, qop := range []string{"auth", "auth,auth-int", ""} {
			if qop == "" && strings.HasSuffix(alg, "-sess") {
				continue // -sess needs the cnonce that only qop brings
			}
			d := &digestServer{algorithm: alg, qop: qop, nonce: "n1"}
			srv := httptest.NewServer(d)
			resp, err := requests.Get(context.Background(), srv.URL+"/p?q=1", requests.DigestAuth("user", "pass"))
			srv.Close()
			if err != nil || resp.Text() != "welcome" {
				t.Errorf("%s qop=%q: %v %q", alg, qop, err, resp.Text())
			}
		}
	}
}

func TestDigestReusesTheNonce(t *testing.T) {
	d := &digestServer{algorithm: "MD5", qop: "auth", nonce: "n1"}
	srv := httptest.NewServer(d)
	defer srv.Close()
	s := requests.NewSession(requests.DigestAuth("user", "pass"))
	defer s.Close()
	for i := range 3 {
		resp, err := s.Post(context.Background(), srv.URL+"/x", requests.Data(strings.NewReader(fmt.Sprint("body", i))))
		if err != nil || resp.Text() != "welcome" {
			t.Fatalf("request %d: %v %q", i, err, resp.Text())
		}
	}
	// One challenge, then the nonce is reused with a growing count.
	if len(d.seen) != 4 || d.seen[0] != "" {
		t.Fatalf("server saw %d requests: %q", len(d.seen), d.seen)
	}
	if strings.Join(d.ncs, " ") != "00000001 00000002 00000003" {
		t.Errorf("nonce counts %q", d.ncs)
	}
	if strings.Join(d.bodies, " ") != "body0 body0 body1 body2" {
		t.Errorf("bodies %q; want the first rewound for the answer", d.bodies)
	}
	// A stale nonce is answered once more with the new one.
	d.stale = true
	resp, err := s.Get(context.Background(), srv.URL+"/y")
	if err != nil || resp.Text() != "welcome" || len(resp.History) != 1 {
		t.Errorf("stale: %v %q %v", err, resp.Text(), resp.History)
	}
}

func TestDigestAnswersOnce(t *testing.T) {
	d := &digestServer{algorithm: "MD5", qop: "auth", nonce: "n1"}
	srv := httptest.NewServer(d)
	defer srv.Close()
	resp, err := requests.Get(context.Background(), srv.URL, requests.DigestAuth("user", "wrong"))
	if err != nil || resp.StatusCode != 401 || len(d.seen) != 2 {
		t.Errorf("a wrong password: %v %v after %d requests; want one answer, then the 401", resp, err, len(d.seen))
	}
	// A 500 or a Basic-only challenge is not answered.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Digest realm="x", nonce="y"`)
		w.WriteHeader(500)
	}))
	defer plain.Close()
	if resp, _ := requests.Get(context.Background(), plain.URL, requests.DigestAuth("u", "p")); resp.StatusCode != 500 || len(resp.History) != 0 {
		t.Errorf("a 500 with a challenge was answered: %v", resp.History)
	}
	// An unrewindable body cannot be sent again.
	_, err = requests.Post(context.Background(), srv.URL, requests.DigestAuth("user", "pass"), requests.Data(io.MultiReader(strings.NewReader("once"))))
	if !errors.Is(err, requests.ErrUnrewindableBody) {
		t.Errorf("answering with a one-shot body: %v", err)
	}
}

func TestDigestIsNotAnsweredAfterLeavingTheHost(t *testing.T) {
	d := &digestServer{algorithm: "MD5", qop: "auth", nonce: "n1"}
	b := httptest.NewServer(d)
	defer b.Close()
	a := httptest.NewServer(http.RedirectHandler(strings.Replace(b.URL, "127.0.0.1", "localhost", 1)+"/z", http.StatusFound))
	defer a.Close()
	resp, err := requests.Get(context.Background(), a.URL, requests.DigestAuth("user", "pass"))
	if err != nil || resp.StatusCode != 401 || len(d.seen) != 1 || d.seen[0] != "" {
		t.Errorf("the other host's challenge: %v %v, it saw %q", resp, err, d.seen)
	}
}

func TestCustomAuthenticator(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/headers", requests.Auth(headerAuth{"X-Api-Key", "k123"}))
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Headers map[string][]string }
	resp.JSON(&body)
	if got := body.Headers["X-Api-Key"]; len(got) != 1 || got[0] != "k123" {
		t.Errorf("custom auth sent %v", got)
	}
}

type headerAuth [2]string

func (h headerAuth) Authorize(r *requests.PreparedRequest) error {
	r.Header.Set(h[0], h[1])
	return nil
}

func TestURLCredentials(t *testing.T) {
	u := strings.Replace(httpbinURL, "http://", "http://user:p%40ss@", 1) + "/basic-auth/user/p@ss"
	resp, err := requests.Get(context.Background(), u)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("%v %v", resp, err)
	}
}

// netrcServer answers with the Basic credentials it received.
func netrcServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := r.Header.Get("Authorization")
		if b, ok := strings.CutPrefix(a, "Basic "); ok {
			d, _ := base64.StdEncoding.DecodeString(b)
			a = string(d)
		}
		if to := r.URL.Query().Get("to"); to != "" {
			w.Header().Set("X-Auth", a)
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		io.WriteString(w, a)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeNetrc(t *testing.T, content string) {
	path := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NETRC", path)
}

func TestNetrc(t *testing.T) {
	srv := netrcServer(t)
	local := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	writeNetrc(t, "# comment\nmachine 127.0.0.1 login alice password \"s3cret pw\"\n\nmachine example.com\n  login bob\n  password bobpw\ndefault login\"\" password \"\"\n")
	ctx := context.Background()
	get := func(url string, opts ...requests.Option) string {
		resp, err := requests.Get(ctx, url, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Text()
	}
	if got := get(srv.URL); got != "alice:s3cret pw" {
		t.Errorf("netrc for 127.0.0.1: %q", got)
	}
	if got := get(local); got != "" {
		t.Errorf("an empty default entry sent %q", got)
	}
	if got := get(strings.Replace(srv.URL, "http://", "http://url:creds@", 1)); got != "url:creds" {
		t.Errorf("URL credentials: %q; want them over netrc", got)
	}
	if got := get(srv.URL, requests.BasicAuth("explicit", "x")); got != "explicit:x" {
		t.Errorf("BasicAuth: %q", got)
	}
	if got := get(srv.URL, requests.Headers{"Authorization": "Token t"}); got != "Token t" {
		t.Errorf("an Authorization header: %q; want it over netrc", got)
	}
	if got := get(srv.URL, requests.TrustEnv(false)); got != "" {
		t.Errorf("TrustEnv(false) sent %q", got)
	}
	// CVE-2024-47081: the host is 127.0.0.1, not example.com, whose entry
	// must never be sent. (Its URL credentials, "example.com" and an empty
	// password, are what this URL asks for.)
	if got := get(strings.Replace(srv.URL, "http://", "http://example.com:@", 1)); got == "bob:bobpw" || got != "example.com:" {
		t.Errorf("http://example.com:@127.0.0.1/ sent %q", got)
	}
	// Checked again for each redirect host.
	writeNetrc(t, "machine 127.0.0.1 login alice password a\nmachine localhost login carol password c\n")
	resp, err := requests.Get(ctx, srv.URL+"/?to="+local+"/end")
	if err != nil || resp.Text() != "carol:c" || resp.History[0].Header.Get("X-Auth") != "alice:a" {
		t.Errorf("redirect to another host: %q then %q", resp.History[0].Header.Get("X-Auth"), resp.Text())
	}
	resp, _ = requests.Get(ctx, srv.URL+"/?to="+local+"/end", requests.BasicAuth("x", "y"))
	if resp.Text() != "carol:c" {
		t.Errorf("explicit credentials stripped on a redirect: the new host got %q; want its netrc entry", resp.Text())
	}
}
