package requests_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-requests/requests"
)

func ExampleCookies() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/cookies", requests.Cookies{"user": "jane", "theme": "dark"})
	var body struct{ Cookies map[string]string }
	resp.JSON(&body)
	fmt.Println(body.Cookies["user"], body.Cookies["theme"])
	// Output: jane dark
}

func ExampleResponse_Cookies() {
	// httpbin's /cookies/set sets the cookies of its query, then redirects.
	resp, _ := requests.Get(context.Background(), httpbinURL+"/cookies/set?theme=dark", requests.AllowRedirects(false))
	jar := resp.Cookies()
	for _, c := range jar.All() {
		fmt.Println(c.Name, "=", c.Value)
	}
	next, _ := requests.Get(context.Background(), httpbinURL+"/cookies", jar) // sends them back
	var body struct{ Cookies map[string]string }
	next.JSON(&body)
	fmt.Println(body.Cookies)
	// Output:
	// theme = dark
	// map[theme:dark]
}

func ExampleSession_Cookies() {
	s := requests.NewSession()
	defer s.Close()
	s.Get(context.Background(), httpbinURL+"/cookies/set?user=jane")
	fmt.Println(s.Cookies().Get("user"))
	// Output: jane
}

func ExampleNewCookieJar() {
	jar := requests.NewCookieJar()
	jar.Set(&http.Cookie{Name: "token", Value: "abc", Domain: "127.0.0.1"})
	s := requests.NewSession(jar) // the Session keeps its cookies in jar
	defer s.Close()
	resp, _ := s.Get(context.Background(), httpbinURL+"/cookies")
	var body struct{ Cookies map[string]string }
	resp.JSON(&body)
	fmt.Println(body.Cookies["token"], jar.Len())
	// Output: abc 1
}

func ExampleCookieJar_Lookup() {
	jar := requests.NewCookieJar()
	jar.Set(&http.Cookie{Name: "theme", Value: "dark", Domain: "a.example"})
	jar.Set(&http.Cookie{Name: "theme", Value: "light", Domain: "b.example"})
	_, err := jar.Lookup("theme", "", "")
	fmt.Println(errors.Is(err, requests.ErrCookieConflict))
	c, _ := jar.Lookup("theme", "b.example", "")
	fmt.Println(c.Value, jar.Get("theme") == "")
	_, err = jar.Lookup("missing", "", "")
	fmt.Println(errors.Is(err, requests.ErrCookieNotFound))
	// Output:
	// true
	// light true
	// true
}

func ExampleCookieJar_Save() {
	dir, _ := os.MkdirTemp("", "jar")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "cookies.json")
	jar := requests.NewCookieJar()
	jar.Set(&http.Cookie{Name: "sid", Value: "42", Domain: ".example.com", Secure: true, HttpOnly: true})
	jar.Save(path)
	loaded := requests.NewCookieJar()
	loaded.Load(path) // also reads Netscape cookies.txt files
	c, _ := loaded.Lookup("sid", "example.com", "/")
	fmt.Println(c.Value, c.Domain, c.Secure, c.HttpOnly)
	// Output: 42 .example.com true true
}

func ExampleCookieJar_Delete() {
	jar := requests.NewCookieJar()
	jar.Set(&http.Cookie{Name: "a", Value: "1", Domain: "h.example"})
	jar.Set(&http.Cookie{Name: "b", Value: "2", Domain: "h.example"})
	fmt.Println(jar.Delete("a", "", ""), jar.Len())
	jar.Clear()
	fmt.Println(jar.Len())
	// Output:
	// 1 1
	// 0
}
