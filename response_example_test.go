package requests_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-requests/requests"
)

func ExampleResponse() {
	resp, err := requests.Get(context.Background(), httpbinURL+"/redirect-to?url=/get%3Flang%3Dgo")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close()
	fmt.Println("Status code:", resp.StatusCode)
	fmt.Println("Final path:", resp.URL.RequestURI())
	fmt.Println("Redirects:", resp.History)
	fmt.Println("Encoding:", resp.Encoding)
	fmt.Println("Content-Type:", resp.Header.Get("content-type"))
	fmt.Println("Sent User-Agent:", resp.Request.Header.Get("User-Agent"))
	fmt.Println("Elapsed > 0:", resp.Elapsed > 0)
	// Output:
	// Status code: 200
	// Final path: /get?lang=go
	// Redirects: [<Response [302]>]
	// Encoding: utf-8
	// Content-Type: application/json; charset=utf-8
	// Sent User-Agent: go-requests/0.1.0
	// Elapsed > 0: true
}

func ExampleResponse_OK() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/status/404")
	fmt.Println(resp.OK(), resp.Reason())
	// Output: false Not Found
}

func ExampleResponse_Reason() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/status/503")
	fmt.Println(resp.StatusCode, resp.Reason())
	// Output: 503 Service Unavailable
}

func ExampleResponse_RaiseForStatus() {
	for _, code := range []string{"200", "404", "500"} {
		resp, _ := requests.Get(context.Background(), httpbinURL+"/status/"+code)
		err := resp.RaiseForStatus()
		var herr *requests.HTTPError
		if errors.As(err, &herr) {
			fmt.Println(strings.Replace(err.Error(), httpbinURL, "http://httpbin", 1), herr.Response.StatusCode)
			continue
		}
		fmt.Println(code, "OK")
	}
	// Output:
	// 200 OK
	// 404 Client Error: Not Found for url: http://httpbin/status/404 404
	// 500 Server Error: Internal Server Error for url: http://httpbin/status/500 500
}

func ExampleResponse_Content() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/gzip")
	fmt.Println(resp.Header.Get("Content-Encoding"), strings.Contains(string(resp.Content()), `"gzipped": true`))
	// Output: gzip true
}

func ExampleResponse_Text() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/base64/Y2Fmw6k=") // "café"
	fmt.Println(resp.Text())
	// Output: café
}

func ExampleResponse_Text_encoding() {
	// "caf\xe9" is café in ISO-8859-1; the server names no charset.
	resp, _ := requests.Get(context.Background(), httpbinURL+"/base64/Y2Fm6Q==")
	resp.Encoding = "iso-8859-1"
	fmt.Println(resp.Text())
	// Output: café
}

func ExampleResponse_JSON() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/json")
	var v struct {
		Slideshow struct{ Title string }
	}
	if err := resp.JSON(&v); err != nil {
		fmt.Println(err)
	}
	fmt.Println(v.Slideshow.Title)

	resp, _ = requests.Get(context.Background(), httpbinURL+"/html")
	err := resp.JSON(&v)
	fmt.Println(errors.Is(err, requests.ErrJSONDecode))
	// Output:
	// Sample Slide Show
	// true
}

func ExampleResponse_IsRedirect() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/redirect/1", requests.AllowRedirects(false))
	fmt.Println(resp.IsRedirect(), resp.Header.Get("Location"))
	// Output: true /get
}

func ExampleResponse_Links() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/response-headers",
		requests.Params{"Link": `<https://api.example/items?page=2>; rel="next"`})
	next := resp.Links()["next"]
	fmt.Println(next.URL, next.Params["rel"])
	// Output: https://api.example/items?page=2 next
}

func ExampleResponse_String() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/redirect/2")
	fmt.Println(resp, resp.History)
	// Output: <Response [200]> [<Response [302]> <Response [302]>]
}

func ExampleResponse_Close() {
	resp, err := requests.Get(context.Background(), httpbinURL+"/stream/3", requests.Stream(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Close(), resp.Close()) // safe to call more than once
	// Output: <nil> <nil>
}

func ExampleResponse_Err() {
	resp, err := requests.Get(context.Background(), httpbinURL+"/bytes/10", requests.Stream(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close()
	fmt.Println(len(resp.Content()), resp.Err())
	// Output: 10 <nil>
}

func ExampleParseLinks() {
	for _, l := range requests.ParseLinks(`<http://x/?page=2>; rel="next", <http://x/?page=5>; rel="last"`) {
		fmt.Println(l.Rel(), l.URL)
	}
	// Output:
	// next http://x/?page=2
	// last http://x/?page=5
}

func ExampleLink_Rel() {
	l := requests.ParseLinks(`</style.css>; rel=stylesheet; type="text/css"`)[0]
	fmt.Println(l.Rel(), l.Params["type"])
	// Output: stylesheet text/css
}
