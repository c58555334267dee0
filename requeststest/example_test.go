package requeststest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/requeststest"
)

func ExampleHandler() {
	greet := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, %s", r.URL.Query().Get("name"))
	})
	s := requests.NewSession(requests.Transport(requeststest.Handler(greet)))
	defer s.Close()

	resp, err := s.Get(context.Background(), "https://api.example.com/greet", requests.Params{"name": "gopher"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Text())
	// Output:
	// 200 text/plain; charset=utf-8 hello, gopher
}

func ExampleRecord() {
	dir, err := os.MkdirTemp("", "recording")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	// In a real test, next is http.DefaultTransport and the server is the
	// real one.
	users := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintln(w, `{"id":7}`)
	})
	s := requests.NewSession(
		requests.Transport(requeststest.Record(dir, requeststest.Handler(users))),
		requests.Headers{"User-Agent": "example/1.0"},
		requests.BasicAuth("ana", "hunter2"),
	)
	defer s.Close()
	if _, err := s.Post(context.Background(), "https://api.example.com/users", requests.JSON(map[string]string{"name": "ana"})); err != nil {
		fmt.Println(err)
		return
	}

	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, name := range names {
		content, _ := os.ReadFile(name)
		fmt.Printf("%s:\n%s", filepath.Base(name), content)
	}
	// Output:
	// 0001-POST-users.txt:
	// ### request
	// POST https://api.example.com/users
	// Accept: */*
	// Accept-Encoding: gzip, deflate, br, zstd
	// Authorization: REDACTED
	// Connection: keep-alive
	// Content-Length: 14
	// Content-Type: application/json
	// User-Agent: example/1.0
	//
	// {"name":"ana"}
	// ### response
	// HTTP/1.1 201 Created
	// Content-Length: 9
	// Content-Type: application/json
	//
	// {"id":7}
}

func ExampleReplay() {
	// A recording as Record writes it; it may be written or edited by hand.
	dir, err := os.MkdirTemp("", "recording")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	recorded := "### request\n" +
		"GET https://api.example.com/users/7\n" +
		"### response\n" +
		"HTTP/1.1 200 OK\n" +
		"Content-Type: application/json\n" +
		"\n" +
		`{"id":7,"name":"ana"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "0001-GET-users-7.txt"), []byte(recorded), 0o644); err != nil {
		fmt.Println(err)
		return
	}

	s := requests.NewSession(requests.Transport(requeststest.Replay(dir)))
	defer s.Close()
	ctx := context.Background()
	resp, err := s.Get(ctx, "https://api.example.com/users/7")
	if err != nil {
		fmt.Println(err)
		return
	}
	var user struct {
		ID   int
		Name string
	}
	if err := resp.JSON(&user); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, user.ID, user.Name)

	// What was not recorded is an error.
	_, err = s.Get(ctx, "https://api.example.com/users/8")
	fmt.Println(errors.Is(err, requests.ErrRequest))
	// Output:
	// 200 7 ana
	// true
}

// RecordRedacting hides the headers and query parameters it names, beside
// those the library always hides.
func ExampleRecordRedacting() {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	dir, _ := os.MkdirTemp("", "recording")
	defer os.RemoveAll(dir)
	rec := requeststest.RecordRedacting(dir, requeststest.Handler(api), "X-Tenant")
	s := requests.NewSession(requests.Transport(rec), requests.Headers{"X-Tenant": "acme", "X-Api-Key": "k-123"})
	defer s.Close()
	s.Get(context.Background(), "https://api.example.com/items?access_token=t-456&page=2")

	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	data, _ := os.ReadFile(files[0])
	fmt.Println(strings.Split(string(data), "\n")[1]) // the request line, under "### request"
	fmt.Println(strings.Contains(string(data), "X-Tenant: REDACTED"), strings.Contains(string(data), "X-Api-Key: REDACTED"))
	// Output:
	// GET https://api.example.com/items?access_token=REDACTED&page=2
	// true true
}
