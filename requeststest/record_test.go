package requeststest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/requeststest"
)

// api is the server the tests record: it counts its calls, echoes bodies,
// serves a binary file and sets a cookie.
func api() http.Handler {
	var calls atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"page":%q,"users":["ana","bo"]}`+"\n", r.URL.Query().Get("page"))
	})
	mux.HandleFunc("POST /users", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"created":%s}`, b)
	})
	mux.HandleFunc("GET /counter", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, calls.Add(1))
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(logo)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3ss10n-t0ken", Path: "/", HttpOnly: true})
		fmt.Fprint(w, "welcome")
	})
	mux.HandleFunc("DELETE /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /tricky", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, trickyBodies[r.URL.Query().Get("n")])
	})
	return mux
}

var logo = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")

// trickyBodies are bodies the file format must give back byte for byte.
var trickyBodies = map[string]string{
	"empty":             "",
	"no final newline":  "abc",
	"a final newline":   "abc\n",
	"only newlines":     "\n\n",
	"CRLF lines":        "a\r\nb\r\n",
	"a marker line":     "before\n### response\nafter",
	"a marker first":    "### base64\nQUJD",
	"invalid UTF-8":     "caf\xe9",
	"a NUL":             "a\x00b",
	"tabs and unicode":  "\tgrüße 🌍",
	"a long binary run": strings.Repeat("\x01\x02\xff", 100),
}

// exchange is one request of the tests' script, and what it got.
type exchange struct {
	method, path string
	opts         []requests.Option
}

// script is what the round trip test sends, recording and replaying.
func script() []exchange {
	return []exchange{
		{"GET", "/users?page=1", nil},
		{"GET", "/users?page=2", nil},
		{"POST", "/users", []requests.Option{requests.JSON(map[string]string{"name": "ana"})}},
		{"POST", "/users", []requests.Option{requests.JSON(map[string]string{"name": "bo"})}},
		{"GET", "/counter", nil},
		{"GET", "/counter", nil},
		{"GET", "/logo.png", nil},
		{"POST", "/login", []requests.Option{requests.BasicAuth("ana", "hunter2")}},
		{"GET", "/users?page=3", []requests.Option{requests.Headers{"Authorization": "Bearer sk-live-123"}}}, // the session cookie goes back
		{"DELETE", "/users/7", nil},
	}
}

// run sends the script through a Session with rt to base and returns
// what each response was.
func run(t *testing.T, rt http.RoundTripper, base string) []string {
	t.Helper()
	s := requests.NewSession(requests.Transport(rt))
	defer s.Close()
	var got []string
	for _, x := range script() {
		resp, err := s.Do(context.Background(), x.method, base+x.path, x.opts...)
		if err != nil {
			t.Fatalf("%s %s: %v", x.method, x.path, err)
		}
		got = append(got, fmt.Sprintf("%s %s: %d %q %q", x.method, x.path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Content()))
	}
	return got
}

func TestRecordReplay(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(api())
	defer srv.Close()
	next := &http.Transport{}
	defer next.CloseIdleConnections()
	dir := t.TempDir()

	recorded := run(t, requeststest.Record(dir, next), srv.URL)
	replayed := run(t, requeststest.Replay(dir), "https://elsewhere.test:8443") // another scheme, host and port
	if !slices.Equal(recorded, replayed) {
		t.Errorf("recorded:\n%s\nreplayed:\n%s", strings.Join(recorded, "\n"), strings.Join(replayed, "\n"))
	}
	if !strings.Contains(recorded[5], `"2"`) || !strings.Contains(recorded[6], `\x89PNG`) {
		t.Errorf("the script did not run as planned:\n%s", strings.Join(recorded, "\n"))
	}

	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{
		"0001-GET-users.txt", "0002-GET-users.txt", "0003-POST-users.txt", "0004-POST-users.txt",
		"0005-GET-counter.txt", "0006-GET-counter.txt", "0007-GET-logo.png.txt", "0008-POST-login.txt",
		"0009-GET-users.txt", "0010-DELETE-users-7.txt",
	}
	if !slices.Equal(names, want) {
		t.Errorf("files %v; want %v", names, want)
	}
}

func TestRecordRedacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	run(t, requeststest.Record(dir, requeststest.Handler(api())), "http://api.test")
	// A Session sends a URL's password as Authorization, and keeps
	// Proxy-Authorization from a RoundTripper; a plain client does not.
	req, _ := http.NewRequest("GET", "http://ana:pa55word@api.test/users?page=9", nil)
	req.Header.Set("Cookie", "session=s3ss10n-t0ken; theme=dark")
	req.Header.Set("Proxy-Authorization", "Basic cHJveHk6cHc=")
	resp, err := requeststest.Record(filepath.Join(dir, "plain"), requeststest.Handler(api())).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var all []byte
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			all = append(all, b...)
		}
		return nil
	})
	for _, secret := range []string{"hunter2", "YW5hOmh1bnRlcjI", "cHJveHk6cHc", "sk-live-123", "s3ss10n-t0ken", "pa55word", "dark"} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("%q was written to the recording", secret)
		}
	}
	for _, line := range []string{
		"Authorization: REDACTED\n",
		"Proxy-Authorization: REDACTED\n",
		"Set-Cookie: session=REDACTED; Path=/; HttpOnly\n",
		"Cookie: session=REDACTED\n",
		"GET http://ana:REDACTED@api.test/users?page=9\n",
		"Cookie: session=REDACTED; theme=REDACTED\n",
	} {
		if !bytes.Contains(all, []byte(line)) {
			t.Errorf("no line %q in the recording", line)
		}
	}
}

