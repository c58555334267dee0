package requests_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

// landing records what reached the end of a redirect.
type landing struct {
	method, body, contentType, auth string
}

// redirector redirects /code/N to /land with status N and records what
// /land receives.
func redirector(t *testing.T) (*httptest.Server, *landing) {
	t.Helper()
	var got landing
	mux := http.NewServeMux()
	mux.HandleFunc("/code/{n}", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Header().Set("Location", "/land")
		w.WriteHeader(n)
	})
	mux.HandleFunc("/land", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = landing{r.Method, string(b), r.Header.Get("Content-Type"), r.Header.Get("Authorization")}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestRedirectMethodsAsRequests(t *testing.T) {
	srv, got := redirector(t)
	// requests' rebuild_method: 303 and 302 turn everything but HEAD into
	// GET, 301 only POST; 307 and 308 keep the method and the body.
	tests := []struct {
		code         int
		method, want string
		keepsBody    bool
	}{
		{301, "POST", "GET", false}, {301, "PUT", "PUT", false}, {301, "GET", "GET", false}, {301, "HEAD", "HEAD", false},
		{302, "POST", "GET", false}, {302, "PUT", "GET", false}, {302, "DELETE", "GET", false}, {302, "HEAD", "HEAD", false},
		{303, "POST", "GET", false}, {303, "PATCH", "GET", false}, {303, "HEAD", "HEAD", false},
		{307, "POST", "POST", true}, {307, "PUT", "PUT", true}, {307, "GET", "GET", false},
		{308, "POST", "POST", true}, {308, "PATCH", "PATCH", true},
	}
	for _, tt := range tests {
		*got = landing{}
		var opts []requests.Option
		if tt.method != "GET" && tt.method != "HEAD" {
			opts = append(opts, requests.Form{"k": "v"})
		}
		opts = append(opts, requests.AllowRedirects(true))
		resp, err := requests.Do(context.Background(), tt.method, fmt.Sprintf("%s/code/%d", srv.URL, tt.code), opts...)
		if err != nil {
			t.Errorf("%d %s: %v", tt.code, tt.method, err)
			continue
		}
		if got.method != tt.want {
			t.Errorf("%d after %s: landed with %s; want %s", tt.code, tt.method, got.method, tt.want)
		}
		if hasBody := got.body != ""; tt.method != "GET" && tt.method != "HEAD" && hasBody != tt.keepsBody {
			t.Errorf("%d after %s: body %q, content type %q; want the body kept: %v", tt.code, tt.method, got.body, got.contentType, tt.keepsBody)
		}
		if !tt.keepsBody && got.contentType != "" {
			t.Errorf("%d after %s: Content-Type %q survived the dropped body", tt.code, tt.method, got.contentType)
		}
		if len(resp.History) != 1 || resp.History[0].StatusCode != tt.code {
			t.Errorf("%d after %s: History %v", tt.code, tt.method, resp.History)
		}
	}
}

func TestRedirectRewindsReaders(t *testing.T) {
	srv, got := redirector(t)
	resp, err := requests.Post(context.Background(), srv.URL+"/code/307", requests.Data(strings.NewReader("seekable")))
	if err != nil || got.body != "seekable" {
		t.Fatalf("307 with a strings.Reader: %v, %v, landed body %q", resp, err, got.body)
	}
	_, err = requests.Post(context.Background(), srv.URL+"/code/308", requests.Data(io.MultiReader(strings.NewReader("once"))))
	if !errors.Is(err, requests.ErrUnrewindableBody) || !errors.Is(err, requests.ErrRequest) {
		t.Fatalf("308 with a one-shot reader: %v; want ErrUnrewindableBody", err)
	}
	// A 302 drops the body, so a one-shot reader is no problem.
	if _, err = requests.Post(context.Background(), srv.URL+"/code/302", requests.Data(io.MultiReader(strings.NewReader("once")))); err != nil {
		t.Fatalf("302 with a one-shot reader: %v", err)
	}
}

func TestRedirectHistoryAndLimits(t *testing.T) {
	ctx := context.Background()
	resp, err := requests.Get(ctx, httpbinURL+"/redirect/3")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.URL.Path != "/get" || fmt.Sprint(resp.History) != "[<Response [302]> <Response [302]> <Response [302]>]" {
		t.Errorf("redirect/3: %v %s %v", resp, resp.URL, resp.History)
	}
	if resp.History[0].URL.Path != "/redirect/3" || len(resp.History[2].History) != 2 {
		t.Errorf("History[0].URL = %s, len(History[2].History) = %d", resp.History[0].URL, len(resp.History[2].History))
	}
	resp, err = requests.Get(ctx, httpbinURL+"/redirect/3", requests.AllowRedirects(false))
	if err != nil || resp.StatusCode != 302 || !resp.IsRedirect() || len(resp.History) != 0 {
		t.Errorf("AllowRedirects(false): %v, %v", resp, err)
	}
	if _, err = requests.Get(ctx, httpbinURL+"/redirect/3", requests.MaxRedirects(3)); err != nil {
		t.Errorf("3 redirects under MaxRedirects(3): %v", err)
	}
	_, err = requests.Get(ctx, httpbinURL+"/redirect/4", requests.MaxRedirects(3))
	var rerr *requests.Error
	if !errors.Is(err, requests.ErrTooManyRedirects) || !errors.As(err, &rerr) || rerr.Response == nil || rerr.Response.StatusCode != 302 {
		t.Fatalf("4 redirects under MaxRedirects(3): %v; want ErrTooManyRedirects with the last response", err)
	}
	if rerr.Response.URL.Path != "/relative-redirect/1" {
		t.Errorf("last response is %s", rerr.Response.URL)
	}
	_, err = requests.Get(ctx, httpbinURL+"/redirect/31")
	if !errors.Is(err, requests.ErrTooManyRedirects) {
		t.Errorf("31 redirects by default: %v", err)
	}
	if resp, err = requests.Get(ctx, httpbinURL+"/redirect/30"); err != nil || len(resp.History) != 30 {
		t.Errorf("30 redirects by default: %v", err)
	}
}

func TestHeadDoesNotFollowByDefault(t *testing.T) {
	resp, err := requests.Head(context.Background(), httpbinURL+"/redirect/1")
	if err != nil || resp.StatusCode != 302 {
		t.Fatalf("Head: %v, %v; want the 302", resp, err)
	}
	resp, err = requests.Head(context.Background(), httpbinURL+"/redirect/1", requests.AllowRedirects(true))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("Head with AllowRedirects(true): %v, %v", resp, err)
	}
	resp, err = requests.Do(context.Background(), "HEAD", httpbinURL+"/redirect/1")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("Do(HEAD) follows, as requests.request does: %v, %v", resp, err)
	}
}

