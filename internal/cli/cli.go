// Package cli is the `requests` command: httpie's syntax over this
// library. cmd/requests calls Main; everything is here so that tests can run
// the command in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

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
	// ReadPassword asks for a password on the terminal.
	ReadPassword func(prompt string) (string, error)
	// ConfigDir holds named sessions ("" means the user's config directory).
	ConfigDir string
	// Width is the terminal's width, for the progress bar (0: 80).
	Width int
}

// Exit statuses, as httpie has them.
const (
	exitOK    = 0
	exitError = 1 // a network or protocol failure
	exitUsage = 2 // a bad command line, a missing file
)

// options are the parsed flags.
type options struct {
	json, form, multipart       bool
	auth, authType              string
	follow                      bool
	maxRedirects                int
	timeout                     float64
	verify                      string
	cert, certKey               string
	proxies                     []string
	session                     string
	download, resume            bool
	output                      string
	print                       string
	verbose, headers, body      bool
	offline, curl, checkStatus  bool
	stream, ignoreStdin         bool
	pretty                      string
	showVersion, showHelp       bool
	maxRedirectsSet, timeoutSet bool
}

type flagSpec struct {
	long, short string
	value       bool
	set         func(o *options, v string) error
}

func boolFlag(long, short string, f func(o *options)) flagSpec {
	return flagSpec{long, short, false, func(o *options, _ string) error { f(o); return nil }}
}

func valueFlag(long, short string, f func(o *options, v string) error) flagSpec {
	return flagSpec{long, short, true, f}
}

var flagSpecs = []flagSpec{
	boolFlag("json", "j", func(o *options) { o.json = true }),
	boolFlag("form", "f", func(o *options) { o.form = true }),
	boolFlag("multipart", "", func(o *options) { o.multipart = true }),
	valueFlag("auth", "a", func(o *options, v string) error { o.auth = v; return nil }),
	valueFlag("auth-type", "A", func(o *options, v string) error {
		switch v {
		case "basic", "digest", "bearer":
			o.authType = v
			return nil
		}
		return usagef("--auth-type: %q is not basic, digest or bearer", v)
	}),
	boolFlag("follow", "F", func(o *options) { o.follow = true }),
	valueFlag("max-redirects", "", func(o *options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return usagef("--max-redirects: %q is not a count", v)
		}
		o.maxRedirects, o.maxRedirectsSet = n, true
		return nil
	}),
	valueFlag("timeout", "", func(o *options, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			return usagef("--timeout: %q is not a number of seconds", v)
		}
		o.timeout, o.timeoutSet = f, true
		return nil
	}),
	valueFlag("verify", "", func(o *options, v string) error { o.verify = v; return nil }),
	valueFlag("cert", "", func(o *options, v string) error { o.cert = v; return nil }),
	valueFlag("cert-key", "", func(o *options, v string) error { o.certKey = v; return nil }),
	valueFlag("proxy", "", func(o *options, v string) error { o.proxies = append(o.proxies, v); return nil }),
	valueFlag("session", "", func(o *options, v string) error { o.session = v; return nil }),
	boolFlag("download", "d", func(o *options) { o.download = true }),
	boolFlag("continue", "c", func(o *options) { o.resume = true }),
	valueFlag("output", "o", func(o *options, v string) error { o.output = v; return nil }),
	valueFlag("print", "p", func(o *options, v string) error {
		if v == "" || strings.Trim(v, "HBhbm") != "" {
			return usagef("--print: %q is not made of H, B, h, b and m", v)
		}
		o.print = v
		return nil
	}),
	boolFlag("verbose", "v", func(o *options) { o.verbose = true }),
	boolFlag("headers", "h", func(o *options) { o.headers = true }),
	boolFlag("body", "b", func(o *options) { o.body = true }),
	boolFlag("offline", "", func(o *options) { o.offline = true }),
	boolFlag("curl", "", func(o *options) { o.curl = true }),
	boolFlag("check-status", "", func(o *options) { o.checkStatus = true }),
	boolFlag("stream", "S", func(o *options) { o.stream = true }),
	boolFlag("ignore-stdin", "I", func(o *options) { o.ignoreStdin = true }),
	valueFlag("pretty", "", func(o *options, v string) error {
		switch v {
		case "all", "colors", "format", "none":
			o.pretty = v
			return nil
		}
		return usagef("--pretty: %q is not all, colors, format or none", v)
	}),
	boolFlag("version", "", func(o *options) { o.showVersion = true }),
	boolFlag("help", "", func(o *options) { o.showHelp = true }),
}

