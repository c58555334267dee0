package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// TestDownloadProgressCountsThisRun checks that the bytes a resumed
// download finds on disk count for the position, not for the rate.
func TestDownloadProgressCountsThisRun(t *testing.T) {
	var out strings.Builder
	d := &downloadProgress{w: &out, target: "f.iso", onDisk: 1000, start: time.Now()}
	d.bar = &progressBar{w: &out, width: 100, start: time.Now().Add(-time.Second)}
	d.update(1100, 3000)
	d.update(1500, 3000)
	if d.moved() != 500 {
		t.Errorf("moved %d bytes, want 500", d.moved())
	}
	d.bar.draw()
	s := out.String()
	if !strings.HasPrefix(s, `Resuming "f.iso" (2.9 KiB) at 1000 B`+"\n\r") {
		t.Errorf("the name and size do not come first: %q", s)
	}
	last := s[strings.LastIndex(s, "\r"):]
	// 500 bytes in about a second, 1500 to go: about 3 seconds.
	if !strings.Contains(last, "1.5 KiB / 2.9 KiB  ") || !strings.Contains(last, "ETA 0:03") || !strings.Contains(last, "  4") {
		t.Errorf("bar: %q", last)
	}
	// A server that starts over (200 to a Range) counts from zero.
	d = &downloadProgress{w: &out, target: "f", onDisk: 1000}
	d.update(100, 3000)
	if d.base != 0 || d.moved() != 100 {
		t.Errorf("restarted download: base %d, moved %d", d.base, d.moved())
	}
}

func TestETA(t *testing.T) {
	for _, c := range []struct {
		left int64
		rate float64
		want string
	}{{0, 10, "0:00"}, {100, 0, "-:--"}, {100, 10, "0:10"}, {6100, 10, "10:10"}} {
		if got := eta(c.left, c.rate); got != c.want {
			t.Errorf("eta(%d, %v) = %q, want %q", c.left, c.rate, got, c.want)
		}
	}
}

// TestResumeCommand checks the command printed after Ctrl-C: it can be
// pasted into a shell as it is.
func TestResumeCommand(t *testing.T) {
	cases := []struct {
		name string
		o    options
		args []string
		want string
	}{
		{"adds --continue and the file name it chose", options{}, []string{"-d", "example.test/f.iso"},
			"requests --continue --output f-1.iso -d example.test/f.iso"},
		{"keeps -c and -o when given", options{resume: true, output: "x"}, []string{"-dc", "-o", "x", "example.test/f"},
			"requests -dc -o x example.test/f"},
		{"quotes what the shell would split", options{output: "my file"}, []string{"-d", "-o", "my file", "example.test/a b", "X-A:it's"},
			`requests --continue -d -o 'my file' 'example.test/a b' 'X-A:it'\''s'`},
		{"puts the flags before a --", options{}, []string{"-d", "--", "example.test/f"},
			"requests --continue --output f -d -- example.test/f"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := &command{o: c.o, args: c.args}
			target := c.o.output
			if target == "" {
				target = strings.TrimSuffix(c.want[len("requests --continue --output "):], c.want[strings.Index(c.want, " -d"):])
			}
			if got := cmd.resumeCommand(target); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// Issue "what a new user trips on", item 5: -d with stdout redirected and
// no --output writes the body to stdout, as httpie does.
func TestDownloadToRedirectedStdout(t *testing.T) {
	var out, errb bytes.Buffer
	dir := t.TempDir()
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)
	env := &Env{Stdout: &out, Stderr: &errb, StdoutRedirected: true}
	status := Main([]string{"-d", binURL + "/bytes/1000"}, env)
	if status != 0 || out.Len() != 1000 || !strings.Contains(errb.String(), "<stdout>") {
		t.Errorf("-d > file: exit %d, %d bytes on stdout, stderr %q; want 0, 1000 and <stdout> named", status, out.Len(), errb.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("-d > file left %d files in the working directory", len(entries))
	}
}
