//go:build tour

package main

// TestTour builds the 25 programs once, then runs the tour twice side by
// side, each with its sections four at a time: about 21 s on two idle
// cores (26 s when the sections ran one after the other), most of it the
// build. It is kept out of go test ./...: .ci/run runs it with
// go test -tags tour ./examples/tour.

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// prepare builds the sections' twins once, for tours run side by side to
// share.
func prepare(t *testing.T, sections []section) string {
	t.Helper()
	root, err := moduleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := build(t.Context(), root, bin, sections); err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestTour runs the tour with the stand-ins, as on a machine with Go alone,
// and checks every section; where nginx, python3 and Flask are installed
// it runs it with them too, side by side, and compares the sections' output:
// the stand-ins must not drift from the real servers.
func TestTour(t *testing.T) {
	if testing.Short() {
		t.Skip("the tour takes half a minute")
	}
	bin := prepare(t, sections)
	real := true
	for _, s := range sections {
		if s.server == nil {
			continue
		}
		for _, r := range s.server.requirements() {
			if err := installed(t.Context(), r); err != nil {
				if os.Getenv("REQUESTS_INTEGRATION") == "required" {
					t.Fatalf("the real servers are required: %v", err)
				}
				t.Logf("not compared with the real servers: %v", err)
				real = false
			}
		}
	}
	tours := map[string]*tour{"stand-ins": {sections: sections, bin: bin, installed: nothingInstalled, parallel: true}}
	if real {
		tours["real servers"] = &tour{sections: sections, bin: bin, installed: installed, real: true, parallel: true}
	}
	outcomes := map[string]outcome{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, tr := range tours {
		wg.Go(func() {
			var buf bytes.Buffer
			tr.out = &buf
			code := tr.run(t.Context())
			mu.Lock()
			outcomes[name] = outcome{code, buf.String()}
			mu.Unlock()
		})
	}
	wg.Wait()

	standIns := outcomes["stand-ins"]
	if standIns.code != 0 || !strings.Contains(standIns.out, "\n25 of 25 sections succeeded in ") {
		t.Fatalf("with the stand-ins, the tour exited %d:\n%s", standIns.code, standIns.out)
	}
	got := standIns.sections()
	for i, s := range sections {
		p, ok := got[i+1]
		if !ok {
			t.Errorf("section %d (%s) is missing", i+1, s.title)
			continue
		}
		for _, want := range s.expect {
			if !strings.Contains(p.body, want) {
				t.Errorf("section %d (%s) does not show %q:\n%s", i+1, s.title, want, p.body)
			}
		}
		if s.server == nil {
			continue
		}
		note := "; built-in stand-in for " + s.server.name() + "; apt-get install -y "
		if !strings.Contains(p.head, note) || !strings.HasSuffix(p.head, " for the real one) ==") {
			t.Errorf("section %d: the heading %q does not name the stand-in", i+1, p.head)
		}
	}
	if !real {
		return
	}
	reals := outcomes["real servers"]
	if reals.code != 0 || !strings.Contains(reals.out, "\n25 of 25 sections succeeded in ") {
		t.Fatalf("with the real servers, the tour exited %d:\n%s", reals.code, reals.out)
	}
	want := reals.sections()
	for i, s := range sections {
		if s.server != nil && strings.Contains(want[i+1].head, "stand-in") {
			t.Errorf("section %d: with -real, the heading %q names a stand-in", i+1, want[i+1].head)
		}
		if g, w := normalize(got[i+1].body), normalize(want[i+1].body); g != w {
			t.Errorf("section %d (%s) with the stand-ins:\n%s\nwith the real servers:\n%s", i+1, s.title, g, w)
		}
	}
}

// outcome is what a run of the tour printed and returned.
type outcome struct {
	code int
	out  string
}

func (o outcome) sections() map[int]part {
	parts := map[int]part{}
	heads := heading.FindAllStringSubmatchIndex(o.out, -1)
	for i, h := range heads {
		end := len(o.out)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		} else if j := strings.LastIndex(o.out, "\n\n"); j > h[1] {
			end = j // the summary line
		}
		var n int
		for _, c := range o.out[h[2]:h[3]] {
			n = n*10 + int(c-'0')
		}
		parts[n] = part{head: o.out[h[0]:h[1]], body: o.out[h[1]:end]}
	}
	return parts
}

// part is a section of the output: its heading and what its program
// printed.
type part struct{ head, body string }

var (
	heading = regexp.MustCompile(`(?m)^== (\d+)\. .* ==$`)
	// What differs between two runs: ports, timings, the session id (the
	// time) the cookie server sets, dates.
	ports     = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	elapsed   = regexp.MustCompile(`Elapsed: [0-9.]+ s`)
	sessionID = regexp.MustCompile(`sessionid( = |=)\d+`)
	dates     = regexp.MustCompile(`[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT`)
)

func normalize(s string) string {
	s = ports.ReplaceAllString(s, "127.0.0.1:<port>")
	s = elapsed.ReplaceAllString(s, "Elapsed: <time>")
	s = sessionID.ReplaceAllString(s, "sessionid$1<time>")
	return dates.ReplaceAllString(s, "<date>")
}
