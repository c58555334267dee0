package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/httpbin"
	"github.com/go-requests/requests/internal/servers"
)

// section is one program of the tutorial and what its output must show.
type section struct {
	title   string
	program string   // the twin, under examples/
	server  *server  // the real server it talks to, if any besides the tour's own
	expect  []string // what the output must contain
}

var sections = []section{
	{"Library version", "version", nil, []string{requests.Version, "Copyright"}},
	{"Reading a web page", "read_page", nil, []string{"<h1>Example Domain</h1>"}},
	{"Resource management", "resource_management", nil, []string{"<h1>Example Domain</h1>"}},
	{"Stripping HTML tags", "strip_tags", nil, []string{"\nExample Domain\n", "documentation examples"}},
	{"Getting status", "get_status", nil, []string{"200\n404\n"}},
	{"The Response object", "response_object", nil, []string{"Status code: 200", "OK: true", "/get?lang=go", "Redirects: 0", "Encoding: utf-8", "Sent headers:", "Body (JSON):", " args: map[lang:[go]]"}},
	{"Raising errors for bad statuses", "raise_for_status", nil, []string{"Status code: 200 — OK", "HTTP error: 404 Client Error: Not Found for url:", "HTTP error: 500 Server Error: Internal Server Error for url:"}},
	{"Errors by kind", "exceptions", nil, []string{"HTTPError — 404 Client Error", "ReadTimeout — server connected but stalled", "OK — status 200", "ConnectionError — DNS failure", "InvalidURL — malformed URL"}},
	{"A HEAD request", "head_request", nil, []string{"Server:  requests-for-go tour", "Last modified:  Wed, 06 May 2026 14:17:14 GMT", "Content type:  text/html"}},
	{"GET with a query in the URL", "mget", nil, []string{`"name": [`, `"Peter"`}},
	{"GET with Params", "mget2", nil, []string{"/get?age=23&name=Peter\n", `"age": [`}},
	{"Timeouts", "timeout_request", nil, []string{"Status code: 200", "Read timed out — server connected but did not respond in time"}},
	{"Redirects, followed", "redirect", nil, []string{"200\n[<Response [302]>]\n"}},
	{"Redirects, not followed", "redirect2", nil, []string{"302\n", "/redirect-to?url=/\n"}},
	{"A redirect from nginx", "redirect3", nginx, []string{"200\n[<Response [301]>]\n", "/newpage.html\n", "This is a new page"}},
	{"User agent", "user_agent", python("examples/user_agent/testdata/http_server.py"), []string{"Go script"}},
	{"POSTing a form", "post_value", nil, []string{`"form": {`, `"Peter"`, "application/x-www-form-urlencoded"}},
	{"Uploading an image", "upload_image", python("examples/upload_image/testdata/app.py", "flask"), []string{"image uploaded successfully"}},
	{"Reading JSON from a server", "read_json", python("examples/read_json/testdata/server.py"), []string{"Name: Jane, age: 17"}},
	{"Sending JSON to a server", "send_json", python("examples/send_json/testdata/server.py"), []string{"name: Jane\nage: 17"}},
	{"Sending cookies from the client", "cookie_request", python("examples/cookie_request/testdata/server.py"), []string{"Received cookies: theme=dark; user=jane"}},
	{"Receiving cookies set by the server", "cookie_set_request", python("examples/cookie_set_request/testdata/server.py"), []string{"Cookies received:\n sessionid = ", " theme = dark\n user = jane\n", "Client sent cookies: sessionid=", "; theme=dark; user=jane"}},
	{"Retrieving definitions from a dictionary", "get_term", nil, []string{"a domesticated carnivore", "Fido"}},
	{"Streaming a download", "streaming", nil, []string{"Saved to java25spec.pdf (5,331,364 bytes)"}},
	{"Credentials", "credentials", nginx, []string{"This is a secure page."}},
}

// tour is one run of the tour.
type tour struct {
	out      io.Writer
	sections []section
	// real refuses the stand-ins: a section whose real server is not
	// installed fails.
	real bool
	// bin is where the twins are built; "" for a temporary directory.
	bin string
	// installed reports whether what a real server needs is installed
	// (installed, by default); tests pretend nothing is.
	installed func(context.Context, requirement) error
	// parallel runs the sections side by side when the twins are built
	// already (bin is set), each printed in order once it is done: those
	// that have no server of their own share only the tour's in-process
	// ones; those that have one run one at a time.
	parallel bool
}

