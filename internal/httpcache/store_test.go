package httpcache

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func diskSetup(t *testing.T, dir string, max int64, body string) (*Transport, *fakeOrigin) {
	t.Helper()
	o := &fakeOrigin{clock: &clock{t: time.Now()}, handler: func(req *http.Request, n int) *http.Response {
		return reply(200, body, "Cache-Control: max-age=600")
	}}
	tr := New(NewDiskStore(dir, max), o)
	t.Cleanup(func() { tr.Close() })
	return tr, o
}

func TestDiskStoreSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	tr1, _ := diskSetup(t, dir, 1<<20, "kept")
	get(t, tr1, "GET", u)
	tr2, o2 := diskSetup(t, dir, 1<<20, "new")
	if _, b := get(t, tr2, "GET", u); b != "kept" || o2.calls.Load() != 0 {
		t.Errorf("after a restart: %q after %d calls; want the stored body", b, o2.calls.Load())
	}
}

func TestDiskStoreDeletesACorruptEntryAndFetchesAgain(t *testing.T) {
	dir := t.TempDir()
	tr, o := diskSetup(t, dir, 1<<20, "the body")
	get(t, tr, "GET", u)
	p := NewDiskStore(dir, 1<<20).path(u)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "the body")
	data[i] = 'T'
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, b := get(t, tr, "GET", u); b != "the body" || o.calls.Load() != 2 {
		t.Fatalf("got %q after %d calls; want the body fetched again", b, o.calls.Load())
	}
	if _, b := get(t, tr, "GET", u); b != "the body" || o.calls.Load() != 2 {
		t.Errorf("got %q after %d calls; want the body stored again", b, o.calls.Load())
	}
	// A torn file (a crash mid-write) is a miss too.
	data, _ = os.ReadFile(p)
	os.WriteFile(p, data[:len(data)/2], 0o600)
	if _, b := get(t, tr, "GET", u); b != "the body" || o.calls.Load() != 3 {
		t.Errorf("got %q after %d calls; want the body fetched again", b, o.calls.Load())
	}
}

func TestDiskStoreThatCannotWriteCachesNothing(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	for _, d := range []string{dir, filepath.Join(dir, "missing")} {
		tr, o := diskSetup(t, d, 1<<20, "x")
		for range 2 {
			if resp, b := get(t, tr, "GET", u); b != "x" || resp.StatusCode != 200 {
				t.Fatalf("%s: %d %q", d, resp.StatusCode, b)
			}
		}
		if o.calls.Load() != 2 {
			t.Errorf("%s: %d calls; want 2 (nothing stored)", d, o.calls.Load())
		}
	}
}

func TestDiskStoreStaysWithinItsBound(t *testing.T) {
	dir := t.TempDir()
	const max = 64 << 10
	body := strings.Repeat("x", 4<<10)
	tr, _ := diskSetup(t, dir, max, body)
	for i := range 100 {
		get(t, tr, "GET", u+strconv.Itoa(i))
	}
	if size := dirSize(t, dir); size > max {
		t.Errorf("the directory holds %d bytes; want at most %d", size, max)
	}
}

func dirSize(t *testing.T, dir string) int64 {
	var total int64
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	return total
}

func TestDiskStoreSharedByManyWriters(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := range 4 {
		tr, _ := diskSetup(t, dir, 1<<20, strings.Repeat(strconv.Itoa(w), 1000))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				req, _ := http.NewRequest("GET", u+strconv.Itoa(i%5), nil)
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || len(b) != 1000 || strings.Count(string(b), string(b[0])) != 1000 {
					t.Errorf("a torn or mixed body: %v %.20q", err, b)
				}
			}
		}()
	}
	wg.Wait()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}

