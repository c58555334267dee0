package requests_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-requests/requests"
)

// fileServer serves content with http.ServeContent (Range, If-Range, ETag),
// cutting the connection after cut bytes of the first full response when
// cut > 0, and ignoring Range altogether when noRange.
type fileServer struct {
	content []byte
	etag    string
	cut     atomic.Int64
	noRange bool
	ranges  []string
}

func (f *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.ranges = append(f.ranges, r.Header.Get("Range")+"|"+r.Header.Get("If-Range"))
	if f.noRange {
		r.Header.Del("Range")
	}
	if n := f.cut.Swap(0); n > 0 {
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Content-Length", fmt.Sprint(len(f.content)))
		w.Write(f.content[:n])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection is cut
	}
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, "file.bin", time.Time{}, bytes.NewReader(f.content))
}

func TestDownload(t *testing.T) {
	t.Parallel()                                                // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	content := bytes.Repeat([]byte("requests for Go "), 40_000) // 640 kB
	fs := &fileServer{content: content, etag: `"v1"`}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "file.bin")
	ctx := context.Background()

	// Cut half-way: an error, nothing under the final name.
	fs.cut.Store(int64(len(content) / 2))
	_, err := requests.Download(ctx, srv.URL+"/file.bin", path)
	if !errors.Is(err, requests.ErrChunkedEncoding) {
		t.Fatalf("an interrupted download: %v; want ErrChunkedEncoding", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("an interrupted download left %s", path)
	}
	// Resumed with Range and If-Range, with progress from where it stopped.
	var first, last int64 = -1, 0
	resp, err := requests.Download(ctx, srv.URL+"/file.bin", path, requests.DownloadProgress(func(done, total int64) {
		if first < 0 {
			first = done
		}
		last = done
		if total != int64(len(content)) {
			t.Errorf("progress total %d", total)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if resp.StatusCode != 206 || !bytes.Equal(got, content) {
		t.Fatalf("resumed: %d, %d bytes", resp.StatusCode, len(got))
	}
	if want := fmt.Sprintf("bytes=%d-|\"v1\"", len(content)/2); fs.ranges[1] != want {
		t.Errorf("resume asked %q; want %q", fs.ranges[1], want)
	}
	if first <= int64(len(content)/2) || last != int64(len(content)) {
		t.Errorf("progress from %d to %d", first, last)
	}
	for _, leftover := range []string{path + ".part", path + ".part.json"} {
		if _, err := os.Stat(leftover); !os.IsNotExist(err) {
			t.Errorf("%s left behind", leftover)
		}
	}

	// A server that answers 200 to a Range: the download starts over.
	os.Remove(path)
	fs.ranges, fs.noRange = nil, true
	fs.cut.Store(1000)
	requests.Download(ctx, srv.URL+"/file.bin", path)
	resp, err = requests.Download(ctx, srv.URL+"/file.bin", path)
	got, _ = os.ReadFile(path)
	if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, content) {
		t.Fatalf("start over: %v %v, %d bytes", resp, err, len(got))
	}

	// A changed file (another ETag) is sent whole, and replaces the part.
	os.Remove(path)
	fs.ranges, fs.noRange = nil, false
	fs.cut.Store(1000)
	requests.Download(ctx, srv.URL+"/file.bin", path)
	fs.etag = `"v2"`
	resp, err = requests.Download(ctx, srv.URL+"/file.bin", path)
	got, _ = os.ReadFile(path)
	if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, content) {
		t.Fatalf("changed file: %v %v, %d bytes", resp, err, len(got))
	}

	// An error status writes nothing.
	_, err = requests.Download(ctx, httpbinURL+"/status/404", filepath.Join(dir, "nothing"))
	var herr *requests.HTTPError
	if !errors.As(err, &herr) {
		t.Errorf("404: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the directory holds %d entries", len(entries))
	}
}

// Issue "what a new user trips on", item 1: Download to a directory saved
// nothing and left dir/.part behind.
func TestDownloadToADirectory(t *testing.T) {
	leakCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/files/report.pdf":
			fmt.Fprint(w, "pdf")
		case "/export":
			w.Header().Set("Content-Disposition", `attachment; filename="../../etc/data.csv"`)
			fmt.Fprint(w, "csv")
		default:
			fmt.Fprint(w, "index")
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	for _, c := range []struct{ url, path, want string }{
		{srv.URL + "/files/report.pdf", dir + "/", "report.pdf"},
		{srv.URL + "/export", dir, "data.csv"},
		{srv.URL + "/", dir + "/", "index.html"},
	} {
		if _, err := requests.Download(context.Background(), c.url, c.path); err != nil {
			t.Fatalf("Download(%s, %s): %v", c.url, c.path, err)
		}
		if _, err := os.Stat(filepath.Join(dir, c.want)); err != nil {
			t.Errorf("Download(%s, %s): %v; want %s in the directory", c.url, c.path, err, c.want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %v; want the three files and nothing else", names)
	}
	if _, err := requests.Download(context.Background(), srv.URL+"/files/report.pdf", filepath.Join(dir, "missing")+"/"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Download to a directory that does not exist: %v; want an error before fetching", err)
	}
}
