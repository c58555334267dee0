package requests_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

func TestRaiseForStatus(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{200, ""}, {204, ""}, {302, ""}, {399, ""},
		{404, "404 Client Error: Not Found for url: %s/status/404"},
		{418, "418 Client Error: I'm a teapot for url: %s/status/418"},
		{500, "500 Server Error: Internal Server Error for url: %s/status/500"},
		{503, "503 Server Error: Service Unavailable for url: %s/status/503"},
	}
	for _, tt := range tests {
		resp, err := requests.Get(context.Background(), fmt.Sprintf("%s/status/%d", httpbinURL, tt.code), requests.AllowRedirects(false))
		if err != nil {
			t.Fatal(err)
		}
		err = resp.RaiseForStatus()
		if tt.want == "" {
			if err != nil || !resp.OK() && tt.code < 400 {
				t.Errorf("%d: RaiseForStatus = %v, OK = %v", tt.code, err, resp.OK())
			}
			continue
		}
		var herr *requests.HTTPError
		if !errors.Is(err, requests.ErrHTTP) || !errors.Is(err, requests.ErrRequest) || !errors.As(err, &herr) || herr.Response != resp {
			t.Errorf("%d: RaiseForStatus = %v; want *HTTPError", tt.code, err)
			continue
		}
		if want := fmt.Sprintf(tt.want, httpbinURL); err.Error() != want {
			t.Errorf("%d: %q; want %q", tt.code, err, want)
		}
		if resp.OK() {
			t.Errorf("%d: OK() = true", tt.code)
		}
	}
}

func TestReasonIsTheServers(t *testing.T) {
	url := testserver.Raw(t, testserver.Reply("HTTP/1.1 404 NOT FOUND\r\nContent-Length: 0\r\n\r\n"))
	resp, err := requests.Get(context.Background(), url+"/x")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Reason() != "NOT FOUND" || resp.RaiseForStatus().Error() != "404 Client Error: NOT FOUND for url: "+url+"/x" {
		t.Errorf("Reason %q, %v", resp.Reason(), resp.RaiseForStatus())
	}
	url = testserver.Raw(t, testserver.Reply("HTTP/1.1 600 \r\nContent-Length: 0\r\n\r\n"))
	if resp, _ = requests.Get(context.Background(), url); resp.RaiseForStatus() != nil {
		t.Errorf("600: %v; requests raises only for 4xx and 5xx", resp.RaiseForStatus())
	}
}

func TestHTTPErrorRedactsThePassword(t *testing.T) {
	u := "http://user:secret@" + httpbinURL[len("http://"):] + "/status/401"
	resp, err := requests.Get(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	if msg := resp.RaiseForStatus().Error(); msg != "401 Client Error: Unauthorized for url: http://user:xxxxx@"+httpbinURL[len("http://"):]+"/status/401" {
		t.Errorf("%q", msg)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, contentType, body, want, encoding string
	}{
		{"UTF-8 detected", "text/plain", "caf\xc3\xa9", "café", "utf-8"},
		{"windows-1252 detected", "text/plain", "Le caf\xe9 \xe9tait tr\xe8s bon, et la cr\xe8me br\xfbl\xe9e aussi.", "Le café était très bon, et la crème brûlée aussi.", "windows-1252"},
		{"the charset of Content-Type", "text/plain; charset=ISO-8859-1", "caf\xe9", "café", "ISO-8859-1"},
		{"a quoted charset", `text/html; charset="windows-1251"`, "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет", "windows-1251"},
		{"JSON is UTF-8", "application/json", "\"\xe2\x82\xac\"", `"€"`, "utf-8"},
		{"invalid bytes become U+FFFD", "text/plain; charset=utf-8", "a\xffb", "a\uFFFDb", "utf-8"},
		{"an unknown charset decodes UTF-8", "text/plain; charset=x-unknown", "caf\xc3\xa9", "café", "x-unknown"},
		{"Shift_JIS", "text/plain; charset=Shift_JIS", "\x93\xfa\x96\x7b", "日本", "Shift_JIS"},
		{"a UTF-8 BOM, dropped", "text/plain", "\xef\xbb\xbfcaf\xc3\xa9", "café", "utf-8"},
		{"a UTF-16LE BOM", "text/plain", "\xff\xfeh\x00i\x00", "hi", "utf-16-le"},
		{"a UTF-16BE BOM", "", "\xfe\xff\x00h\x00i", "hi", "utf-16-be"},
		{"HTML <meta charset>", "text/html", "<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>", "<html><head><meta charset=\"windows-1251\"></head><body>Привет</body></html>", "windows-1251"},
		{"HTML http-equiv", "text/html", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\"><p>\xe1\xe2\xe3</p>", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\"><p>αβγ</p>", "ISO-8859-7"},
		{"HTML without a type", "", "<!DOCTYPE html><meta charset=euc-kr><p>\xc7\xd1</p>", "<!DOCTYPE html><meta charset=euc-kr><p>한</p>", "euc-kr"},
		{"an XML declaration", "application/xml", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x93\xfa</a>", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>日</a>", "Shift_JIS"},
		{"the header wins over the body", "text/html; charset=utf-8", "<meta charset=\"windows-1251\">\xd0\x9f", "<meta charset=\"windows-1251\">П", "utf-8"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tt.contentType)
			w.Write([]byte(tt.body))
		}))
		resp, err := requests.Get(context.Background(), srv.URL)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		if text := resp.Text(); resp.Encoding != tt.encoding || text != tt.want {
			t.Errorf("%s: Encoding %q, Text %q; want %q, %q", tt.name, resp.Encoding, text, tt.encoding, tt.want)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("caf\xe9"))
	}))
	defer srv.Close()
	resp, _ := requests.Get(context.Background(), srv.URL)
	resp.Encoding = "latin-1"
	if resp.Text() != "café" {
		t.Errorf("Encoding set by the caller: Text %q", resp.Text())
	}
}

