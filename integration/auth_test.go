package integration

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
)

// TestNginxBasicAuth is the tutorial's credentials program against the
// tutorial's nginx setup.
func TestNginxBasicAuth(t *testing.T) {
	srv := nginx(t)
	ctx := context.Background()
	resp, err := requests.Get(ctx, srv.URL+"/secure/", requests.BasicAuth("user7", "7user"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.Contains(resp.Text(), "This is a secure page.") {
		t.Errorf("with credentials: %v %q", resp, resp.Text())
	}
	for _, opts := range [][]requests.Option{nil, {requests.BasicAuth("user7", "wrong")}} {
		resp, err := requests.Get(ctx, srv.URL+"/secure/", opts...)
		if err != nil || resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `realm="Restricted Area"`) {
			t.Errorf("without the right credentials: %v %v", resp, err)
		}
	}
	// The same credentials from the URL and from netrc.
	u := strings.Replace(srv.URL, "http://", "http://user7:7user@", 1) + "/secure/"
	if resp, err := requests.Get(ctx, u); err != nil || resp.StatusCode != 200 {
		t.Errorf("URL credentials: %v %v", resp, err)
	}
}

// TestNginxRedirect is the tutorial's redirect3 program.
func TestNginxRedirect(t *testing.T) {
	srv := nginx(t)
	resp, err := requests.Get(context.Background(), srv.URL+"/oldpage.html")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || len(resp.History) != 1 || resp.History[0].StatusCode != 301 ||
		resp.URL.Path != "/newpage.html" || !strings.Contains(resp.Text(), "This is a new page") {
		t.Errorf("%v %v %s %q", resp, resp.History, resp.URL, resp.Text())
	}
}

// TestApacheDigestAuth answers mod_auth_digest's challenges.
func TestApacheDigestAuth(t *testing.T) {
	ha1 := md5.Sum([]byte("user:digest-realm:passwd"))
	files := servers.Files{
		"htdocs/digest/index.html": "<p>digest ok</p>\n",
		"digest.users":             "user:digest-realm:" + hex.EncodeToString(ha1[:]) + "\n",
	}
	conf := string(readFile(t, "testdata/apache2/digest.conf"))
	p, err := servers.Apache(context.Background(), conf, files)
	srv := server(t, p, err)
	ctx := context.Background()

	s := requests.NewSession(requests.DigestAuth("user", "passwd"))
	defer s.Close()
	for i := range 3 {
		resp, err := s.Get(ctx, srv.URL+"/digest/")
		if err != nil || resp.StatusCode != 200 || !strings.Contains(resp.Text(), "digest ok") {
			t.Fatalf("request %d: %v %v\n%s", i, resp, err, srv.Output())
		}
		// The first request answers a challenge; the next reuse the nonce.
		if want := map[bool]int{true: 1, false: 0}[i == 0]; len(resp.History) != want {
			t.Errorf("request %d: History %v", i, resp.History)
		}
	}
	resp, err := requests.Get(ctx, srv.URL+"/digest/", requests.DigestAuth("user", "wrong"))
	if err != nil || resp.StatusCode != 401 {
		t.Errorf("a wrong password: %v %v", resp, err)
	}
	resp, err = requests.Post(ctx, srv.URL+"/digest/", requests.DigestAuth("user", "passwd"), requests.Data(strings.NewReader("body")))
	if err != nil || resp.StatusCode == 401 {
		t.Errorf("POST with a body to answer with: %v %v", resp, err)
	}
}
