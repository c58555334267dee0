//go:build linux

package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestDownloadInterrupt sends SIGINT to a download in progress: the
// partial file stays, the command to resume it is printed, the exit
// status is 130, and that command finishes the download.
func TestDownloadInterrupt(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	var stall atomic.Bool
	stall.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if stall.Load() {
			w.Header().Set("Content-Length", fmt.Sprint(len(content)))
			w.Write(content[:200<<10])
			w.(http.Flusher).Flush()
			select { // until the client goes away
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		http.ServeContent(w, r, "file.bin", time.Time{}, bytes.NewReader(content))
	}))
	defer srv.Close()
	dir := t.TempDir()
	url := srv.URL + "/file.bin"
	cmd := asCommand(t, "-d", url)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	part := filepath.Join(dir, "file.bin.part")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if fi, err := os.Stat(part); err == nil && fi.Size() == 200<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the download did not start: %q", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130: %q", code, stderr.String())
	}
	if fi, err := os.Stat(part); err != nil || fi.Size() != 200<<10 {
		t.Fatalf("the partial file is gone or changed: %v", err)
	}
	want := "requests --continue --output file.bin -d " + url
	if !strings.Contains(stderr.String(), "Resume it with:\n  "+want+"\n") || !strings.Contains(stderr.String(), "file.bin.part") {
		t.Fatalf("no resume command %q in %q", want, stderr.String())
	}

	// The printed command resumes where the first run stopped.
	stall.Store(false)
	words := strings.Fields(want)
	resume := asCommand(t, words[1:]...)
	resume.Dir = dir
	out, err := resume.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v %s", want, err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "file.bin")); !bytes.Equal(got, content) {
		t.Errorf("resumed file has %d bytes, want %d", len(got), len(content))
	}
	if !strings.Contains(string(out), `Resuming "file.bin" (1.0 MiB) at 200.0 KiB`) {
		t.Errorf("resumed run: %q", out)
	}
}
