// Package cli is the `requests` command: httpie's syntax over this
// library. cmd/requests calls Main; everything is here so that tests can run
// the command in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/go-requests/requests"
)

// Env is what the command sees of the world: its streams, whether they are
// terminals, and how to ask for a password.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdinTTY, StdoutTTY and StderrTTY tell which streams are terminals.
	StdinTTY, StdoutTTY, StderrTTY bool
	// StdinPiped is true when stdin is a pipe or a file to read a body from.
	StdinPiped bool
	// StdoutRedirected is true when stdout is a pipe or a file: --download
	// without --output then writes the body there, as httpie does.
	StdoutRedirected bool
	// ReadPassword asks for a password on the terminal.
	ReadPassword func(prompt string) (string, error)
	// ConfigDir holds named sessions ("" means the user's config directory).
	ConfigDir string
	// Width is the terminal's width, for the progress bar (0: 80).
	Width int
	// Program is the command's name as it was run, for the commands it
	// suggests ("" is requests).
	Program string
	// NoColor is true when NO_COLOR is set to something (no-color.org):
	// no colours unless --pretty all or colors asks for them.
	NoColor bool
}

// Exit statuses, as httpie has them, so that scripts written for httpie
// read ours alike.
const (
	exitOK               = 0
	exitError            = 1 // a network or protocol failure
	exitUsage            = 2 // a bad command line, a missing file
	exitTimeout          = 2 // the request timed out (httpie's ExitStatus.ERROR_TIMEOUT)
	exitTooManyRedirects = 6 // httpie's ExitStatus.ERROR_TOO_MANY_REDIRECTS
)

// Main runs the command and returns its exit status. It never panics: a
// bug is reported in one line.
func Main(args []string, env *Env) int { return MainWith(args, env) }

// MainWith is Main with the options flags adds (see Flag). A flag without
// a name or an Apply, or with the name of another option, is an internal
// error: exit status 1.
func MainWith(args []string, env *Env, flags ...Flag) (status int) {
	var o options
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "requests: internal error: %v\n", r)
			if o.traceback || o.debug {
				env.Stderr.Write(debug.Stack())
			}
			status = exitError
		}
	}()
	specs, err := flagTable(flags)
	if err != nil {
		fmt.Fprintf(env.Stderr, "requests: internal error: %v\n", err)
		return exitError
	}
	o, pos, err := parseArgs(args, specs)
	if err == nil {
		switch {
		case o.showHelp:
			io.WriteString(env.Stdout, helpText(flags))
			return exitOK
		case o.showVersion:
			fmt.Fprintln(env.Stdout, requests.Version)
			return exitOK
		case o.completion != "":
			io.WriteString(env.Stdout, completionScript(o.completion, specs))
			return exitOK
		}
		var c *command
		if err = checkExcludes(o, flags); err == nil {
			c, err = newCommand(o, pos, env)
		}
		if err == nil {
			c.args, c.flags = args, flags
			return c.run()
		}
	}
	return report(env, err)
}

// command is one invocation, its request built.
type command struct {
	o       options
	env     *Env
	args    []string // the command line, for the command that resumes a download
	flags   []Flag   // the options the build adds
	method  string
	url     string
	opts    []requests.Option
	headers requests.Headers
	drop    []string
	sess    *sessionFile
	jsonOut bool              // JSON mode: Accept and Content-Type say JSON
	body    []requests.Option // the options that make the body
	sent    []byte            // the body sent chunked, to print it
}

