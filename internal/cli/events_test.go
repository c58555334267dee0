package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// notifyBuffer is a buffer that several goroutines may use, which tells
// when its content first contains a string.
type notifyBuffer struct {
	mu   sync.Mutex
	b    strings.Builder
	want string
	seen chan struct{}
}

func (n *notifyBuffer) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.b.Write(p)
	if n.seen != nil && strings.Contains(n.b.String(), n.want) {
		close(n.seen)
		n.seen = nil
	}
	return len(p), nil
}

func (n *notifyBuffer) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.b.String()
}

// TestEventStream checks that --stream shows a text/event-stream event by
// event, each as it arrives: the server sends the second event only once
// the first has been printed.
func TestEventStream(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, ": a comment\n\nevent: greeting\ndata: hello\ndata: world\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(10 * time.Second):
			return
		}
		fmt.Fprint(w, "id: 7\nretry: 1500\ndata: {\"n\":1}\n\ndata: same id\n\n")
	}))
	defer srv.Close()
	out := &notifyBuffer{want: "data: world\n\n", seen: make(chan struct{})}
	seen := out.seen
	var errb strings.Builder
	done := make(chan int)
	go func() { done <- Main([]string{"--stream", srv.URL}, &Env{Stdout: out, Stderr: &errb}) }()
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		t.Fatalf("the first event was not printed before the stream went on: %q", out.String())
	}
	close(release)
	if status := <-done; status != 0 {
		t.Fatalf("exit %d: %s", status, errb.String())
	}
	golden(t, "event-stream", out.String())

	// Formatted, the JSON data is indented, line by line.
	r := runCLI(t, "", "--stream", "--pretty", "format", srv.URL)
	if !strings.Contains(r.stdout, "data: {\ndata:     \"n\": 1\ndata: }\n") {
		t.Errorf("formatted events: %q", r.stdout)
	}
	// Without --stream, the stream is a body like another.
	r = runCLI(t, "", srv.URL)
	if !strings.HasPrefix(r.stdout, ": a comment\n") {
		t.Errorf("unstreamed: %q", r.stdout)
	}
}
