package cli

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

// methodRE matches a word that can be a method or a URL scheme.
var methodRE = regexp.MustCompile(`^[A-Za-z]+$`)

// normalizeURL applies httpie's shorthands: ":8080/x" is
// http://localhost:8080/x, ":/x" is http://localhost/x, and a URL without a
// scheme is http.
func normalizeURL(u string) string { return normalizeURLScheme(u, "http") }

// normalizeURLScheme is normalizeURL with another scheme for a URL that
// lacks one (--default-scheme), the localhost shorthands included, as in
// httpie.
func normalizeURLScheme(u, scheme string) string {
	if strings.HasPrefix(u, ":") {
		rest := u[1:]
		if strings.HasPrefix(rest, "/") || rest == "" {
			return scheme + "://localhost" + rest
		}
		return scheme + "://localhost:" + rest
	}
	if i := strings.Index(u, "://"); i > 0 && methodRE.MatchString(u[:i]) {
		return u
	}
	return scheme + "://" + u
}

// checkURL rejects a URL the command cannot send: one that does not
// parse, or whose scheme is not http or https. It is a usage error.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return usagef("%q is not a valid URL: %v", raw, unwrapURLError(err))
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return usagef("%q: the scheme %q is not http or https", raw, u.Scheme)
	}
	if u.Host == "" {
		return usagef("%q has no host", raw)
	}
	return nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

func newCommand(o options, pos []string, env *Env) (*command, error) {
	c := &command{o: o, env: env, headers: requests.Headers{}}
	if len(pos) == 0 {
		return nil, usagef("a URL is required: requests [METHOD] URL [REQUEST_ITEM ...]")
	}
	if len(pos) >= 2 && methodRE.MatchString(pos[0]) && !isItem(pos[1]) {
		c.method, pos = strings.ToUpper(pos[0]), pos[1:]
	}
	scheme := o.defaultScheme
	if scheme == "" {
		scheme = "http"
	}
	c.url, pos = normalizeURLScheme(pos[0], scheme), pos[1:]
	if err := checkURL(c.url); err != nil {
		return nil, err
	}
	if o.form && o.json {
		return nil, usagef("--form and --json cannot be used together")
	}
	hasData, err := c.applyItems(pos)
	if err != nil {
		return nil, err
	}
	if o.rawSet {
		// --raw: the body as given; stdin is not read.
		if hasData {
			return nil, usagef("--raw and data items cannot be used together")
		}
		hasData = true
		c.body = append(c.body, requests.Data(o.raw))
		if !o.form {
			c.jsonOut = true
		}
	} else if !o.ignoreStdin && env.StdinPiped && env.Stdin != nil && !o.download {
		data, err := io.ReadAll(env.Stdin)
		if err != nil {
			return nil, usagef("reading stdin: %v", err)
		}
		if len(data) > 0 {
			if hasData {
				return nil, usagef("request body from stdin and data items cannot be used together (--ignore-stdin to ignore stdin)")
			}
			hasData = true
			c.body = append(c.body, requests.Data(data))
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
	if hasData && (o.chunked || o.compress > 0) {
		if err := c.encodeBody(); err != nil {
			return nil, err
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
	var query []string // name=value, in the order typed, as httpie sends them
	fields := map[string]any{}
	files := requests.Files{}
	var data []dataField // the fields in order, for a nested JSON body
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
		case sepHeaderNone:
			if it.value != "" {
				return false, usagef("%q: nothing may follow \";\" (Header; sends an empty header)", it.arg)
			}
			c.headers[it.key] = ""
		case sepParam, sepParamFile:
			v := it.value
			if it.kind == sepParamFile {
				if v, err = readItemFile(it); err != nil {
					return false, err
				}
				v = strings.TrimRight(v, "\r\n")
			}
			query = append(query, url.QueryEscape(it.key)+"="+url.QueryEscape(v))
		case sepField, sepFieldFile:
			v := it.value
			if it.kind == sepFieldFile {
				if v, err = readItemFile(it); err != nil {
					return false, err
				}
			}
			addField(fields, it.key, v)
			data = append(data, dataField{it, v})
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
			data = append(data, dataField{it, v})
		case sepFile:
			path, typ, _ := strings.Cut(it.value, ";type=") // field@file;type=image/png
			if _, err := os.Stat(path); err != nil {
				return false, usagef("%q: cannot read %s: %v", it.arg, path, unwrapPath(err))
			}
			part := requests.File(path)
			part.ContentType = typ
			files[it.key] = part
		}
	}
	if len(query) > 0 {
		c.url = appendQuery(c.url, strings.Join(query, "&"))
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
					files[k] = requests.Part{Reader: strings.NewReader(s)}
					delete(form, k)
				}
			}
		}
		if len(form) > 0 {
			c.body = append(c.body, form)
		}
		c.body = append(c.body, files)
		if c.o.boundary != "" {
			c.body = append(c.body, requests.MultipartBoundary(c.o.boundary))
		}
		return true, nil
	case len(fields) == 0:
		return false, nil
	case c.o.form:
		form := requests.Form{}
		for k, v := range fields {
			form[k] = v
		}
		c.body = append(c.body, form)
	default:
		var body nestedBody
		for _, d := range data {
			if err := body.set(d.it, d.v); err != nil {
				return false, err
			}
		}
		c.jsonOut = true
		c.body = append(c.body, requests.JSON(body.root))
	}
	return true, nil
}