func TestJSONInUTF16(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write([]byte("{\x00\"\x00a\x00\"\x00:\x001\x00}\x00")) // {"a":1} in UTF-16LE
	}))
	defer srv.Close()
	resp, _ := requests.Get(context.Background(), srv.URL)
	var v map[string]int
	if err := resp.JSON(&v); err != nil || v["a"] != 1 {
		t.Errorf("UTF-16LE JSON: %v, %v", v, err)
	}
}

// A byte order mark wins over the charset application/json implies.
func TestJSONWithABOMUnderApplicationJSON(t *testing.T) {
	for name, body := range map[string]string{
		"UTF-16LE": "\xff\xfe{\x00\"\x00a\x00\"\x00:\x001\x00}\x00",
		"UTF-16BE": "\xfe\xff\x00{\x00\"\x00a\x00\"\x00:\x001\x00}",
		"UTF-8":    "\xef\xbb\xbf{\"a\":1}",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}))
		resp, err := requests.Get(context.Background(), srv.URL)
		var v map[string]int
		if err != nil || resp.JSON(&v) != nil || v["a"] != 1 {
			t.Errorf("%s with a BOM: %v %v", name, v, err)
		}
		srv.Close()
	}
}

func TestResponseMembers(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/response-headers",
		requests.Params{"Link": `<http://x/?page=2>; rel="next", <http://x/?page=9>; rel="last"`})
	if err != nil {
		t.Fatal(err)
	}
	if resp.String() != "<Response [200]>" || !resp.OK() || resp.Reason() != "OK" {
		t.Errorf("String %s, OK %v, Reason %q", resp, resp.OK(), resp.Reason())
	}
	if resp.Elapsed <= 0 || resp.Proto != "HTTP/1.1" {
		t.Errorf("Elapsed %v, Proto %q", resp.Elapsed, resp.Proto)
	}
	if resp.Request.Method != "GET" || resp.Request.URL.String() != resp.URL.String() || resp.Request.Body != nil {
		t.Errorf("Request %+v", resp.Request)
	}
	if resp.Header.Get("content-type") != "application/json; charset=utf-8" {
		t.Errorf("Header.Get is not case-insensitive: %q", resp.Header.Get("content-type"))
	}
	links := resp.Links()
	if links["next"].URL != "http://x/?page=2" || links["last"].Rel() != "last" || len(links) != 2 {
		t.Errorf("Links %v", links)
	}
	if resp.IsRedirect() || len(resp.History) != 0 || resp.Close() != nil || resp.Close() != nil {
		t.Errorf("IsRedirect %v History %v", resp.IsRedirect(), resp.History)
	}
	var nilResp *requests.Response
	if nilResp.Close() != nil {
		t.Error("Close on nil")
	}
}

func TestStreamReturnsBeforeTheBody(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	resp, err := requests.Get(context.Background(), httpbinURL+"/drip?duration=1&numbytes=5&delay=0", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Elapsed > 900e6 {
		t.Errorf("Stream(true) waited %v", resp.Elapsed)
	}
	if got := resp.Text(); got != "*****" || resp.Err() != nil {
		t.Errorf("Text %q, Err %v", got, resp.Err())
	}
	resp.Close()
}