// parseArgs separates flags from positional arguments; flags may come
// anywhere, "--" ends them.
func parseArgs(args []string) (options, []string, error) {
	o := options{maxRedirects: 30}
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return o, append(pos, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			spec := findFlag(func(s flagSpec) bool { return s.long == name })
			if spec == nil {
				return o, nil, usagef("unknown option --%s (see --help)", name)
			}
			if spec.value && !hasVal {
				if i+1 >= len(args) {
					return o, nil, usagef("--%s needs a value", name)
				}
				i++
				val = args[i]
			} else if !spec.value && hasVal {
				return o, nil, usagef("--%s takes no value", name)
			}
			if err := spec.set(&o, val); err != nil {
				return o, nil, err
			}
		case len(a) > 1 && a[0] == '-' && !isNumber(a):
			// -vF, -o file, -ofile
			for j := 1; j < len(a); j++ {
				spec := findFlag(func(s flagSpec) bool { return s.short == a[j:j+1] })
				if spec == nil {
					return o, nil, usagef("unknown option -%s (see --help)", a[j:j+1])
				}
				if !spec.value {
					spec.set(&o, "")
					continue
				}
				val := a[j+1:]
				if val == "" {
					if i+1 >= len(args) {
						return o, nil, usagef("-%s needs a value", spec.short)
					}
					i++
					val = args[i]
				}
				if err := spec.set(&o, val); err != nil {
					return o, nil, err
				}
				break
			}
		default:
			pos = append(pos, a)
		}
	}
	return o, pos, nil
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

func findFlag(match func(flagSpec) bool) *flagSpec {
	for i := range flagSpecs {
		if match(flagSpecs[i]) {
			return &flagSpecs[i]
		}
	}
	return nil
}

var methodRE = regexp.MustCompile(`^[A-Za-z]+$`)

// Main runs the command and returns its exit status. It never panics: a
// bug is reported in one line.
func Main(args []string, env *Env) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "requests: internal error: %v\n", r)
			status = exitError
		}
	}()
	o, pos, err := parseArgs(args)
	if err == nil {
		switch {
		case o.showHelp:
			io.WriteString(env.Stdout, helpText)
			return exitOK
		case o.showVersion:
			fmt.Fprintln(env.Stdout, requests.Version)
			return exitOK
		}
		var c *command
		c, err = newCommand(o, pos, env)
		if err == nil {
			return c.run()
		}
	}
	fmt.Fprintf(env.Stderr, "requests: error: %s\n", strings.TrimPrefix(err.Error(), "requests: "))
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

// command is one invocation, its request built.
type command struct {
	o       options
	env     *Env
	method  string
	url     string
	opts    []requests.Option
	headers requests.Headers
	drop    []string
	sess    *sessionFile
	jsonOut bool // JSON mode: Accept and Content-Type say JSON
	body    []byte
}

// normalizeURL applies httpie's shorthands: ":8080/x" is
// http://localhost:8080/x, ":/x" is http://localhost/x, and a URL without a
// scheme is http.
func normalizeURL(u string) string {
	if strings.HasPrefix(u, ":") {
		rest := u[1:]
		if strings.HasPrefix(rest, "/") || rest == "" {
			return "http://localhost" + rest
		}
		return "http://localhost:" + rest
	}
	if i := strings.Index(u, "://"); i > 0 && methodRE.MatchString(u[:i]) {
		return u
	}
	return "http://" + u
}

