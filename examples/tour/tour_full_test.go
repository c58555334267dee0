//go:build tour

package main

// TestTour builds and runs all 25 programs twice (about 25 s on two
// cores), so it is kept out of go test ./..., which stays under a minute:
// .ci/run runs it with go test -tags tour ./examples/tour.

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestTour runs the tour with the stand-ins, as on a machine with Go alone,
// and checks every section; where nginx, python3 and Flask are installed
// it runs it with them too, side by side, and compares the sections' output:
// the stand-ins must not drift from the real servers.
func TestTour(t *testing.T) {
	if testing.Short() {
		t.Skip("the tour takes 15 seconds")
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
	tours := map[string]*tour{"stand-ins": {sections: sections, bin: bin, installed: nothingInstalled}}
	if real {
		tours["real servers"] = &tour{sections: sections, bin: bin, installed: installed, real: true}
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
