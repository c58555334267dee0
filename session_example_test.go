package requests_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-requests/requests"
)

func ExampleNewSession() {
	s := requests.NewSession(requests.Headers{"Accept": "application/json"}, requests.Params{"v": "1"})
	defer s.Close()
	resp, err := s.Get(context.Background(), httpbinURL+"/get", requests.Params{"page": 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.URL.RawQuery, resp.Request.Header.Get("Accept"))
	// Output: page=2&v=1 application/json
}

func ExampleSession_Mount() {
	s := requests.NewSession()
	defer s.Close()
	// Any http.RoundTripper can carry the requests of a URL prefix.
	s.Mount("mock://", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 204, Status: "204 No Content", Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}))
	resp, err := s.Get(context.Background(), "mock://anything/at/all")
	fmt.Println(resp, err)
	// Output: <Response [204]> <nil>
}

func ExampleSession_Do() {
	s := requests.NewSession(requests.BasicAuth("user7", "7user"))
	defer s.Close()
	resp, _ := s.Do(context.Background(), "GET", httpbinURL+"/basic-auth/user7/7user")
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Get() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Get(context.Background(), httpbinURL+"/get")
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Head() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Head(context.Background(), httpbinURL+"/get")
	fmt.Println(resp.StatusCode, len(resp.Content()))
	// Output: 200 0
}

func ExampleSession_Post() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Post(context.Background(), httpbinURL+"/post", requests.JSON([]int{1, 2}))
	fmt.Println(string(resp.Request.Body))
	// Output: [1,2]
}

func ExampleSession_Put() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Put(context.Background(), httpbinURL+"/put", requests.Data("x"))
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Patch() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Patch(context.Background(), httpbinURL+"/patch", requests.Form{"a": "b"})
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Delete() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Delete(context.Background(), httpbinURL+"/delete")
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Options() {
	s := requests.NewSession()
	defer s.Close()
	resp, _ := s.Options(context.Background(), httpbinURL+"/get")
	fmt.Println(resp.StatusCode)
	// Output: 200
}

func ExampleSession_Close() {
	s := requests.NewSession()
	s.Get(context.Background(), httpbinURL+"/get")
	fmt.Println(s.Close())
	// Output: <nil>
}
