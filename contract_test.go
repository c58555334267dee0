//lint:file-ignore SA4006,SA5001 the file compiles the contract's snippets as written; they are never run.

package requests_test

// The snippets of the project's API contract (the names and signatures
// fixed for it, kept with the project's briefs outside this repository),
// copied unchanged: this file compiling is the check.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	requests "github.com/go-requests/requests"
)

func _() {
	var url string
	var opts []requests.Option
	var v any
	var rt http.RoundTripper

	ctx := context.Background()

	// One-shot verbs use one shared default Session (connection pool reused).
	resp, err := requests.Get(ctx, "http://127.0.0.1:8080/get")
	resp, err = requests.Head(ctx, url)
	resp, err = requests.Post(ctx, url, requests.Form{"name": "Peter"})
	resp, err = requests.Put(ctx, url, requests.Data([]byte("raw")))
	resp, err = requests.Patch(ctx, url, requests.JSON(map[string]any{"a": 1}))
	resp, err = requests.Delete(ctx, url)
	resp, err = requests.Options(ctx, url)
	resp, err = requests.Do(ctx, "PROPFIND", url, opts...) // any method
	defer resp.Close()                                     // always safe; returns the connection to the pool

	opts = []requests.Option{
		requests.Params{"name": "Peter", "age": 23},
		requests.Headers{"User-Agent": "Go script"},
		requests.Form{"name": "Peter"},
		requests.JSON(v),
		requests.Data(v),
		requests.Cookies{"user": "jane", "theme": "dark"},
		requests.BasicAuth("user7", "7user"),
		requests.DigestAuth("user", "passwd"),
		requests.Files{"image": requests.File("data/sid.jpg")},
		requests.BearerAuth("token"),
		requests.Timeout{Connect: 3 * time.Second, Read: 5 * time.Second},
		requests.AllowRedirects(false),
		requests.MaxRedirects(5),
		requests.Stream(true),
		requests.Verify(false),                    // skip TLS verification (this request's connections only)
		requests.CABundle("ca.pem"),               // trust these roots (file or directory)
		requests.Cert("client.pem", "client.key"), // TLS client certificate
		requests.Proxies{"http": "http://127.0.0.1:3128", "https": "socks5h://127.0.0.1:1080"},
	}

	s := requests.NewSession(requests.Headers{"Accept": "application/json"}, requests.BasicAuth("u", "p"))
	defer s.Close()
	resp, err = s.Get(ctx, url, requests.Params{"page": 2})
	s.Cookies() // *CookieJar holding every cookie the session was given
	s.Mount("https://api.example.com/", rt)
	opts = append(opts, resp.Cookies()) // a *CookieJar is an option too: sends its cookies

	_ = resp.StatusCode
	_ = resp.OK()
	_ = resp.Reason()
	_ = resp.Header.Get("content-type")
	_ = resp.Content()
	_ = resp.Text()
	err = resp.JSON(&v)
	_ = resp.Encoding
	resp.Encoding = "utf-8"
	_ = resp.ApparentEncoding() // string, detected from the bytes
	for chunk, err := range resp.IterContent(65536) {
		_, _ = chunk, err
	}
	for line, err := range resp.IterLines() {
		_, _ = line, err
	}
	_ = resp.URL
	_ = resp.History
	_ = resp.Elapsed
	_, _, _, _ = resp.Request.Method, resp.Request.URL, resp.Request.Header, resp.Request.Body
	err = resp.RaiseForStatus()
	_ = resp.IsRedirect()
	_ = resp.Links()
	err = resp.Close()
	fmt.Println(resp)
	fmt.Println(resp.History)

	jar := resp.Cookies()
	for _, c := range jar.All() {
		fmt.Println(c.Name, "=", c.Value)
	} // []*http.Cookie, in the order they were set
	jar.Get("theme") // "dark"
	next, err := requests.Get(ctx, url, jar)
	_ = next

	var httpErr *requests.HTTPError
	if errors.As(err, &httpErr) {
		_ = httpErr.Response
	}
	for _, e := range []error{
		requests.ErrRequest, requests.ErrHTTP, requests.ErrConnection, requests.ErrProxy, requests.ErrSSL,
		requests.ErrTimeout, requests.ErrConnectTimeout, requests.ErrReadTimeout, requests.ErrTooManyRedirects,
		requests.ErrURLRequired, requests.ErrInvalidURL, requests.ErrMissingSchema, requests.ErrInvalidSchema,
		requests.ErrInvalidHeader, requests.ErrInvalidJSON, requests.ErrJSONDecode, requests.ErrChunkedEncoding,
		requests.ErrContentDecoding, requests.ErrStreamConsumed, requests.ErrRetry,
	} {
		_ = errors.Is(err, e)
	}
	_ = requests.Version   // "0.1.0", the module's semantic version
	_ = requests.Copyright // one line
	_ = err
}

// contractThirdRound holds the third round's snippets: the hand-outs cut
// where net/http cuts them, the engine settings and the cache.
func _(ctx context.Context, s *requests.Session, err error) {
	rt := s.RoundTripper()
	c := s.Client() // &http.Client{Transport: s.RoundTripper(), Jar: s.Cookies(), CheckRedirect: ...}
	_, _ = rt, c

	var e *requests.Error
	_ = errors.As(err, &e) && e.Timeout() // true for ErrTimeout and every kind under it (net.Error style)

	_ = requests.Pool{MaxIdlePerHost: 128, MaxConnsPerHost: 0, /* 0: no limit; waiters served first come, first served */
		IdleTimeout: 90 * time.Second, MaxConnAge: 10 * time.Minute}
	_ = requests.DialContext(func(ctx context.Context, network, addr string) (net.Conn, error) { return nil, nil }) // how connections are made

	_ = requests.Cache(requests.MemoryCache(64 << 20))      // bounded by bytes, least recently used evicted
	_ = requests.Cache(requests.DiskCache("dir", 1<<30))    // survives restarts; safe with several Sessions and processes on one dir
	var store requests.CacheStore = requests.MemoryCache(1) // the interface a user implements for another store
	_ = store
	resp, _ := s.Get(ctx, "http://example.com/")
	_ = resp.FromCache()
}
