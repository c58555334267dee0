package requests_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

func TestCurl(t *testing.T) {
	ctx := context.Background()
	u := strings.Replace(httpbinURL, "http://", "http://user:secret@", 1) + "/anything?q=a b"
	resp, err := requests.Post(ctx, u, requests.Form{"name": "O'Brien"}, requests.BearerAuth("tok"), requests.Cookies{"sid": "s3"})
	if err != nil {
		t.Fatal(err)
	}
	cmd := resp.Request.Curl(false)
	for _, hidden := range []string{"secret", "tok", "s3"} {
		if strings.Contains(cmd, hidden) {
			t.Errorf("Curl(false) shows %q: %s", hidden, cmd)
		}
	}
	for _, want := range []string{"curl -X POST", "'Authorization: REDACTED'", "--data-raw name=O%27Brien", "user:REDACTED@"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("Curl(false) lacks %q: %s", want, cmd)
		}
	}
	revealed := resp.Request.Curl(true)
	if !strings.Contains(revealed, "Bearer tok") || !strings.Contains(revealed, "user:secret@") {
		t.Errorf("Curl(true): %s", revealed)
	}
	// The command does what the request did, when curl is installed.
	if _, err := exec.LookPath("curl"); err == nil {
		out, err := exec.Command("sh", "-c", revealed).Output()
		var echo struct {
			Method string
			Form   map[string][]string
		}
		if err != nil || json.Unmarshal(out, &echo) != nil || echo.Method != "POST" || echo.Form["name"][0] != "O'Brien" {
			t.Errorf("running %s: %v %s", revealed, err, out)
		}
	}
	path := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(path, []byte("x"), 0o644)
	resp, _ = requests.Post(ctx, httpbinURL+"/post", requests.Files{"up": requests.File(path)}, requests.Form{"k": "v"})
	if cmd := resp.Request.Curl(false); !strings.Contains(cmd, "-F k=v -F up=@"+path) || strings.Contains(cmd, "boundary") {
		t.Errorf("multipart as curl: %s", cmd)
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	s := requests.NewSession(requests.Logger(log), requests.BasicAuth("u", "pw"))
	defer s.Close()
	if _, err := s.Get(context.Background(), httpbinURL+"/redirect-to?url=/cookies/set%3Fk%3Dv"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines logged for 3 hops:\n%s", len(lines), buf.String())
	}
	if strings.Contains(buf.String(), "dTpwdw") || strings.Contains(buf.String(), "k=v;") || !strings.Contains(buf.String(), `"REDACTED"`) {
		t.Errorf("credentials or cookies logged:\n%s", buf.String())
	}
	var first struct {
		Msg    string
		Method string
		Status int
	}
	json.Unmarshal([]byte(lines[0]), &first)
	if first.Msg != "requests: exchange" || first.Method != "GET" || first.Status != 302 {
		t.Errorf("first line: %s", lines[0])
	}
}

// A curl command with parts from readers runs when pasted: what the
// command cannot hold is said on lines before it, never after a "#" inside
// it, and each part keeps its filename and type.
func TestCurlRunsWhenPasted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(path, []byte("from a file"), 0o644)
	resp, err := requests.Post(context.Background(), httpbinURL+"/post", requests.Files{
		"doc":  {Reader: strings.NewReader("from a reader"), Filename: "doc.txt", ContentType: "text/plain"},
		"doc2": requests.File(path),
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := resp.Request.Curl(true)
	lines := strings.Split(cmd, "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "curl ") || strings.Contains(last, "#") {
		t.Fatalf("the command line holds a comment or is not last:\n%s", cmd)
	}
	if !strings.Contains(last, "doc=@-;filename=doc.txt;type=text/plain") || !strings.Contains(last, "doc2=@"+path) {
		t.Errorf("parts lost their filename, type or source: %s", last)
	}
	if _, err := exec.LookPath("curl"); err == nil {
		c := exec.Command("sh", "-c", cmd)
		c.Stdin = strings.NewReader("from a reader")
		out, err := c.Output()
		var echo struct{ Files map[string][]string }
		if err != nil || json.Unmarshal(out, &echo) != nil || echo.Files["doc"][0] != "from a reader" || echo.Files["doc2"][0] != "from a file" {
			t.Errorf("running it: %v %s", err, out)
		}
	}
}