// run starts the servers, builds the twins, runs every section and returns
// the exit status.
func (t *tour) run(ctx context.Context) int {
	start := time.Now()
	fmt.Fprintf(t.out, "The Python requests tutorial's %d programs, in Go, against servers on 127.0.0.1.\n", len(t.sections))
	root, err := moduleRoot(ctx)
	if err != nil {
		fmt.Fprintln(t.out, "tour:", err)
		return 1
	}
	bin := t.bin
	var b *builder
	if bin == "" {
		if bin, err = os.MkdirTemp("", "requests-tour-"); err != nil {
			fmt.Fprintln(t.out, "tour:", err)
			return 1
		}
		defer os.RemoveAll(bin)
		// The first program is built alone, so that its section starts
		// within seconds; the others build meanwhile.
		b = startBuild(ctx, root, bin, t.sections)
		defer b.stop()
	}
	hb, err := serve(httpbin.New())
	if err != nil {
		fmt.Fprintln(t.out, "tour:", err)
		return 1
	}
	defer hb.Close()
	page, err := serve(http.HandlerFunc(examplePage))
	if err != nil {
		fmt.Fprintln(t.out, "tour:", err)
		return 1
	}
	defer page.Close()
	work, err := os.MkdirTemp("", "requests-tour-work-") // where the twins write files
	if err != nil {
		fmt.Fprintln(t.out, "tour:", err)
		return 1
	}
	defer os.RemoveAll(work)
	env := append(os.Environ(), "HTTPBIN_URL="+hb.URL, "EXAMPLE_URL="+page.URL, "DOCS_URL="+page.URL,
		"DICTIONARY_URL="+page.URL+"/browse/",
		"IMAGE_FILE="+filepath.Join(root, "examples", "upload_image", "data", "sid.jpg"))

	failed := 0
	if t.parallel && b == nil {
		for _, err := range t.runSideBySide(ctx, root, bin, work, env) {
			if err != nil {
				failed++
			}
		}
	} else {
		for i, s := range t.sections {
			if b != nil {
				if berr := b.wait(ctx, i, t.out); berr != nil {
					fmt.Fprintln(t.out, "tour: building the examples:", berr)
					return 1
				}
			}
			if err := t.section(ctx, i, s, t.out, root, bin, work, env); err != nil {
				failed++
			}
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(t.out, "tour: interrupted")
		return 1
	}
	fmt.Fprintf(t.out, "\n%d of %d sections succeeded in %.1fs\n", len(t.sections)-failed, len(t.sections), time.Since(start).Seconds())
	if failed > 0 {
		return 1
	}
	return 0
}

// section runs section i, printing its heading and what it printed on out,
// and says whether it failed.
func (t *tour) section(ctx context.Context, i int, s section, out io.Writer, root, bin, work string, env []string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	standIn, note, err := t.choose(ctx, s.server)
	fmt.Fprintf(out, "\n== %d. %s (examples/%s%s) ==\n", i+1, s.title, s.program, note)
	for _, call := range goCalls(root, s.program) {
		fmt.Fprintf(out, "   go> %s\n", call)
	}
	if err == nil {
		err = s.run(ctx, out, root, bin, work, env, standIn)
	}
	if err != nil {
		fmt.Fprintf(out, "-- FAILED: %v\n", err)
	}
	return err
}

// runSideBySide runs the sections as parallel says, four at a time, and
// prints each on t.out in order as soon as it and those before it are
// done. It returns the sections' errors.
func (t *tour) runSideBySide(ctx context.Context, root, bin, work string, env []string) []error {
	outs := make([]bytes.Buffer, len(t.sections))
	done := make([]chan error, len(t.sections))
	slots := make(chan struct{}, 4)
	var ownServer sync.Mutex // held by a section that starts a server of its own
	for i, s := range t.sections {
		done[i] = make(chan error, 1)
		go func() {
			if s.server != nil {
				ownServer.Lock()
				defer ownServer.Unlock()
			}
			slots <- struct{}{}
			defer func() { <-slots }()
			done[i] <- t.section(ctx, i, s, &outs[i], root, bin, work, env)
		}()
	}
	errs := make([]error, len(t.sections))
	for i := range t.sections {
		errs[i] = <-done[i]
		t.out.Write(outs[i].Bytes())
	}
	return errs
}

// choose decides between a section's real server and its stand-in: the real
// one when all it needs is installed, else the stand-in, unless t.real
// refuses it (then err says what to install). The note names the server
// for the heading.
func (t *tour) choose(ctx context.Context, srv *server) (standIn bool, note string, err error) {
	if srv == nil {
		return false, "", nil
	}
	var missing []error
	var pkgs []string
	for _, r := range srv.requirements() {
		if err := t.installed(ctx, r); err != nil {
			var m *servers.MissingError
			if !errors.As(err, &m) {
				return false, "; " + srv.name(), err
			}
			missing, pkgs = append(missing, err), append(pkgs, m.Package)
		}
	}
	switch {
	case len(missing) == 0:
		return false, "; " + srv.name(), nil
	case t.real:
		return false, "; " + srv.name(), errors.Join(missing...)
	}
	return true, "; built-in stand-in for " + srv.name() + "; apt-get install -y " + strings.Join(pkgs, " ") + " for the real one", nil
}

// run runs one section: its server, if it has one, then its program.
func (s section) run(ctx context.Context, out io.Writer, root, bin, work string, env []string, standIn bool) error {
	if s.server != nil {
		url, stop, err := s.server.start(ctx, root, standIn)
		if err != nil {
			return err
		}
		defer stop()
		env = append(env, "SERVER_URL="+url)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, s.program))
	cmd.Env, cmd.Dir = env, work
	var buf bytes.Buffer
	cmd.Stdout = io.MultiWriter(out, &buf)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("examples/%s: %w", s.program, err)
	}
	for _, want := range s.expect {
		if !strings.Contains(buf.String(), want) {
			return fmt.Errorf("the output does not show %q", want)
		}
	}
	return nil
}

