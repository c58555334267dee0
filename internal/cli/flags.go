package cli

import (
	"math"
	"mime"
	"strconv"
	"strings"

	"github.com/go-requests/requests/internal/charset"
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
	headers, body               bool
	verbose                     int // -v: the exchange; -vv: and the metadata
	offline, curl, checkStatus  bool
	curlReveal                  bool
	unixSocket                  string
	quiet                       int // -q: no output; -qq: no warnings either
	completion                  string
	pathAsIs                    bool
	stream, ignoreStdin         bool
	pretty                      string
	showVersion, showHelp       bool
	maxRedirectsSet, timeoutSet bool

	raw             string // --raw: the body, as given
	rawSet          bool
	chunked         bool
	compress        int    // -x: deflate the body; -xx: even when it grows
	all             bool   // --all: print the redirects and challenges too
	historyPrint    string // -P: what to print of them (default: as --print)
	responseCharset string
	responseMIME    string
	sessionReadOnly bool
	format          formatOptions
	style           string
	boundary        string
	defaultScheme   string
	ignoreNetrc     bool
	debug           bool
	traceback       bool
	maxHeaders      int // --max-headers: 0 is no limit

	given map[string]bool   // the long names of the options given
	added map[string]string // the values of the options a build adds (see Flag)
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
	valueFlag("boundary", "", func(o *options, v string) error {
		if v == "" || len(v) > 70 || strings.ContainsAny(v, "\r\n") {
			return usagef("--boundary: %q is not a multipart boundary (1 to 70 characters)", v)
		}
		o.boundary = v
		return nil
	}),
	valueFlag("raw", "", func(o *options, v string) error { o.raw, o.rawSet = v, true; return nil }),
	boolFlag("chunked", "", func(o *options) { o.chunked = true }),
	boolFlag("compress", "x", func(o *options) { o.compress++ }),
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
	valueFlag("max-headers", "", func(o *options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return usagef("--max-headers: %q is not a count", v)
		}
		o.maxHeaders = n
		return nil
	}),
	valueFlag("timeout", "", func(o *options, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return usagef("--timeout: %q is not a number of seconds (0 for none)", v)
		}
		o.timeout, o.timeoutSet = f, true
		return nil
	}),
	valueFlag("verify", "", func(o *options, v string) error { o.verify = v; return nil }),
	valueFlag("cert", "", func(o *options, v string) error { o.cert = v; return nil }),
	valueFlag("cert-key", "", func(o *options, v string) error { o.certKey = v; return nil }),
	valueFlag("proxy", "", func(o *options, v string) error { o.proxies = append(o.proxies, v); return nil }),
	valueFlag("session", "", func(o *options, v string) error { return o.setSession(v, false) }),
	valueFlag("session-read-only", "", func(o *options, v string) error { return o.setSession(v, true) }),
	boolFlag("ignore-netrc", "", func(o *options) { o.ignoreNetrc = true }),
	valueFlag("default-scheme", "", func(o *options, v string) error {
		switch v {
		case "http", "https":
			o.defaultScheme = v
			return nil
		}
		return usagef("--default-scheme: %q is not http or https", v)
	}),
	boolFlag("download", "d", func(o *options) { o.download = true }),
	boolFlag("continue", "c", func(o *options) { o.resume = true }),
	valueFlag("output", "o", func(o *options, v string) error { o.output = v; return nil }),
	valueFlag("print", "p", func(o *options, v string) error { return checkPrint("--print", v, &o.print) }),
	valueFlag("history-print", "P", func(o *options, v string) error { return checkPrint("--history-print", v, &o.historyPrint) }),
	boolFlag("all", "", func(o *options) { o.all = true }),
	boolFlag("meta", "m", func(o *options) { o.print = "m" }),
	boolFlag("verbose", "v", func(o *options) { o.verbose++ }),
	boolFlag("headers", "h", func(o *options) { o.headers = true }),
	boolFlag("body", "b", func(o *options) { o.body = true }),
	boolFlag("offline", "", func(o *options) { o.offline = true }),
	boolFlag("curl", "", func(o *options) { o.curl = true }),
	boolFlag("curl-reveal", "", func(o *options) { o.curl, o.curlReveal = true, true }),
	valueFlag("unix-socket", "", func(o *options, v string) error {
		if v == "" {
			return usagef("--unix-socket: give the path of the socket")
		}
		o.unixSocket = v
		return nil
	}),
	boolFlag("path-as-is", "", func(o *options) { o.pathAsIs = true }),
	boolFlag("quiet", "q", func(o *options) { o.quiet++ }),
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
	valueFlag("style", "s", func(o *options, v string) error {
		if v != "auto" {
			return usagef("--style: %q is not available: the one style is auto, the terminal's own colours", v)
		}
		o.style = v
		return nil
	}),
	valueFlag("format-options", "", func(o *options, v string) error { return o.format.parse(v) }),
	boolFlag("unsorted", "", func(o *options) { o.format.parse("json.sort_keys:false,headers.sort:false") }),
	boolFlag("sorted", "", func(o *options) { o.format.parse("json.sort_keys:true,headers.sort:true") }),
	valueFlag("response-charset", "", func(o *options, v string) error {
		if charset.Lookup(v) == nil {
			return usagef("--response-charset: %q is not a known charset", v)
		}
		o.responseCharset = v
		return nil
	}),
	valueFlag("response-mime", "", func(o *options, v string) error {
		mt, _, err := mime.ParseMediaType(v)
		if err != nil || !strings.Contains(mt, "/") {
			return usagef("--response-mime: %q is not a MIME type such as application/json", v)
		}
		o.responseMIME = mt
		return nil
	}),
	boolFlag("debug", "", func(o *options) { o.debug = true }),
	boolFlag("traceback", "", func(o *options) { o.traceback = true }),
	boolFlag("version", "", func(o *options) { o.showVersion = true }),
	boolFlag("help", "", func(o *options) { o.showHelp = true }),
	boolFlag("manual", "", func(o *options) { o.showHelp = true }),
	valueFlag("completion", "", func(o *options, v string) error {
		switch v {
		case "bash", "zsh", "fish":
			o.completion = v
			return nil
		}
		return usagef("--completion: %q is not bash, zsh or fish", v)
	}),
}

