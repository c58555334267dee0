package requests_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/go-requests/requests"
)

func ExampleDigestAuth() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/digest-auth/auth/user/passwd/MD5", requests.DigestAuth("user", "passwd"))
	fmt.Println(resp.StatusCode, resp.History) // the answered challenge is in History
	// Output: 200 [<Response [401]>]
}

// apiKey is an Authenticator of a scheme of one's own.
type apiKey string

func (k apiKey) Authorize(r *requests.PreparedRequest) error {
	r.Header.Set("X-Api-Key", string(k))
	return nil
}

func ExampleAuth() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/headers", requests.Auth(apiKey("k123")))
	var body struct{ Headers map[string][]string }
	resp.JSON(&body)
	fmt.Println(body.Headers["X-Api-Key"])
	// Output: [k123]
}

func ExampleResponseHook() {
	hook := requests.ResponseHook(func(r *requests.Response) error {
		fmt.Println("hop:", r.StatusCode)
		return nil
	})
	requests.Get(context.Background(), httpbinURL+"/redirect/2", hook)
	// Output:
	// hop: 302
	// hop: 302
	// hop: 200
}

func ExampleDropHeaders() {
	s := requests.NewSession(requests.Headers{"X-Team": "core"})
	defer s.Close()
	resp, _ := s.Get(context.Background(), httpbinURL+"/headers", requests.DropHeaders("X-Team", "User-Agent"))
	var body struct{ Headers map[string][]string }
	resp.JSON(&body)
	_, team := body.Headers["X-Team"]
	_, ua := body.Headers["User-Agent"]
	fmt.Println(team, ua)
	// Output: false false
}

func ExampleTrustEnv() {
	s := requests.NewSession(requests.TrustEnv(false)) // no netrc, no *_proxy, no REQUESTS_CA_BUNDLE
	defer s.Close()
	resp, _ := s.Get(context.Background(), httpbinURL+"/get")
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleLogger() {
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			// Keep the example's output short: no clock, no URL, and of the
			// headers only the one that shows the redaction.
			if a.Key == "time" || a.Key == "elapsed" || a.Key == "url" || len(groups) > 0 && a.Key != "Authorization" {
				return slog.Attr{}
			}
			return a
		},
	}))
	requests.Get(context.Background(), httpbinURL+"/get", requests.Logger(log), requests.BasicAuth("u", "secret"))
	// Output: level=INFO msg="requests: exchange" method=GET request_headers.Authorization=REDACTED status=200 proto=HTTP/1.1
}

// tokenRefresher is a Challenger: it answers a 401 once with a fresh token.
type tokenRefresher struct{ token string }

func (a *tokenRefresher) Authorize(r *requests.PreparedRequest) error {
	r.Header.Set("Authorization", "Bearer "+a.token)
	return nil
}

func (a *tokenRefresher) Challenge(resp *requests.Response, r *requests.PreparedRequest) (bool, error) {
	if resp.StatusCode != 401 {
		return false, nil
	}
	a.token = "fresh" // e.g. fetched from a token endpoint
	return true, a.Authorize(r)
}

func ExampleChallenger() {
	// httpbin's /bearer answers 401 without a token; the Challenger sends
	// the request once more with one.
	resp, _ := requests.Get(context.Background(), httpbinURL+"/bearer", requests.Auth(&tokenRefresher{}))
	fmt.Println(resp.StatusCode, resp.History)
	// Output: 200 [<Response [401]>]
}

func ExampleAuthenticator() {
	// Any type with Authorize is an Authenticator; Auth makes it an Option.
	var a requests.Authenticator = apiKey("k123")
	resp, _ := requests.Get(context.Background(), httpbinURL+"/headers", requests.Auth(a))
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleOption() {
	// Options are values: collect them, and give the same ones to a verb,
	// a Session verb or NewSession.
	common := []requests.Option{requests.Headers{"Accept": "application/json"}, requests.Params{"v": "2"}}
	resp, _ := requests.Get(context.Background(), httpbinURL+"/get", common...)
	fmt.Println(resp.URL.RawQuery, resp.Request.Header.Get("Accept"))
	// Output: v=2 application/json
}

// Redact adds names to what the Logger and Curl hide; keys, tokens,
// secrets and passwords in headers and query parameters are hidden anyway.
func ExampleRedact() {
	s := requests.NewSession(requests.Redact("X-Tenant"))
	defer s.Close()
	resp, err := s.Get(context.Background(), httpbinURL+"/get?access_token=t-456&page=2",
		requests.Headers{"X-Tenant": "acme", "X-Api-Key": "k-123"}, requests.DropHeaders("Accept", "Accept-Encoding", "Connection", "User-Agent"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.ReplaceAll(resp.Request.Curl(false), httpbinURL, "http://httpbin"))
	// Output: curl 'http://httpbin/get?access_token=REDACTED&page=2' -H 'X-Api-Key: REDACTED' -H 'X-Tenant: REDACTED'
}