func TestRedirectLocations(t *testing.T) {
	var seen []string
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.RequestURI)
		if loc := r.URL.Query().Get("to"); loc != "" {
			w.Header()["Location"] = []string{loc}
			w.WriteHeader(302)
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name, url, final, sent string
	}{
		{"relative", "/a/b?to=c", "/a/c", "/a/c"},
		{"absolute path", "/a/b?to=/d", "/d", "/d"},
		{"scheme-relative", "/a?to=//" + host + "/e", "/e", "/e"},
		{"non-ASCII is sent as UTF-8", "/a?to=/caf\xc3\xa9", "/caf%C3%A9", "/caf%C3%A9"},
		{"the old fragment is kept", "/a?to=/f#frag", "/f#frag", "/f"},
		{"a new fragment replaces it", "/a?to=/g%23new#frag", "/g#new", "/g"},
	}
	for _, tt := range tests {
		seen = nil
		resp, err := requests.Get(context.Background(), srv.URL+tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		final := strings.TrimPrefix(resp.URL.String(), srv.URL)
		if final != tt.final || len(seen) != 2 || seen[1] != tt.sent {
			t.Errorf("%s: final URL %q, requests %q; want %q, sent %q", tt.name, final, seen, tt.final, tt.sent)
		}
	}
	_, err := requests.Get(context.Background(), srv.URL+"/a?to=ftp://"+host+"/x")
	if !errors.Is(err, requests.ErrInvalidSchema) {
		t.Errorf("redirect to ftp: %v; want ErrInvalidSchema", err)
	}
}

func TestRedirectStripsAuthorization(t *testing.T) {
	var auth []string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
		}
	})
	a := httptest.NewServer(handler)
	defer a.Close()
	b := httptest.NewServer(handler) // same host, another port
	defer b.Close()
	other := strings.Replace(b.URL, "127.0.0.1", "localhost", 1) // another host
	tests := []struct {
		name, to string
		kept     bool
	}{
		{"same host and port keeps it", a.URL + "/x", true},
		{"another port strips it", b.URL + "/x", false},
		{"another host strips it", other + "/x", false},
	}
	for _, tt := range tests {
		for _, opt := range []requests.Option{requests.BasicAuth("u", "p"), requests.BearerAuth("t"), requests.Headers{"Authorization": "Custom x"}} {
			auth = nil
			if _, err := requests.Get(context.Background(), a.URL+"/?to="+tt.to, opt); err != nil {
				t.Fatal(err)
			}
			if len(auth) != 2 || auth[0] == "" || (auth[1] != "") != tt.kept {
				t.Errorf("%s: Authorization sent %q", tt.name, auth)
			}
		}
	}
	// Credentials in the URL count too.
	auth = nil
	u := strings.Replace(a.URL, "http://", "http://user:pass@", 1)
	if _, err := requests.Get(context.Background(), u+"/?to="+other+"/x"); err != nil {
		t.Fatal(err)
	}
	if len(auth) != 2 || !strings.HasPrefix(auth[0], "Basic ") || auth[1] != "" {
		t.Errorf("URL credentials across hosts: %q", auth)
	}
}
