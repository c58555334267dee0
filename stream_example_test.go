package requests_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-requests/requests"
)

func ExampleResponse_IterContent() {
	resp, err := requests.Get(context.Background(), httpbinURL+"/bytes/1000", requests.Stream(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close()
	total := 0
	for chunk, err := range resp.IterContent(256) {
		if err != nil {
			fmt.Println(err)
			return
		}
		total += len(chunk) // chunk is reused: copy it to keep it
	}
	fmt.Println(total)
	// Output: 1000
}

func ExampleResponse_IterLines() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/base64/b25lDQp0d28KdGhyZWU=", requests.Stream(true)) // "one\r\ntwo\nthree"
	defer resp.Close()
	for line, err := range resp.IterLines() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(string(line))
	}
	// Output:
	// one
	// two
	// three
}

func ExampleResponse_Reader() {
	resp, _ := requests.Get(context.Background(), httpbinURL+"/gzip", requests.Stream(true))
	defer resp.Close()
	var b strings.Builder
	io.Copy(&b, resp.Reader()) // decompressed
	fmt.Println(strings.Contains(b.String(), `"gzipped": true`))
	// Output: true
}

func ExampleResponse_ApparentEncoding() {
	// A server that names no charset, sending Russian in windows-1251.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xca\xe0\xea \xe4\xe5\xeb\xe0?"))
	}))
	defer srv.Close()
	resp, _ := requests.Get(context.Background(), srv.URL)
	fmt.Println(resp.ApparentEncoding(), resp.Text())
	// Output: windows-1251 Привет, мир! Как дела?
}

func ExampleFiles() {
	dir, _ := os.MkdirTemp("", "upload")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sid.txt")
	os.WriteFile(path, []byte("Sid"), 0o644)
	resp, err := requests.Post(context.Background(), httpbinURL+"/post",
		requests.Files{"image": requests.File(path), "note": {Filename: "note.txt", Reader: strings.NewReader("hi")}},
		requests.Form{"caption": "the dog"})
	if err != nil {
		fmt.Println(err)
		return
	}
	var body struct {
		Files map[string][]string
		Form  map[string][]string
	}
	resp.JSON(&body)
	fmt.Println(body.Files["image"], body.Files["note"], body.Form["caption"])
	// Output: [Sid] [hi] [the dog]
}

func ExampleUploadProgress() {
	var last int64
	requests.Post(context.Background(), httpbinURL+"/post", requests.Data(strings.Repeat("x", 5000)),
		requests.UploadProgress(func(sent, total int64) { last = sent }))
	fmt.Println(last)
	// Output: 5000
}

func ExampleDownload() {
	dir, _ := os.MkdirTemp("", "download")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data.bin")
	var done int64
	_, err := requests.Download(context.Background(), httpbinURL+"/bytes/4096", path,
		requests.DownloadProgress(func(n, total int64) { done = n }))
	fi, _ := os.Stat(path)
	fmt.Println(err, fi.Size(), done)
	// Output: <nil> 4096 4096
}

func ExampleDownloadProgress() {
	dir, _ := os.MkdirTemp("", "download")
	defer os.RemoveAll(dir)
	var calls int
	var done, total int64
	requests.Download(context.Background(), httpbinURL+"/bytes/100000", filepath.Join(dir, "f.bin"),
		requests.DownloadProgress(func(d, t int64) { calls, done, total = calls+1, d, t }))
	fmt.Println(calls > 0, done, total)
	// Output: true 100000 100000
}

func ExampleMultipartBoundary() {
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post",
		requests.Files{"f": {Filename: "a.txt", Reader: strings.NewReader("x")}}, requests.MultipartBoundary("BOUNDARY"))
	fmt.Println(resp.Request.Header.Get("Content-Type"))
	// Output: multipart/form-data; boundary=BOUNDARY
}

func ExampleFile() {
	dir, _ := os.MkdirTemp("", "upload")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "report.csv")
	os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644)
	// Streamed from disk while the request is sent; the filename is the
	// base name of the path, and a Content-Type is sent only when set.
	p := requests.File(path)
	p.ContentType = "text/csv"
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.Files{"report": p})
	var body struct{ Files map[string][]string }
	resp.JSON(&body)
	fmt.Printf("%q\n", body.Files["report"])
	// Output: ["a,b\n1,2\n"]
}

func ExamplePart() {
	// A part from any reader, with a filename, a type and headers of its own.
	part := requests.Part{
		Filename:    "data.json",
		ContentType: "application/json",
		Header:      map[string]string{"X-Checksum": "abc"},
		Reader:      strings.NewReader(`{"k":1}`),
	}
	resp, _ := requests.Post(context.Background(), httpbinURL+"/post", requests.Files{"payload": part})
	var body struct{ Files map[string][]string }
	resp.JSON(&body)
	fmt.Println(body.Files["payload"])
	// Output: [{"k":1}]
}

func ExampleDecompressionLimit() {
	// httpbin's /gzip is about 0.5 kB inflated: a 100-byte limit refuses it.
	_, err := requests.Get(context.Background(), httpbinURL+"/gzip", requests.DecompressionLimit(100))
	fmt.Println(errors.Is(err, requests.ErrContentDecoding))
	// Output: true
}
