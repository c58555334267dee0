package cli

import (
	"fmt"
	"io"

	"github.com/go-requests/requests"
)

// history prints, with --all, the exchanges that led to resp before it:
// each redirect and each answered authentication challenge, oldest
// first, as httpie's --all does. what is --history-print; by default they
// are printed as the final one is.
func (p *printer) history(resp *requests.Response, what string) {
	if len(resp.History) == 0 {
		return
	}
	q := *p
	if what != "" && p.what != "" { // --quiet prints nothing of them either
		q.what = what
	}
	if q.what == "" {
		return
	}
	for _, h := range resp.History {
		w := &endWriter{w: p.w}
		q.w = w
		q.exchange(h, false)
		if w.last != '\n' && w.last != 0 {
			fmt.Fprintln(p.w) // a raw body may not end its line
		}
		// A blank line between exchanges, as between httpie's.
		fmt.Fprintln(p.w)
	}
}

// endWriter remembers the last byte written through it.
type endWriter struct {
	w    io.Writer
	last byte
}

func (e *endWriter) Write(b []byte) (int, error) {
	if len(b) > 0 {
		e.last = b[len(b)-1]
	}
	return e.w.Write(b)
}
