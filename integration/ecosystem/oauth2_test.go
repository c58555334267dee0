package ecosystem

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-requests/requests"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// oauth2's Transport over s.RoundTripper(), and its token fetch through
// s.Client(): the token it sets is the one sent (the Session's own auth
// does not replace a caller's Authorization), and the token endpoint gets
// the Session's defaults.
func TestOAuth2OverTheSession(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			r.ParseForm()
			if r.Form.Get("grant_type") != "client_credentials" {
				http.Error(w, "grant", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"tok-%s","token_type":"Bearer","expires_in":3600}`, r.Header.Get("X-Team"))
		case "/api":
			fmt.Fprint(w, r.Header.Get("Authorization"))
		}
	}))
	defer srv.Close()
	s := requests.NewSession(requests.Headers{"X-Team": "blue"}, requests.BasicAuth("session", "default"))
	defer s.Close()
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, s.Client())
	cfg := clientcredentials.Config{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/token"}
	client := cfg.Client(ctx)
	for range 2 {
		resp, err := client.Get(srv.URL + "/api")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "Bearer tok-blue" {
			t.Errorf("the API got Authorization %q; want Bearer tok-blue", b)
		}
	}
}