// dataField is a data item and its value: a string, or decoded raw JSON.
type dataField struct {
	it item
	v  any
}

// addField adds v under k: a repeated name becomes a list, as httpie sends
// it; a string replaces a raw JSON value given before it.
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
		// 0 is no timeout, as in httpie; the library refuses less than a
		// millisecond, which no request meets anyway.
		d := max(time.Duration(o.timeout*float64(time.Second)), time.Millisecond)
		if o.timeout == 0 {
			d = requests.NoTimeout
		}
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
	if o.maxHeaders > 0 {
		c.opts = append(c.opts, requests.ResponseHook(maxHeaders(o.maxHeaders)))
	}
	if o.ignoreNetrc {
		c.opts = append(c.opts, requests.TrustEnv(false))
	}
	if o.unixSocket != "" {
		c.opts = append(c.opts, requests.UnixSocket(o.unixSocket))
	}
	if o.pathAsIs {
		t, err := pathAsIsOption(c.url, o)
		if err != nil {
			return err
		}
		if t != nil {
			c.opts = append(c.opts, t)
		}
	}
	return nil
}

// maxHeaders fails a response, a redirect's included, with more than n
// header lines, as httpie's --max-headers does. net/http has read them
// already (it limits their size, not their number): the check is after
// the fact, the result the same.
func maxHeaders(n int) func(*requests.Response) error {
	return func(r *requests.Response) error {
		count := 0
		for _, vs := range r.Header {
			count += len(vs)
		}
		if count > n {
			return fmt.Errorf("got more than %d headers (%d)", n, count)
		}
		return nil
	}
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
		p, err := c.env.ReadPassword(fmt.Sprintf("%s: password for %s@%s: ", c.program(), user, hostOf(c.url)))
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

// appendQuery adds a query to a URL, after its own and before its
// fragment.
func appendQuery(raw, query string) string {
	base, frag, hasFrag := strings.Cut(raw, "#")
	switch {
	case !strings.Contains(base, "?"):
		base += "?" + query
	case strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&"):
		base += query
	default:
		base += "&" + query
	}
	if hasFrag {
		base += "#" + frag
	}
	return base
}

// program is the command's name, for what it prints and suggests.
func (c *command) program() string {
	if c.env == nil || c.env.Program == "" {
		return "requests"
	}
	return c.env.Program
}

// hostOf is the host[:port] of a URL, for the password prompt.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