// parseArgs separates the flags of specs from positional arguments; flags
// may come anywhere, "--" ends them.
func parseArgs(args []string, specs []flagSpec) (options, []string, error) {
	o := options{maxRedirects: 30, format: defaultFormat, given: map[string]bool{}, added: map[string]string{}}
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return o, append(pos, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			spec := findFlag(specs, func(s flagSpec) bool { return s.long == name })
			if spec == nil {
				return o, nil, unknownFlag(name)
			}
			o.given[name] = true
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
				spec := findFlag(specs, func(s flagSpec) bool { return s.short == a[j:j+1] })
				if spec == nil {
					return o, nil, usagef("unknown option -%s (see --help)", a[j:j+1])
				}
				o.given[spec.long] = true
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

// checkPrint checks the letters of --print or --history-print.
func checkPrint(flag, v string, to *string) error {
	if v == "" || strings.Trim(v, "HBhbm") != "" {
		return usagef("%s: %q is not made of H, B, h, b and m", flag, v)
	}
	*to = v
	return nil
}

// setSession sets --session or --session-read-only; they exclude each
// other, as in httpie.
func (o *options) setSession(v string, readOnly bool) error {
	if o.session != "" && o.sessionReadOnly != readOnly {
		return usagef("--session and --session-read-only cannot be used together")
	}
	o.session, o.sessionReadOnly = v, readOnly
	return nil
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

func findFlag(specs []flagSpec, match func(flagSpec) bool) *flagSpec {
	for i := range specs {
		if match(specs[i]) {
			return &specs[i]
		}
	}
	return nil
}
