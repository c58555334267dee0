package requests_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-requests/requests"
)

// captured is what a server received.
type captured struct {
	header http.Header
	body   []byte
	chunk  bool
}

func captureServer(t *testing.T) (*httptest.Server, *captured) {
	var c captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.header = r.Header.Clone()
		c.chunk = len(r.TransferEncoding) > 0
		c.body, _ = io.ReadAll(r.Body)
	}))
	t.Cleanup(srv.Close)
	return srv, &c
}

func TestMultipartMatchesRequests(t *testing.T) {
	data, err := os.ReadFile("testdata/golden/multipart.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Cases []struct {
			Data        map[string]any
			Files       [][]any
			ContentType string `json:"content_type"`
			Length      int64
			Body        string
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // 5 stays an integer, 1.5 a float
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	srv, got := captureServer(t)
	for i, c := range g.Cases {
		files := requests.Files{}
		for _, f := range c.Files {
			content := []byte{}
			for _, r := range f[2].(string) { // the golden holds Latin-1 code points
				content = append(content, byte(r))
			}
			p := requests.Part{Reader: bytes.NewReader(content)}
			if f[1] != nil {
				p.Filename = f[1].(string)
			}
			if f[3] != nil {
				p.ContentType = f[3].(string)
			}
			if f[4] != nil {
				p.Header = map[string]string{}
				for k, v := range f[4].(map[string]any) {
					p.Header[k] = v.(string)
				}
			}
			files[f[0].(string)] = p
		}
		form := requests.Form{}
		for k, v := range c.Data {
			if n, ok := v.(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					v = i
				} else {
					v, _ = n.Float64()
				}
			}
			form[k] = v
		}
		if _, err := requests.Post(context.Background(), srv.URL, requests.Form(form), files, requests.MultipartBoundary("BOUNDARY")); err != nil {
			t.Fatal(err)
		}
		want, _ := base64.StdEncoding.DecodeString(c.Body)
		if !bytes.Equal(got.body, want) {
			t.Errorf("case %d: body\n%q\nwant\n%q", i, got.body, want)
		}
		if got.header.Get("Content-Type") != c.ContentType || got.header.Get("Content-Length") != fmt.Sprint(c.Length) {
			t.Errorf("case %d: Content-Type %q, Content-Length %q; want %q, %d", i, got.header.Get("Content-Type"), got.header.Get("Content-Length"), c.ContentType, c.Length)
		}
	}
}

func TestUploadFromDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sid.jpg")
	content := bytes.Repeat([]byte("0123456789"), 50_000)
	os.WriteFile(path, content, 0o644)
	srv, got := captureServer(t)
	var calls, last, total atomic.Int64
	progress := requests.UploadProgress(func(sent, tot int64) { calls.Add(1); last.Store(sent); total.Store(tot) })
	resp, err := requests.Post(context.Background(), srv.URL, requests.Files{"image": requests.File(path)}, requests.Form{"caption": "Sid"}, progress)
	if err != nil {
		t.Fatal(err)
	}
	if got.chunk || got.header.Get("Content-Length") == "" {
		t.Errorf("a file of known size was sent chunked")
	}
	_, params, _ := mime.ParseMediaType(got.header.Get("Content-Type"))
	r := multipart.NewReader(bytes.NewReader(got.body), params["boundary"])
	p, _ := r.NextPart()
	caption, _ := io.ReadAll(p)
	p, _ = r.NextPart()
	body, _ := io.ReadAll(p)
	if string(caption) != "Sid" || p.FileName() != "sid.jpg" || p.FormName() != "image" || !bytes.Equal(body, content) {
		t.Errorf("parts: caption %q, file %q %q, %d bytes", caption, p.FormName(), p.FileName(), len(body))
	}
	if resp.Request.Body != nil {
		t.Errorf("Request.Body holds %d bytes of a streamed upload", len(resp.Request.Body))
	}
	if calls.Load() == 0 || last.Load() != total.Load() || total.Load() != int64(len(got.body)) {
		t.Errorf("progress: %d calls, last %d of %d; body %d", calls.Load(), last.Load(), total.Load(), len(got.body))
	}
	// A reader of unknown size makes the body chunked.
	if _, err := requests.Post(context.Background(), srv.URL, requests.Files{"f": {Reader: io.MultiReader(strings.NewReader("abc"))}}); err != nil {
		t.Fatal(err)
	}
	if !got.chunk || !bytes.Contains(got.body, []byte(`filename="f"`)) {
		t.Errorf("chunked %v, body %q", got.chunk, got.body)
	}
}

func TestUploadErrors(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, err := requests.Post(context.Background(), srv.URL, requests.Files{"f": requests.File(filepath.Join(t.TempDir(), "missing.txt"))})
	if !errors.Is(err, requests.ErrRequest) || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("a missing file: %v", err)
	}
	_, err = requests.Post(context.Background(), srv.URL, requests.Files{"f": {}})
	if !errors.Is(err, requests.ErrRequest) {
		t.Errorf("an empty part: %v", err)
	}
	_, err = requests.Post(context.Background(), srv.URL, requests.Files{"f": {Reader: strings.NewReader("x")}}, requests.Data("raw"))
	if !errors.Is(err, requests.ErrRequest) {
		t.Errorf("Files with Data: %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests were sent", hits.Load())
	}
}

func TestUploadIsSentAgainOn307(t *testing.T) {
	srv, got := captureServer(t)
	redirect := httptest.NewServer(http.RedirectHandler(srv.URL, http.StatusTemporaryRedirect))
	defer redirect.Close()
	path := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(path, []byte("from disk"), 0o644)
	files := requests.Files{"disk": requests.File(path), "mem": {Reader: strings.NewReader("from memory")}}
	if _, err := requests.Post(context.Background(), redirect.URL, files); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got.body, []byte("from disk")) || !bytes.Contains(got.body, []byte("from memory")) {
		t.Errorf("after a 307: %q", got.body)
	}
	_, err := requests.Post(context.Background(), redirect.URL, requests.Files{"once": {Reader: io.MultiReader(strings.NewReader("x"))}})
	if !errors.Is(err, requests.ErrUnrewindableBody) {
		t.Errorf("a one-shot part on a 307: %v", err)
	}
}