func TestMemoryStoreEvictsTheLeastRecentlyUsed(t *testing.T) {
	s := NewMemoryStore(4000)
	ctx := context.Background()
	put := func(k string, n int) {
		w, err := s.Put(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(make([]byte, n))
		w.Commit()
	}
	put("a", 900)
	put("b", 900)
	put("c", 900)
	s.Get(ctx, "a") // a is now the most recently used
	put("d", 900)
	put("e", 900)
	if _, err := s.Get(ctx, "b"); err == nil {
		t.Error("b was kept; want it evicted")
	}
	for _, k := range []string{"a", "c", "d", "e"} {
		if _, err := s.Get(ctx, k); err != nil {
			t.Errorf("%s was evicted", k)
		}
	}
	if _, size := s.Len(); size > 4000 {
		t.Errorf("size %d; want at most 4000", size)
	}
	w, _ := s.Put(ctx, "huge")
	if _, err := w.Write(make([]byte, 2000)); err == nil {
		t.Error("an entry over a quarter of the bound was taken")
	}
	w.Abort()
}

// TestDiskStoreAcrossProcesses runs three processes (this test binary,
// as TestDiskStoreChild) on one small directory at once: each reads and
// writes the same keys, whose bodies are known, with eviction under way.
// No process may read a body that is not its key's, and the directory must
// end within its bound with no temporary file left.
func TestDiskStoreAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	for range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDiskStoreChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "HTTPCACHE_CHILD_DIR="+dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("a child process: %v", err)
		}
	}
	if size := dirSize(t, dir); size > childMax {
		t.Errorf("the directory holds %d bytes; want at most %d", size, childMax)
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("a temporary file was left: %s", p)
		}
		return nil
	})
}

const childMax = 48 << 10

func TestDiskStoreChild(t *testing.T) {
	dir := os.Getenv("HTTPCACHE_CHILD_DIR")
	if dir == "" {
		t.Skip("run by TestDiskStoreAcrossProcesses")
	}
	o := &fakeOrigin{clock: &clock{t: time.Now()}, handler: func(req *http.Request, n int) *http.Response {
		return reply(200, strings.Repeat(req.URL.Path, 1000), "Cache-Control: max-age=600")
	}}
	tr := New(NewDiskStore(dir, childMax), o)
	defer tr.Close()
	for i := range 300 {
		path := "/k" + strconv.Itoa(i*7%20)
		_, b := get(t, tr, "GET", "http://example.test"+path)
		if b != strings.Repeat(path, 1000) {
			t.Fatalf("%s: a body of %d bytes that is not its own", path, len(b))
		}
	}
}

// streamStore holds one entry and returns it through a reader that cannot
// seek, as a remote store might.
type streamStore struct{ data []byte }

func (s *streamStore) Get(context.Context, string) (io.ReadCloser, error) {
	return io.NopCloser(struct{ io.Reader }{bytes.NewReader(s.data)}), nil
}
func (s *streamStore) Put(context.Context, string) (Writer, error) { return nil, errTooLarge }
func (s *streamStore) Delete(context.Context, string) error        { return nil }

func TestALargeEntryFromAReaderThatCannotSeekIsCheckedAsItStreams(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), (maxBuffered+1<<20)/16)
	m := NewMemoryStore(1 << 30)
	w, _ := m.Put(context.Background(), u)
	ew := newEntryWriter(w, kindResponse, encodeMeta(&meta{status: 200, statusText: "200 OK", header: http.Header{"Cache-Control": {"max-age=600"}}, responseTime: time.Now(), requestTime: time.Now()}))
	ew.Write(body)
	if !ew.commit() {
		t.Fatal("not stored")
	}
	entry := m.byKey[u].Value.(*memEntry).data
	for _, tt := range []struct {
		name    string
		flip    int // the byte of the body to alter, or -1
		wantErr bool
	}{{"a sound entry", -1, false}, {"a byte altered near the end", len(entry) - trailerLen - 10, true}} {
		data := append([]byte(nil), entry...)
		if tt.flip >= 0 {
			data[tt.flip] ^= 1
		}
		o := &fakeOrigin{clock: &clock{t: time.Now()}, handler: func(*http.Request, int) *http.Response { return reply(200, "origin") }}
		tr := New(&streamStore{data}, o)
		req, _ := http.NewRequest("GET", u, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: read %d bytes, err %v; want an error: %v", tt.name, len(got), err, tt.wantErr)
		}
		if !tt.wantErr && !bytes.Equal(got, body) {
			t.Errorf("%s: the body differs", tt.name)
		}
	}
}