// TestRecordFile pins down the format of a file.
func TestRecordFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	req, _ := http.NewRequest("POST", "http://api.test/users?notify=1", strings.NewReader(`{"name":"ana"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer sk-live-123")
	req.Header.Add("X-Many", "b")
	req.Header.Add("X-Many", "a")
	resp, err := requeststest.Record(dir, requeststest.Handler(api())).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got, err := os.ReadFile(filepath.Join(dir, "0001-POST-users.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := `### request
POST http://api.test/users?notify=1
Authorization: REDACTED
Content-Type: application/json
X-Many: b
X-Many: a

{"name":"ana"}
### response
HTTP/1.1 201 Created
Content-Length: 26
Content-Type: application/json

{"created":{"name":"ana"}}
`
	if string(got) != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
}

// TestRecordBodies checks that every body comes back byte for byte, as
// text when it can be.
func TestRecordBodies(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := requeststest.Record(dir, requeststest.Handler(api()))
	var names []string
	for name := range trickyBodies {
		names = append(names, name)
	}
	slices.Sort(names)
	get := func(rt http.RoundTripper, name string) string {
		req, _ := http.NewRequest("GET", "http://api.test/tricky?n="+strings.ReplaceAll(name, " ", "+"), nil)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.ContentLength != int64(len(b)) {
			t.Errorf("%s: ContentLength %d for %d bytes", name, resp.ContentLength, len(b))
		}
		return string(b)
	}
	for _, name := range names {
		get(rec, name)
	}
	rp := requeststest.Replay(dir)
	for i, name := range names {
		if got := get(rp, name); got != trickyBodies[name] {
			t.Errorf("replayed body %q = %q; want %q", name, got, trickyBodies[name])
		}
		file, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%04d-GET-tricky.txt", i+1)))
		text := !strings.Contains(name, "marker") && !strings.Contains(name, "UTF-8") && !strings.Contains(name, "NUL") && !strings.Contains(name, "binary")
		if text != !bytes.Contains(file, []byte("### base64\n")) {
			t.Errorf("body %q written as text: %v; want %v:\n%s", name, !text, text, file)
		}
	}
}

func TestRecordReplacesAnEarlierRecording(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"0001-GET-old.txt", "0042-GET-old.txt", "README.md", "0003.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	req, _ := http.NewRequest("GET", "http://api.test/counter", nil)
	resp, err := requeststest.Record(dir, requeststest.Handler(api())).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"0001-GET-counter.txt", "0003.txt", "README.md"}; !slices.Equal(names, want) {
		t.Errorf("files %v; want %v", names, want)
	}
}

func TestRecordNextFails(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "rec")
	failing := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("no route to host") })
	req, _ := http.NewRequest("GET", "http://api.test/", nil)
	if _, err := requeststest.Record(dir, failing).RoundTrip(req); err == nil || err.Error() != "no route to host" {
		t.Errorf("RoundTrip = %v; want next's error", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a failed exchange was recorded: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// writeRecording writes files by hand, as a person may.
func writeRecording(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReplayMatching(t *testing.T) {
	t.Parallel()
	dir := writeRecording(t, map[string]string{
		"0001-GET-n.txt":     "### request\nGET http://api.test/n\n### response\nHTTP/1.1 200 OK\n\n1\n",
		"0002-GET-n.txt":     "### request\nGET http://api.test/n\n### response\nHTTP/1.1 200 OK\n\n2\n",
		"0003-GET-n.txt":     "### request\nGET http://api.test/n?x=1\n### response\nHTTP/1.1 200 OK\n\nx\n",
		"0004-POST-n.txt":    "### request\nPOST http://api.test/n\n\nyes\n### response\nHTTP/1.1 200 OK\n\nposted yes\n",
		"0005-POST-n.txt":    "### request\nPOST http://api.test/n\n\nno\n### response\nHTTP/1.1 200 OK\n\nposted no\n",
		"0006-PUT-n.txt":     "### request\nPUT http://api.test/n\n### response\nHTTP/1.1 200 OK\n\nany body\n",
		"0010-GET-root.txt":  "### request\nGET http://api.test\n### response\nHTTP/1.1 404 Nope\nContent-Length: 999\n\nroot",
		"0007-HEAD-root.txt": "### request\nHEAD http://api.test/\n### response\nHTTP/2.0 200 OK\nContent-Length: 12\n",
	})
	s := requests.NewSession(requests.Transport(requeststest.Replay(dir)))
	defer s.Close()
	tests := []struct {
		method, url string
		opts        []requests.Option
		want        string
	}{
		{"GET", "http://a.test/n", nil, "200 1"},
		{"GET", "http://b.test/n", nil, "200 2"},
		{"GET", "http://c.test/n", nil, "200 2"}, // the last one repeats
		{"GET", "http://c.test/n?x=1", nil, "200 x"},
		{"POST", "http://a.test/n", []requests.Option{requests.Data("no")}, "200 posted no"},
		{"POST", "http://a.test/n", []requests.Option{requests.Data("yes")}, "200 posted yes"},
		{"PUT", "http://a.test/n", []requests.Option{requests.Data("whatever")}, "200 any body"},
		{"GET", "http://a.test/", nil, "404 root"},
		{"HEAD", "http://a.test", nil, "200 "},
	}
	for _, tc := range tests {
		resp, err := s.Do(context.Background(), tc.method, tc.url, tc.opts...)
		if err != nil {
			t.Errorf("%s %s: %v", tc.method, tc.url, err)
			continue
		}
		if got := strconv.Itoa(resp.StatusCode) + " " + resp.Text(); got != tc.want {
			t.Errorf("%s %s = %q; want %q", tc.method, tc.url, got, tc.want)
		}
		if tc.method == "GET" && tc.url == "http://a.test/" && (resp.Reason() != "Nope" || resp.Header.Get("Content-Length") != "4") {
			t.Errorf("reason %q, Content-Length %q; want Nope and the body's length", resp.Reason(), resp.Header.Get("Content-Length"))
		}
	}
}

func TestReplayUnrecorded(t *testing.T) {
	t.Parallel()
	dir := writeRecording(t, map[string]string{
		"0001-POST-n.txt": "### request\nPOST http://api.test/n\n\nyes\n### response\nHTTP/1.1 200 OK\n\nposted\n",
	})
	s := requests.NewSession(requests.Transport(requeststest.Replay(dir)))
	defer s.Close()
	for _, tc := range []struct {
		method, url, body string
		mention           []string
	}{
		{"GET", "http://api.test/missing?q=1", "", []string{"GET http://api.test/missing?q=1", dir}},
		{"POST", "http://api.test/n", "no", []string{"POST http://api.test/n", dir, "another body"}},
	} {
		_, err := s.Do(context.Background(), tc.method, tc.url, requests.Data(tc.body))
		if !errors.Is(err, requests.ErrRequest) {
			t.Errorf("%s %s = %v; want an error wrapping ErrRequest", tc.method, tc.url, err)
			continue
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s %s: error %q does not say %q", tc.method, tc.url, err, m)
			}
		}
	}
}

func TestReplayBadRecording(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]map[string]string{
		"a missing directory":    nil,
		"a file without markers": {"0001-GET.txt": "GET http://api.test/\n"},
		"a bad status line":      {"0001-GET.txt": "### request\nGET http://api.test/\n### response\n200 OK\n"},
		"a bad header line":      {"0001-GET.txt": "### request\nGET http://api.test/\nno colon\n### response\nHTTP/1.1 200 OK\n"},
		"bad base64":             {"0001-GET.txt": "### request\nGET http://api.test/\n### response\nHTTP/1.1 200 OK\n\n### base64\n!!!\n"},
	} {
		dir := filepath.Join(t.TempDir(), "none")
		if files != nil {
			dir = writeRecording(t, files)
		}
		req, _ := http.NewRequest("GET", "http://api.test/", nil)
		if _, err := requeststest.Replay(dir).RoundTrip(req); err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("Replay of %s: %v; want an error naming the directory", name, err)
		}
	}
}

// TestRecordReplayConcurrent runs both under -race.
func TestRecordReplayConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, rt := range []http.RoundTripper{requeststest.Record(dir, requeststest.Handler(api())), nil} {
		if rt == nil {
			rt = requeststest.Replay(dir)
		}
		s := requests.NewSession(requests.Transport(rt))
		errs := make(chan error, 16)
		for i := range 16 {
			go func() {
				resp, err := s.Get(context.Background(), "http://api.test/users?page="+strconv.Itoa(i%4))
				if err == nil && !strings.Contains(resp.Text(), `"page":"`+strconv.Itoa(i%4)+`"`) {
					err = fmt.Errorf("page %d: %s", i%4, resp.Text())
				}
				errs <- err
			}()
		}
		for range 16 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		s.Close()
	}
}
