package requests_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

func TestResponseHooks(t *testing.T) {
	var seen []string
	record := func(tag string) func(*requests.Response) error {
		return func(r *requests.Response) error {
			seen = append(seen, fmt.Sprintf("%s:%d", tag, r.StatusCode))
			return nil
		}
	}
	s := requests.NewSession(requests.ResponseHook(record("session")))
	defer s.Close()
	if _, err := s.Get(context.Background(), httpbinURL+"/redirect/2"); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seen) != "[session:302 session:302 session:200]" {
		t.Errorf("session hooks saw %v; want every hop", seen)
	}
	seen = nil
	s.Get(context.Background(), httpbinURL+"/redirect/1", requests.ResponseHook(record("a"), record("b")), requests.ResponseHook(record("c")))
	if fmt.Sprint(seen) != "[a:302 b:302 c:302 a:200 b:200 c:200]" {
		t.Errorf("request hooks saw %v; want them to replace the session's", seen)
	}
	seen = nil
	s.Get(context.Background(), httpbinURL+"/digest-auth/auth/u/p/MD5", requests.DigestAuth("u", "p"))
	if fmt.Sprint(seen) != "[session:401 session:200]" {
		t.Errorf("hooks saw %v; want the challenge too", seen)
	}

	// A hook may read the body or change the response.
	resp, err := requests.Get(context.Background(), httpbinURL+"/encoding/utf8", requests.ResponseHook(func(r *requests.Response) error {
		r.Encoding = "ascii"
		_ = r.Content()
		return nil
	}))
	if err != nil || resp.Encoding != "ascii" || len(resp.Content()) == 0 {
		t.Errorf("a hook that reads: %v %q %d", err, resp.Encoding, len(resp.Content()))
	}
	stop := errors.New("stop here")
	_, err = requests.Get(context.Background(), httpbinURL+"/get", requests.ResponseHook(func(*requests.Response) error { return stop }))
	if !errors.Is(err, stop) || !errors.Is(err, requests.ErrRequest) {
		t.Errorf("a failing hook: %v", err)
	}
}

func TestStreamWithAHookThatReads(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/bytes/100", requests.Stream(true),
		requests.Timeout{Total: 5 * time.Second},
		requests.ResponseHook(func(r *requests.Response) error { r.Content(); return nil }))
	if err != nil || len(resp.Content()) != 100 {
		t.Fatalf("%v, %d bytes", err, len(resp.Content()))
	}
	resp.Close()
}
