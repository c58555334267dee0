package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
)

// python starts one of the tutorial's Python servers from the examples.
func python(t *testing.T, example string, modules ...string) *servers.Process {
	t.Helper()
	script := filepath.Join("..", "examples", example)
	p, err := servers.Python(context.Background(), script, modules...)
	return server(t, p, err)
}

// TestFlaskUpload sends files to the tutorial's Flask application, which
// saves them: the saved bytes must be the sent ones, whether the body has
// a length (a file) or is chunked (a reader of unknown length).
func TestFlaskUpload(t *testing.T) {
	t.Parallel() // most of it is waiting for Python to start its server
	p := python(t, "upload_image/testdata/app.py", "flask")
	ctx := context.Background()
	content := make([]byte, 300<<10)
	rand.Read(content)
	path := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	s := requests.NewSession()
	defer s.Close()
	cases := []struct {
		name string
		part requests.Part
		file string
	}{
		{"file", requests.File(path), "photo.png"},
		{"chunked reader", requests.Part{Filename: "streamed.png", ContentType: "image/png",
			Reader: io.MultiReader(bytes.NewReader(content))}, "streamed.png"},
	}
	for _, c := range cases {
		resp, err := s.Post(ctx, p.URL+"/upload", requests.Files{"image": c.part}, requests.Form{"note": "x"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := resp.Text(); got != "image uploaded successfully" {
			t.Errorf("%s: %q", c.name, got)
			continue
		}
		saved, err := os.ReadFile(filepath.Join(p.Dir, c.file))
		if err != nil || !bytes.Equal(saved, content) {
			t.Errorf("%s: saved %d bytes (%v), sent %d", c.name, len(saved), err, len(content))
		}
	}
	// A form without the image field is answered, not refused.
	resp, err := s.Post(ctx, p.URL+"/upload", requests.Files{"other": requests.File(path)})
	if err != nil || resp.Text() != "failed to upload image" {
		t.Errorf("without image: %v %v", resp, err)
	}
}

// TestPythonJSONServers sends JSON to the tutorial's JSON server and reads
// its JSON server's document.
func TestPythonJSONServers(t *testing.T) {
	t.Parallel() // most of it is waiting for Python to start its server
	ctx := context.Background()
	send := python(t, "send_json/testdata/server.py")
	resp, err := requests.Post(ctx, send.URL, requests.JSON(map[string]any{"name": "Jane", "age": 17, "langs": []string{"go", "ü"}}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "age: 17\nlangs: ['go', 'ü']\nname: Jane"; resp.Text() != want {
		t.Errorf("got %q, want %q", resp.Text(), want)
	}
	if _, err := requests.Post(ctx, send.URL, requests.JSON(map[string]any{"x": math.NaN()})); err == nil {
		t.Error("NaN was sent")
	}

	read := python(t, "read_json/testdata/server.py")
	resp, err = requests.Get(ctx, read.URL)
	if err != nil {
		t.Fatal(err)
	}
	var person struct {
		Name string
		Age  int
	}
	if err := resp.JSON(&person); err != nil || person.Name != "Jane" || person.Age != 17 {
		t.Errorf("%+v %v", person, err)
	}
}

// TestPythonCookieServers: the cookies the tutorial's server sets come
// back to it from the Session's jar, in the order they were set.
func TestPythonCookieServers(t *testing.T) {
	t.Parallel() // most of it is waiting for Python to start its server
	ctx := context.Background()
	set := python(t, "cookie_set_request/testdata/server.py")
	s := requests.NewSession()
	defer s.Close()
	resp, err := s.Get(ctx, set.URL)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Cookies().Len() != 3 || s.Cookies().Get("theme") != "dark" {
		t.Fatalf("jar after the first request: %v", s.Cookies().All())
	}
	resp, err = s.Get(ctx, set.URL)
	if err != nil {
		t.Fatal(err)
	}
	text := resp.Text()
	if !strings.HasPrefix(text, "Client sent cookies: sessionid=") || !strings.HasSuffix(text, "; theme=dark; user=jane\n") {
		t.Errorf("second request: %q", text)
	}

	echo := python(t, "cookie_request/testdata/server.py")
	resp, err = requests.Get(ctx, echo.URL, requests.Cookies{"a": "1", "b": "x y"})
	if err != nil {
		t.Fatal(err)
	}
	// Values are sent as they are, as requests sends them.
	if want := "Received cookies: a=1; b=x y\n"; resp.Text() != want {
		t.Errorf("got %q, want %q", resp.Text(), want)
	}
}

// TestPythonUserAgent reads a body that ends when the server closes the
// connection (HTTP/1.0, no Content-Length) and sends a custom User-Agent.
func TestPythonUserAgent(t *testing.T) {
	t.Parallel() // most of it is waiting for Python to start its server
	p := python(t, "user_agent/testdata/http_server.py")
	ctx := context.Background()
	resp, err := requests.Get(ctx, p.URL+"/agent", requests.Headers{"User-Agent": "Go program"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text() != "Go program" || resp.Proto != "HTTP/1.0" {
		t.Errorf("%s %q", resp.Proto, resp.Text())
	}
	resp, err = requests.Get(ctx, p.URL+"/agent")
	if err != nil || !strings.HasPrefix(resp.Text(), "go-requests/") {
		t.Errorf("default User-Agent: %q %v", resp.Text(), err)
	}
}
