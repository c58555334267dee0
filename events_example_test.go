package requests_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/go-requests/requests"
)

func ExampleResponse_Events() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, ": a comment, then an event of two lines\n"+
			"event: greeting\nid: 7\ndata: hello\ndata: world\n\n")
		w.(http.Flusher).Flush()
		io.WriteString(w, "retry: 3000\ndata: bye\n\n")
	}))
	defer srv.Close()

	resp, err := requests.Get(context.Background(), srv.URL, requests.Stream(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Close()
	for ev, err := range resp.Events() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s (id %s, retry %v): %q\n", ev.Type, ev.ID, ev.Retry, ev.Data)
	}
	// Output:
	// greeting (id 7, retry 0s): "hello\nworld"
	// message (id 7, retry 3s): "bye"
}
