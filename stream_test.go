package requests_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

func TestIterContent(t *testing.T) {
	ctx := context.Background()
	resp, err := requests.Get(ctx, httpbinURL+"/bytes/1000?seed=7", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var all []byte
	for chunk, err := range resp.IterContent(300) {
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(chunk))
		all = append(all, chunk...)
	}
	if fmt.Sprint(sizes) != "[300 300 300 100]" || len(all) != 1000 {
		t.Errorf("chunk sizes %v", sizes)
	}
	for _, err := range resp.IterContent(300) {
		if !errors.Is(err, requests.ErrStreamConsumed) {
			t.Errorf("second iteration: %v; want ErrStreamConsumed", err)
		}
	}
	if resp.Content() != nil || !errors.Is(resp.Err(), requests.ErrStreamConsumed) {
		t.Errorf("Content after iterating: %d bytes, %v", len(resp.Content()), resp.Err())
	}
	// Without Stream(true) the body read already is yielded, as often as asked.
	resp, _ = requests.Get(ctx, httpbinURL+"/bytes/1000?seed=7")
	for range 2 {
		var again []byte
		for chunk, err := range resp.IterContent(0) {
			if err != nil {
				t.Fatal(err)
			}
			again = append(again, chunk...)
		}
		if !bytes.Equal(again, all) {
			t.Errorf("non-stream IterContent yielded %d bytes", len(again))
		}
	}
}

func TestIterContentAsItArrives(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	resp, err := requests.Get(context.Background(), httpbinURL+"/drip?numbytes=4&duration=0.4&delay=0", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	n, chunks := 0, 0
	for chunk, err := range resp.IterContent(0) {
		if err != nil {
			t.Fatal(err)
		}
		n += len(chunk)
		chunks++
	}
	// The bytes are dripped 100ms apart: they arrive, and are yielded, in
	// several pieces rather than once the body is complete.
	if n != 4 || chunks < 2 {
		t.Errorf("%d bytes in %d chunks; want 4 in more than one", n, chunks)
	}
}

func TestIterLines(t *testing.T) {
	t.Parallel()
	// Each string is written separately, with a pause, so that line endings
	// are cut across reads.
	pieces := []string{"first\r", "\nsecond\r\n", "\r\nfourth\rfifth\n", "\n", "last"}
	url := testserver.Raw(t, func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(strings.Join(pieces, "")))
		for _, p := range pieces {
			c.Write([]byte(p))
			time.Sleep(30 * time.Millisecond)
		}
	})
	resp, err := requests.Get(context.Background(), url, requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line, err := range resp.IterLines() {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(line))
	}
	if want := `["first" "second" "" "fourth" "fifth" "" "last"]`; fmt.Sprintf("%q", lines) != want {
		t.Errorf("lines %q; want %s", lines, want)
	}
	resp, _ = requests.Get(context.Background(), httpbinURL+"/base64/YSxiLCxjLA==", requests.Stream(true)) // "a,b,,c,"
	lines = nil
	for line, err := range resp.IterLines(',') {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(line))
	}
	if fmt.Sprintf("%q", lines) != `["a" "b" "" "c"]` {
		t.Errorf("lines split on ',': %q", lines)
	}
}

func TestReader(t *testing.T) {
	resp, err := requests.Get(context.Background(), httpbinURL+"/gzip", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, resp.Reader()); err != nil || !strings.Contains(buf.String(), `"gzipped": true`) {
		t.Errorf("io.Copy of the decompressed body: %v %q", err, buf.String())
	}
	if _, err := io.ReadAll(resp.Reader()); !errors.Is(err, requests.ErrStreamConsumed) {
		t.Errorf("a second Reader: %v", err)
	}
}

func TestStreamErrorsReachTheCaller(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	url := testserver.Raw(t, stall("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", 5*time.Second))
	resp, err := requests.Get(context.Background(), url, requests.Stream(true), requests.Timeout{Read: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	var last error
	for chunk, err := range resp.IterContent(0) {
		got = append(got, chunk...)
		last = err
	}
	if string(got) != "partial" || !errors.Is(last, requests.ErrReadTimeout) || !errors.Is(resp.Err(), requests.ErrReadTimeout) {
		t.Errorf("got %q, then %v (Err %v); want ErrReadTimeout", got, last, resp.Err())
	}
}

func TestStreamConnectionReuse(t *testing.T) {
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 100<<10))
	}))
	s := requests.NewSession()
	defer s.Close()
	for range 3 { // read to the end: the connection is reused
		resp, err := s.Get(context.Background(), srv.URL, requests.Stream(true))
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range resp.IterContent(1 << 10) {
			if err != nil {
				t.Fatal(err)
			}
		}
		resp.Close()
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("three fully read streams used %d connections; want 1", n)
	}
	for range 2 { // abandoned early: the connection is not reused
		resp, _ := s.Get(context.Background(), srv.URL, requests.Stream(true))
		for range resp.IterContent(1 << 10) {
			break
		}
		resp.Close()
	}
	// Each abandoned stream discarded its connection: the next request
	// needs a new one.
	if _, err := s.Get(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("after two abandoned streams and a request: %d connections; want 3", n)
	}
}

func TestHttpbinStreamingEndpoints(t *testing.T) {
	ctx := context.Background()
	// /stream/n: n JSON documents, one a line.
	resp, err := requests.Get(ctx, httpbinURL+"/stream/5", requests.Stream(true))
	if err != nil {
		t.Fatal(err)
	}
	ids := 0
	for line, err := range resp.IterLines() {
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ ID int }
		if err := json.Unmarshal(line, &doc); err != nil || doc.ID != ids {
			t.Errorf("line %d: %q %v", ids, line, err)
		}
		ids++
	}
	if ids != 5 {
		t.Errorf("%d lines from /stream/5", ids)
	}
	// /range/n serves ranges, but its ETag is unquoted, not a valid
	// entity-tag, so If-Range never matches: a partial download starts over.
	path := filepath.Join(t.TempDir(), "range.bin")
	if _, err := requests.Download(ctx, httpbinURL+"/range/5000", path); err != nil {
		t.Fatal(err)
	}
	full, _ := os.ReadFile(path)
	os.Remove(path)
	os.WriteFile(path+".part", full[:1234], 0o644)
	// What a download cut after 1234 bytes would leave.
	os.WriteFile(path+".part.json", []byte(`{"url":"`+httpbinURL+`/range/5000","validator":"range5000"}`), 0o644)
	resp, err = requests.Download(ctx, httpbinURL+"/range/5000", path)
	got, _ := os.ReadFile(path)
	if err != nil || resp.StatusCode != 200 || !bytes.Equal(got, full) || len(full) != 5000 {
		t.Errorf("/range/5000 after a cut: %v %v, %d bytes; want it whole, started over", resp, err, len(got))
	}
	// /encoding/utf8: a UTF-8 page whose text must come out right.
	resp, err = requests.Get(ctx, httpbinURL+"/encoding/utf8")
	if err != nil || !strings.Contains(resp.Text(), "∮ E⋅da = Q") {
		t.Errorf("/encoding/utf8: %v %.80q", err, resp.Text())
	}
}
