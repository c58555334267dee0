package requests_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

func ExampleGet() {
	ctx := context.Background()
	resp, err := requests.Get(ctx, httpbinURL+"/get", requests.Params{"name": "Peter", "age": 23})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close()
	var body struct{ Args map[string][]string }
	resp.JSON(&body)
	fmt.Println(resp.StatusCode, resp.URL.RawQuery, body.Args["name"])
	// Output: 200 age=23&name=Peter [Peter]
}

func ExampleHead() {
	resp, err := requests.Head(context.Background(), httpbinURL+"/redirect/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.IsRedirect(), len(resp.Content()))
	// Output: 302 true 0
}

func ExamplePost() {
	resp, err := requests.Post(context.Background(), httpbinURL+"/post", requests.Form{"name": "Peter"})
	if err != nil {
		fmt.Println(err)
		return
	}
	var body struct{ Form map[string][]string }
	resp.JSON(&body)
	fmt.Println(body.Form["name"], resp.Request.Header.Get("Content-Type"))
	// Output: [Peter] application/x-www-form-urlencoded
}

func ExamplePut() {
	resp, err := requests.Put(context.Background(), httpbinURL+"/put", requests.Data([]byte("raw")), requests.Headers{"Content-Type": "text/plain"})
	if err != nil {
		fmt.Println(err)
		return
	}
	var body struct{ Data string }
	resp.JSON(&body)
	fmt.Println(body.Data, resp.Request.Header.Get("Content-Length"))
	// Output: raw 3
}

func ExamplePatch() {
	resp, err := requests.Patch(context.Background(), httpbinURL+"/patch", requests.JSON(map[string]any{"a": 1}))
	if err != nil {
		fmt.Println(err)
		return
	}
	var body struct{ JSON map[string]int }
	resp.JSON(&body)
	fmt.Println(body.JSON["a"], string(resp.Request.Body))
	// Output: 1 {"a":1}
}

func ExampleDelete() {
	resp, err := requests.Delete(context.Background(), httpbinURL+"/delete")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Request.Method, resp.Request.Header.Get("Content-Length"))
	// Output: 200 DELETE 0
}

func ExampleOptions() {
	resp, err := requests.Options(context.Background(), httpbinURL+"/get")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Access-Control-Allow-Methods") != "")
	// Output: 200 true
}

func ExampleDo() {
	resp, err := requests.Do(context.Background(), "PROPFIND", httpbinURL+"/anything")
	if err != nil {
		fmt.Println(err)
		return
	}
	var body struct{ Method string }
	resp.JSON(&body)
	fmt.Println(body.Method)
	// Output: PROPFIND
}

func ExampleParams() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/get",
		requests.Params{"q": "go requests", "page": 2, "tag": []string{"a", "b"}, "unset": nil})
	fmt.Println(resp.URL.RawQuery)
	// Output: page=2&q=go+requests&tag=a&tag=b
}

func ExampleHeaders() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/headers", requests.Headers{"user-agent": "Go script"})
	var body struct{ Headers map[string][]string }
	resp.JSON(&body)
	fmt.Println(body.Headers["User-Agent"])
	// Output: [Go script]
}

func ExampleForm() {
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.Form{"name": "Peter", "langs": []string{"go", "python"}})
	fmt.Println(string(resp.Request.Body))
	// Output: langs=go&langs=python&name=Peter
}

func ExampleJSON() {
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.JSON(map[string]any{"name": "Jane", "age": 17}))
	fmt.Println(resp.Request.Header.Get("Content-Type"), string(resp.Request.Body))
	// Output: application/json {"age":17,"name":"Jane"}
}

func ExampleData() {
	// A strings.Reader has a known length; a reader that has none is sent
	// chunked.
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.Data(strings.NewReader("streamed")),
		requests.Headers{"Content-Type": "text/plain"})
	var body struct{ Data string }
	resp.JSON(&body)
	fmt.Println(body.Data, resp.Request.Header.Get("Content-Length"))
	// Output: streamed 8
}

func ExampleBasicAuth() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/basic-auth/user7/7user", requests.BasicAuth("user7", "7user"))
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleBearerAuth() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/bearer", requests.BearerAuth("token"))
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleAllowRedirects() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/redirect-to?url=/get", requests.AllowRedirects(false))
	fmt.Println(resp.StatusCode, resp.Header.Get("Location"))
	// Output: 302 /get
}

func ExampleMaxRedirects() {
	_, err := requests.Get(context.Background(), httpbinURL+"/redirect/3", requests.MaxRedirects(2))
	fmt.Println(errors_Is(err, requests.ErrTooManyRedirects))
	// Output: true
}

func ExampleStream() {
	resp, err := requests.Get(context.Background(), httpbinURL+"/bytes/1024", requests.Stream(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close() // in stream mode, closing is the caller's job
	fmt.Println(len(resp.Content()), resp.Err())
	// Output: 1024 <nil>
}

func ExampleCloseIdleConnections() {
	requests.Get(context.Background(), httpbinURL+"/get")
	requests.CloseIdleConnections() // e.g. before a program exits
	fmt.Println("closed")
	// Output: closed
}

func ExamplePreparedRequest_Curl() {
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.JSON(map[string]int{"a": 1}), requests.BearerAuth("secret"))
	cmd := resp.Request.Curl(false)
	fmt.Println(strings.Replace(cmd, httpbinURL, "http://httpbin", 1))
	// Output: curl -X POST http://httpbin/post -H 'Accept: */*' -H 'Accept-Encoding: gzip, deflate, br, zstd' -H 'Authorization: REDACTED' -H 'Connection: keep-alive' -H 'Content-Type: application/json' -H 'User-Agent: go-requests/0.1.0' --compressed --data-raw '{"a":1}'
}

func ExampleRetry() {
	// httpbin's /status/503 always fails: two retries, then ErrRetry.
	_, err := requests.Get(context.Background(), httpbinURL+"/status/503",
		requests.Retry{Total: 2, StatusForcelist: []int{503}, Backoff: time.Millisecond})
	var rerr *requests.Error
	if errors.As(err, &rerr) && errors.Is(err, requests.ErrRetry) {
		fmt.Println(rerr.Response.StatusCode, "after retries")
	}
	// Output: 503 after retries
}
