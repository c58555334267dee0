package cli

import (
	"fmt"
	"mime"
	"strings"

	"github.com/go-requests/requests"
)

// isEventStream tells a text/event-stream response (server-sent events).
func isEventStream(resp *requests.Response) bool {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return mt == "text/event-stream"
}

// events prints a server-sent event stream event by event, as each
// arrives (with --stream), one block per event:
//
//	event: update
//	id: 7
//	data: {"n": 1}
//
// "id" and "retry" appear when the stream has set them; each line of the
// data is a "data:" line. Data that is JSON is formatted and coloured as
// a body is.
func (p *printer) events(resp *requests.Response) error {
	var lastID string
	var lastRetry int64
	for ev, err := range resp.Events() {
		if err != nil {
			return err
		}
		fmt.Fprintf(p.w, "%s %s\n", p.paint(cyan, "event:"), p.paint(bold, ev.Type))
		if ev.ID != "" || lastID != "" {
			fmt.Fprintf(p.w, "%s %s\n", p.paint(cyan, "id:"), ev.ID)
		}
		lastID = ev.ID
		if ms := ev.Retry.Milliseconds(); ms != lastRetry {
			fmt.Fprintf(p.w, "%s %d\n", p.paint(cyan, "retry:"), ms)
			lastRetry = ms
		}
		data := ev.Data
		if p.format || p.colors {
			var b strings.Builder
			q := *p
			q.w = &b
			if strings.TrimSpace(data) != "" {
				q.body([]byte(data), "application/json")
				data = b.String()
			}
		}
		for _, line := range strings.Split(data, "\n") {
			fmt.Fprintf(p.w, "%s %s\n", p.paint(cyan, "data:"), line)
		}
		fmt.Fprintln(p.w)
	}
	return nil
}