// moduleRoot finds the repository, wherever the tour is run from.
func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	p := strings.TrimSpace(string(gomod))
	if p == "" || p == os.DevNull {
		return "", errors.New("run the tour from inside the repository: go run ./examples/tour")
	}
	return filepath.Dir(p), nil
}

// build compiles the sections' twins into bin with one go build, without
// symbol tables and debug information: linking the 25 twins takes 5.6 s
// on two cores instead of 8.3 s.
func build(ctx context.Context, root, bin string, sections []section) error {
	args := []string{"build", "-ldflags=-s -w", "-o", bin + string(filepath.Separator)}
	seen := map[string]bool{}
	for _, s := range sections {
		if !seen[s.program] {
			seen[s.program] = true
			args = append(args, "./examples/"+s.program)
		}
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return nil
}

// builder builds the sections' twins in two goes: the first section's
// alone, then the rest, so that the tour's output starts within seconds
// instead of after the whole build.
type builder struct {
	first, rest chan error // each receives the outcome of its go build once
	firstErr    error
	restErr     error
	gotFirst    bool
	gotRest     bool
	cancel      context.CancelFunc
	start       time.Time
}

func startBuild(ctx context.Context, root, bin string, sections []section) *builder {
	ctx, cancel := context.WithCancel(ctx)
	b := &builder{first: make(chan error, 1), rest: make(chan error, 1), cancel: cancel, start: time.Now()}
	go func() {
		b.first <- build(ctx, root, bin, sections[:min(1, len(sections))])
		b.rest <- build(ctx, root, bin, sections[min(1, len(sections)):])
	}()
	return b
}

// wait returns once section i's program is built, saying on out what it
// waits for when it has to.
func (b *builder) wait(ctx context.Context, i int, out io.Writer) error {
	if !b.gotFirst {
		fmt.Fprintln(out, "Building the first program (go build; seconds with a warm build cache)...")
		b.firstErr, b.gotFirst = <-b.first, true
	}
	if i == 0 || b.firstErr != nil {
		return b.firstErr
	}
	if !b.gotRest {
		select {
		case b.restErr = <-b.rest:
		default:
			fmt.Fprintf(out, "\nBuilding the other %s (started %.0f s ago)...\n", "programs", time.Since(b.start).Seconds())
			select {
			case b.restErr = <-b.rest:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		b.gotRest = true
	}
	return b.restErr
}

// stop ends a build still running (the tour was interrupted).
func (b *builder) stop() { b.cancel() }

// libraryCall is a line that calls the library or builds one of its
// options: requests.Get(, requests.Headers{.
var libraryCall = regexp.MustCompile(`^[^/"]*\brequests\.[A-Z]\w*[({]`)

// goCalls returns the lines of a twin's main.go that call the library, as
// written, for the section's heading: what made the output shown.
func goCalls(root, program string) []string {
	src, err := os.ReadFile(filepath.Join(root, "examples", program, "main.go"))
	if err != nil {
		return nil
	}
	var calls []string
	for _, line := range strings.Split(string(src), "\n") {
		l := strings.TrimSpace(line)
		if !libraryCall.MatchString(l) || strings.HasPrefix(l, "case ") || strings.Contains(l, "errors.") {
			continue // comments, imports and the matching of errors are not what made the output
		}
		calls = append(calls, l)
		if len(calls) == 3 {
			break
		}
	}
	return calls
}
