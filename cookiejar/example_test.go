package cookiejar_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/go-requests/requests/cookiejar"
)

// A plain net/http client keeps its cookies in a Jar, which can then be
// listed (and saved, and loaded).
func ExampleJar() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			w.Header().Add("Set-Cookie", `session="abc 123"; Path=/; HttpOnly`)
			return
		}
		c, _ := r.Cookie("session")
		fmt.Fprint(w, "server got ", c.Value)
	}))
	defer srv.Close()
	jar := cookiejar.New()
	client := &http.Client{Jar: jar}
	resp, _ := client.Get(srv.URL + "/login")
	resp.Body.Close()
	resp, _ = client.Get(srv.URL + "/me")
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body))
	for _, c := range jar.All() {
		fmt.Println(c.Name, c.Value, c.HttpOnly)
	}
	// Output:
	// server got abc 123
	// session "abc 123" true
}

func ExampleParseSetCookie() {
	c, ok := cookiejar.ParseSetCookie(`theme="dark"; Max-Age=3600; SameSite=Lax`)
	fmt.Println(ok, c.Name, c.Value, c.MaxAge, c.SameSite == http.SameSiteLaxMode)
	_, ok = cookiejar.ParseSetCookie("a=b\x01c")
	fmt.Println(ok)
	// Output:
	// true theme "dark" 3600 true
	// false
}

func ExampleJar_Header() {
	jar := cookiejar.New()
	u, _ := url.Parse("https://example.com/app")
	// A quoted value keeps its quotes; a header without a name is a
	// nameless cookie, sent as its value alone, unless it would read as a
	// __Host- or __Secure- cookie.
	jar.SetCookieLines(u, []string{"a=1", `b="two"`, "lonely", "=__Host-c=3"})
	fmt.Println(jar.Header(u))
	// Output: a=1; b="two"; lonely
}