func newCommand(o options, pos []string, env *Env) (*command, error) {
	c := &command{o: o, env: env, headers: requests.Headers{}}
	if len(pos) == 0 {
		return nil, usagef("a URL is required: requests [METHOD] URL [REQUEST_ITEM ...]")
	}
	if len(pos) >= 2 && methodRE.MatchString(pos[0]) && !isItem(pos[1]) {
		c.method, pos = strings.ToUpper(pos[0]), pos[1:]
	}
	c.url, pos = normalizeURL(pos[0]), pos[1:]
	if o.form && o.json {
		return nil, usagef("--form and --json cannot be used together")
	}
	hasData, err := c.applyItems(pos)
	if err != nil {
		return nil, err
	}
	if !o.ignoreStdin && env.StdinPiped && env.Stdin != nil && !o.download {
		data, err := io.ReadAll(env.Stdin)
		if err != nil {
			return nil, usagef("reading stdin: %v", err)
		}
		if len(data) > 0 {
			if hasData {
				return nil, usagef("request body from stdin and data items cannot be used together (--ignore-stdin to ignore stdin)")
			}
			c.body, hasData = data, true
			c.opts = append(c.opts, requests.Data(data))
			if !o.form {
				c.jsonOut = true
			}
		}
	}
	if c.method == "" {
		c.method = "GET"
		if hasData {
			c.method = "POST"
		}
	}
	if c.jsonOut || o.json {
		if _, ok := lookup(c.headers, "Content-Type"); !ok && hasData {
			c.headers["Content-Type"] = "application/json"
		}
		if _, ok := lookup(c.headers, "Accept"); !ok {
			c.headers["Accept"] = "application/json, */*;q=0.5"
		}
	}
	if err := c.applyOptions(); err != nil {
		return nil, err
	}
	return c, nil
}