// run sends the request (or not, offline) and prints the exchange.
func (c *command) run() int {
	s := requests.NewSession()
	defer s.Close()
	if c.o.session != "" {
		sf, err := loadSession(c.o.session, c.url, c.env.ConfigDir)
		if err != nil {
			return c.fail(err)
		}
		c.sess = sf
		sf.apply(s, c)
	}
	opts := append(append([]requests.Option{}, c.opts...), c.body...)
	if c.o.debug {
		fmt.Fprintf(c.env.Stderr, "requests %s %s/%s\n", requests.Version, runtime.GOOS, runtime.GOARCH)
		h := slog.NewTextHandler(c.env.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
		opts = append(opts, requests.Logger(slog.New(h)))
	}
	if len(c.headers) > 0 {
		opts = append(opts, c.headers)
	}
	if len(c.drop) > 0 {
		opts = append(opts, requests.DropHeaders(c.drop...))
	}
	if c.o.offline || c.o.curl {
		return c.runOffline(s, opts)
	}
	added, done, err := c.applyAdded()
	if err != nil {
		return c.fail(err)
	}
	defer done()
	opts = append(opts, added...)
	if c.o.download {
		return c.runDownload(s, opts)
	}
	ctx := context.Background()
	resp, err := s.Do(ctx, c.method, c.url, opts...)
	if err != nil {
		return c.fail(err)
	}
	defer resp.Close()
	if c.sess != nil && !c.o.sessionReadOnly {
		if err := c.sess.save(s, c); err != nil {
			return c.fail(err)
		}
	}
	p := c.printer()
	if c.o.output != "" {
		// --output without --download: the body goes to the file, as it
		// would to a pipe.
		f, err := os.Create(c.o.output)
		if err != nil {
			return c.fail(usagef("--output: %v", unwrapPath(err)))
		}
		defer f.Close()
		p.w, p.terminal, p.colors, p.format = f, false, false, false
		if c.o.print == "" && c.o.verbose == 0 && !c.o.headers {
			p.what = "b"
		}
	}
	if c.o.all {
		p.history(resp, c.o.historyPrint)
	}
	if err := p.exchange(resp, c.o.stream); err != nil {
		return c.fail(err)
	}
	return c.statusExit(resp)
}

// statusExit applies --check-status: 3, 4 or 5 for a 3xx, 4xx or 5xx.
func (c *command) statusExit(resp *requests.Response) int {
	if !c.o.checkStatus || resp.StatusCode < 300 {
		return exitOK
	}
	code := resp.StatusCode / 100
	if code > 5 {
		return exitOK
	}
	if c.o.quiet < 2 {
		fmt.Fprintf(c.env.Stderr, "requests: warning: HTTP %d %s\n", resp.StatusCode, resp.Reason())
	}
	return code
}

// fail reports err in one line: its kind and message.
func (c *command) fail(err error) int { return report(c.env, err) }

// report writes err as one line and returns its exit status, as httpie's:
// 2 for a usage error or a timeout, 6 for too many redirects, 1 for the
// rest.
func report(env *Env, err error) int {
	fmt.Fprintf(env.Stderr, "requests: error: %s\n", strings.TrimPrefix(err.Error(), "requests: "))
	var ue *usageError
	switch {
	case errors.As(err, &ue) || errors.Is(err, requests.ErrInvalidURL):
		return exitUsage
	case errors.Is(err, requests.ErrTimeout):
		return exitTimeout
	case errors.Is(err, requests.ErrTooManyRedirects):
		return exitTooManyRedirects
	}
	return exitError
}

// offlineTransport answers every request itself, so that the request can be
// built and shown without sending it.
type offlineTransport struct{ body []byte }

func (t *offlineTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		t.body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

func (c *command) runOffline(s *requests.Session, opts []requests.Option) int {
	t := &offlineTransport{}
	s.Mount("http://", t)
	s.Mount("https://", t)
	resp, err := s.Do(context.Background(), c.method, c.url, append(opts, requests.AllowRedirects(false))...)
	if err != nil {
		return c.fail(err)
	}
	if c.o.curl {
		fmt.Fprintln(c.env.Stdout, resp.Request.Curl(c.o.curlReveal))
		return exitOK
	}
	p := c.printer()
	if c.o.quiet > 0 {
		return exitOK
	}
	if p.what == "" || !strings.ContainsAny(p.what, "HB") {
		p.what = "HB"
	}
	p.request(resp.Request, t.body)
	return exitOK
}
