package ecosystem

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
	"github.com/google/go-github/v89/github"
)

// fakeGitHub answers the two calls below as api.github.com does.
func fakeGitHub(t *testing.T) *httptest.Server {
	var puts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/repos/o/r/tarball/main":
			http.Redirect(w, r, "https://codeload.github.example/o/r/legacy.tar.gz/refs/heads/main", http.StatusFound)
		case r.Method == "PUT" && r.URL.Path == "/repos/o/r/contents/README.md":
			body, _ := io.ReadAll(r.Body)
			if puts.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable) // a passing failure: the Session's Retry sends it again
				return
			}
			var opts github.RepositoryContentFileOptions
			if err := json.Unmarshal(body, &opts); err != nil || opts.Message == nil {
				http.Error(w, "bad body: "+string(body), http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]any{"commit": map[string]any{"message": *opts.Message}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func githubClient(t *testing.T, srv *httptest.Server, s *requests.Session) *github.Client {
	base := srv.URL + "/"
	c, err := github.NewClient(github.WithHTTPClient(s.Client()), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Defect 1 of issue "layers": GetArchiveLink returned an empty URL with no
// error, because s.RoundTripper() followed the 302 it must return.
func TestGitHubGetArchiveLink(t *testing.T) {
	srv := fakeGitHub(t)
	s := requests.NewSession()
	defer s.Close()
	u, _, err := githubClient(t, srv, s).Repositories.GetArchiveLink(context.Background(), "o", "r", github.Tarball, &github.RepositoryContentGetOptions{Ref: "main"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://codeload.github.example/o/r/legacy.tar.gz/refs/heads/main"; u == nil || u.String() != want {
		t.Errorf("GetArchiveLink = %v; want %s", u, want)
	}
}

// Defect 3: CreateFile under the Session's Retry failed with
// ErrUnrewindableBody, because req.GetBody was ignored.
func TestGitHubCreateFileUnderRetry(t *testing.T) {
	srv := fakeGitHub(t)
	s := requests.NewSession(requests.Retry{Status: 2, StatusForcelist: []int{503}})
	defer s.Close()
	res, _, err := githubClient(t, srv, s).Repositories.CreateFile(context.Background(), "o", "r", "README.md", &github.RepositoryContentFileOptions{
		Message: github.Ptr("docs"),
		Content: []byte("hello"),
	})
	if err != nil {
		t.Fatalf("CreateFile under Retry: %v", err)
	}
	if res.Commit.GetMessage() != "docs" {
		t.Errorf("CreateFile: commit message %q; want docs", res.Commit.GetMessage())
	}
}
