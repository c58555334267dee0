package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// nothingInstalled pretends that no real server is installed.
func nothingInstalled(_ context.Context, r requirement) error { return r.missing() }

// TestRealRefusesStandIns checks that with -real a section whose server is
// missing fails, naming the package to install.
func TestRealRefusesStandIns(t *testing.T) {
	var two []section
	for _, s := range sections {
		if s.program == "redirect3" || s.program == "upload_image" {
			two = append(two, s)
		}
	}
	var out bytes.Buffer
	// Nothing is built: a section refused for want of its server runs no
	// program.
	tr := &tour{out: &out, sections: two, bin: t.TempDir(), installed: nothingInstalled, real: true}
	if code := tr.run(t.Context()); code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	for _, want := range []string{
		"== 1. A redirect from nginx (examples/redirect3; nginx) ==\n   go> resp, err := requests.Get(context.Background(), url)\n-- FAILED: nginx is not installed (apt-get install -y nginx)\n",
		"== 2. Uploading an image (examples/upload_image; the Flask app testdata/app.py) ==\n" +
			"   go> files := requests.Files{\"image\": requests.File(imageFile)}\n" +
			"   go> resp, err := requests.Post(context.Background(), url, files)\n" +
			"-- FAILED: python3 is not installed (apt-get install -y python3)\n" +
			"the Python module flask is not installed (apt-get install -y python3-flask)\n",
		"\n0 of 2 sections succeeded in ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output does not show %q:\n%s", want, out.String())
		}
	}
}

func TestCommandLine(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		env  string
		real bool
		bad  bool
	}{
		{"stand-ins allowed by default", nil, "", false, false},
		{"-real refuses them", []string{"-real"}, "", true, false},
		{"so does REQUESTS_TOUR_REAL=1", nil, "1", true, false},
		{"REQUESTS_TOUR_REAL=0 allows them", nil, "0", false, false},
		{"-real wins over REQUESTS_TOUR_REAL=0", []string{"-real"}, "0", true, false},
		{"another value is an error", nil, "yes", false, true},
		{"an unknown flag is an error", []string{"-fast"}, "", false, true},
		{"an argument is an error", []string{"x"}, "", false, true},
	} {
		getenv := func(k string) string {
			if k == "REQUESTS_TOUR_REAL" {
				return c.env
			}
			return ""
		}
		tr, err := newTour(c.args, getenv, io.Discard, io.Discard)
		if c.bad {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil || tr.real != c.real {
			t.Errorf("%s: real = %v, %v; want %v", c.name, tr != nil && tr.real, err, c.real)
		}
	}
	if code := command(context.Background(), []string{"-fast"}, os.Getenv, io.Discard, io.Discard); code != 2 {
		t.Errorf("a bad command line: exit status %d; want 2", code)
	}
}

// TestFirstLineBeforeAnyWork: the tour says what it is before it looks for
// the module or builds anything, so its first line comes at once.
func TestFirstLineBeforeAnyWork(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // no work can be done
	var out bytes.Buffer
	tr := &tour{out: &out, sections: sections, installed: nothingInstalled}
	tr.run(ctx)
	first, _, _ := strings.Cut(out.String(), "\n")
	if !strings.HasPrefix(first, "The Python requests tutorial's 25 programs, in Go") {
		t.Errorf("the first line is %q; want the tour's introduction", first)
	}
}