func lookup(h requests.Headers, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// applyItems turns the request items into options; it reports whether they
// make a body.
func (c *command) applyItems(args []string) (bool, error) {
	params := requests.Params{}
	fields := map[string]any{}
	files := requests.Files{}
	for _, a := range args {
		it, err := parseItem(a)
		if err != nil {
			return false, err
		}
		switch it.kind {
		case sepHeader, sepHeaderFile:
			v := it.value
			if it.kind == sepHeaderFile {
				if v, err = readItemFile(it); err != nil {
					return false, err
				}
				v = strings.TrimRight(v, "\r\n")
			}
			if v == "" && it.kind == sepHeader {
				c.drop = append(c.drop, it.key) // "Header:" unsets it
				continue
			}
			c.headers[it.key] = v
		case sepParam:
			addValue(params, it.key, it.value)
		case sepField, sepFieldFile:
			v := it.value
			if it.kind == sepFieldFile {
				if v, err = readItemFile(it); err != nil {
					return false, err
				}
			}
			addField(fields, it.key, v)
		case sepJSON, sepJSONFile:
			if c.o.form {
				return false, usagef("%q: raw JSON fields (:=) cannot be sent as a form", it.arg)
			}
			raw := it.value
			if it.kind == sepJSONFile {
				if raw, err = readItemFile(it); err != nil {
					return false, err
				}
			}
			v, err := jsonValue(it, raw)
			if err != nil {
				return false, err
			}
			fields[it.key] = v
		case sepFile:
			if _, err := os.Stat(it.value); err != nil {
				return false, usagef("%q: cannot read %s: %v", it.arg, it.value, unwrapPath(err))
			}
			files[it.key] = requests.File(it.value)
		}
	}
	if len(params) > 0 {
		c.opts = append(c.opts, params)
	}
	multipart := len(files) > 0 || c.o.multipart
	switch {
	case multipart:
		if c.o.json {
			return false, usagef("files cannot be sent as JSON: drop --json")
		}
		form := requests.Form{}
		for k, v := range fields {
			s, ok := v.(string)
			if !ok {
				if l, isList := v.([]string); isList {
					form[k] = l
					continue
				}
				return false, usagef("field %q: raw JSON (:=) cannot be sent in a multipart form", k)
			}
			form[k] = s
		}
		if len(files) == 0 {
			// --multipart with fields only: each field is a part.
			for k, v := range form {
				if s, ok := v.(string); ok {
					files[k] = requests.Part{Filename: "", Reader: strings.NewReader(s)}
					delete(form, k)
				}
			}
		}
		if len(form) > 0 {
			c.opts = append(c.opts, form)
		}
		c.opts = append(c.opts, files)
		return true, nil
	case len(fields) == 0:
		return false, nil
	case c.o.form:
		form := requests.Form{}
		for k, v := range fields {
			form[k] = v
		}
		c.opts = append(c.opts, form)
	default:
		c.jsonOut = true
		c.opts = append(c.opts, requests.JSON(fields))
	}
	return true, nil
}

func addValue(p requests.Params, k, v string) {
	switch old := p[k].(type) {
	case nil:
		p[k] = v
	case string:
		p[k] = []string{old, v}
	case []string:
		p[k] = append(old, v)
	}
}

func addField(f map[string]any, k, v string) {
	switch old := f[k].(type) {
	case nil:
		f[k] = v
	case string:
		f[k] = []string{old, v}
	case []string:
		f[k] = append(old, v)
	default:
		f[k] = v
	}
}

// applyOptions turns the flags into options.
func (c *command) applyOptions() error {
	o := c.o
	if o.follow || o.download {
		c.opts = append(c.opts, requests.AllowRedirects(true), requests.MaxRedirects(o.maxRedirects))
	} else {
		c.opts = append(c.opts, requests.AllowRedirects(false))
	}
	if o.timeoutSet {
		d := time.Duration(o.timeout * float64(time.Second))
		c.opts = append(c.opts, requests.Timeout{Connect: d, Read: d})
	}
	switch o.verify {
	case "", "yes", "true":
	case "no", "false":
		c.opts = append(c.opts, requests.Verify(false))
	default:
		if _, err := os.Stat(o.verify); err != nil {
			return usagef("--verify: cannot read %s: %v", o.verify, unwrapPath(err))
		}
		c.opts = append(c.opts, requests.CABundle(o.verify))
	}
	if o.cert != "" {
		c.opts = append(c.opts, requests.Cert(o.cert, o.certKey))
	} else if o.certKey != "" {
		return usagef("--cert-key needs --cert")
	}
	if len(o.proxies) > 0 {
		p := requests.Proxies{}
		for _, v := range o.proxies {
			scheme, u, ok := strings.Cut(v, ":")
			if !ok || strings.HasPrefix(u, "//") {
				scheme, u = "all", v // a bare proxy URL serves every scheme
			}
			p[scheme] = u
		}
		c.opts = append(c.opts, p)
	}
	if o.auth != "" {
		a, err := c.authOption(o.auth)
		if err != nil {
			return err
		}
		c.opts = append(c.opts, a)
	}
	if o.stream {
		c.opts = append(c.opts, requests.Stream(true))
	}
	return nil
}

func (c *command) authOption(cred string) (requests.Option, error) {
	if c.o.authType == "bearer" {
		return requests.BearerAuth(cred), nil
	}
	user, pass, ok := strings.Cut(cred, ":")
	if !ok {
		if !c.env.StdinTTY || c.env.ReadPassword == nil {
			return nil, usagef("--auth %s: no password, and no terminal to ask for one (give user:password)", user)
		}
		p, err := c.env.ReadPassword(fmt.Sprintf("requests: password for %s: ", user))
		if err != nil {
			return nil, usagef("reading the password: %v", err)
		}
		pass = p
	}
	if c.o.authType == "digest" {
		return requests.DigestAuth(user, pass), nil
	}
	return requests.BasicAuth(user, pass), nil
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
		if err := sf.apply(s, c); err != nil {
			return c.fail(err)
		}
	}
	opts := append([]requests.Option{}, c.opts...)
	if len(c.headers) > 0 {
		opts = append(opts, c.headers)
	}
	if len(c.drop) > 0 {
		opts = append(opts, requests.DropHeaders(c.drop...))
	}
	if c.o.offline || c.o.curl {
		return c.runOffline(s, opts)
	}
	if c.o.download {
		return c.runDownload(s, opts)
	}
	ctx := context.Background()
	resp, err := s.Do(ctx, c.method, c.url, opts...)
	if err != nil {
		return c.fail(err)
	}
	defer resp.Close()
	if c.sess != nil {
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
		if c.o.print == "" && !c.o.verbose && !c.o.headers {
			p.what = "b"
		}
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
	fmt.Fprintf(c.env.Stderr, "requests: warning: HTTP %d %s\n", resp.StatusCode, resp.Reason())
	return code
}

// fail reports err in one line: its kind and message.
func (c *command) fail(err error) int {
	fmt.Fprintf(c.env.Stderr, "requests: error: %s\n", strings.TrimPrefix(err.Error(), "requests: "))
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
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
		fmt.Fprintln(c.env.Stdout, resp.Request.Curl(false))
		return exitOK
	}
	p := c.printer()
	if p.what == "" || !strings.ContainsAny(p.what, "HB") {
		p.what = "HB"
	}
	p.request(resp.Request, t.body)
	return exitOK
}
