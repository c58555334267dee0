package servers

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

// nginxSite is what the nginx stand-in understood of an nginx.conf: one
// server with its locations. Only the directives the tutorial's setup uses
// are understood; any other is an error at start, so that a config the
// stand-in cannot imitate is never served differently.
type nginxSite struct {
	dir         string // nginx's prefix (-p): relative paths start there
	listen      string // "127.0.0.1:port"
	types       map[string]string
	defaultType string
	server      nginxScope
	locations   []*nginxLocation
	boundary    atomic.Uint64 // the last multipart/byteranges boundary, counted as nginx does
}

// nginxScope holds the settings of the http block, the server or a
// location; a location inherits what it does not set.
type nginxScope struct {
	root  string
	realm *string           // auth_basic: nil if not set here, "off" to turn it off
	users map[string]string // from auth_basic_user_file: user to password hash
	ret   *nginxReturn
}

type nginxLocation struct {
	exact bool // location = /uri
	uri   string
	nginxScope
}

// nginxReturn is a return directive: a status, and where a redirect goes.
type nginxReturn struct {
	status int
	url    string
}

// nginxDirective is one directive of the config, with its block if it has
// one.
type nginxDirective struct {
	name  string
	args  []string
	block []nginxDirective
	line  int
}

// nginxToken is a word of the config; special marks ; { and } unquoted.
type nginxToken struct {
	text    string
	special bool
	line    int
}

// tokenizeNginx splits a config into words as nginx does: quoted strings,
// backslash escapes, # comments.
func tokenizeNginx(conf string) ([]nginxToken, error) {
	var toks []nginxToken
	line := 1
	for i := 0; i < len(conf); {
		c := conf[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#':
			for i < len(conf) && conf[i] != '\n' {
				i++
			}
		case c == ';' || c == '{' || c == '}':
			toks = append(toks, nginxToken{string(c), true, line})
			i++
		case c == '"' || c == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(conf) && conf[j] != c; j++ {
				if conf[j] == '\\' && j+1 < len(conf) {
					j++
				}
				if conf[j] == '\n' {
					line++
				}
				b.WriteByte(conf[j])
			}
			if j == len(conf) {
				return nil, fmt.Errorf("line %d: unterminated string", line)
			}
			toks = append(toks, nginxToken{b.String(), false, line})
			i = j + 1
		default:
			j := i
			for j < len(conf) && !strings.ContainsRune(" \t\r\n;{}\"'", rune(conf[j])) {
				j++
			}
			toks = append(toks, nginxToken{conf[i:j], false, line})
			i = j
		}
	}
	return toks, nil
}

// parseNginx parses a config into its directives.
func parseNginx(conf string) ([]nginxDirective, error) {
	toks, err := tokenizeNginx(conf)
	if err != nil {
		return nil, err
	}
	ds, rest, err := parseNginxBlock(toks, true)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("line %d: unexpected }", rest[0].line)
	}
	return ds, err
}

func parseNginxBlock(toks []nginxToken, top bool) ([]nginxDirective, []nginxToken, error) {
	var ds []nginxDirective
	for len(toks) > 0 {
		t := toks[0]
		toks = toks[1:]
		if t.special && t.text == "}" {
			if top {
				return nil, nil, fmt.Errorf("line %d: unexpected }", t.line)
			}
			return ds, toks, nil
		}
		if t.special {
			return nil, nil, fmt.Errorf("line %d: unexpected %s", t.line, t.text)
		}
		d := nginxDirective{name: t.text, line: t.line}
		for {
			if len(toks) == 0 {
				return nil, nil, fmt.Errorf("line %d: %s does not end", d.line, d.name)
			}
			a := toks[0]
			toks = toks[1:]
			if !a.special {
				d.args = append(d.args, a.text)
				continue
			}
			if a.text == "{" {
				var err error
				if d.block, toks, err = parseNginxBlock(toks, false); err != nil {
					return nil, nil, err
				}
			} else if a.text == "}" {
				return nil, nil, fmt.Errorf("line %d: unexpected }", a.line)
			}
			break
		}
		ds = append(ds, d)
	}
	if !top {
		return nil, nil, fmt.Errorf("a block does not end")
	}
	return ds, nil, nil
}

// newNginxSite interprets nginx.conf, whose relative paths start at dir.
func newNginxSite(conf, dir string) (*nginxSite, error) {
	ds, err := parseNginx(conf)
	if err != nil {
		return nil, err
	}
	site := &nginxSite{dir: dir, types: map[string]string{}, defaultType: "text/plain"}
	var http *nginxDirective
	for i, d := range ds {
		switch d.name {
		case "daemon", "master_process", "worker_processes", "pid", "error_log", "events":
			// How nginx runs, not what it answers.
		case "http":
			if http != nil {
				return nil, unimitated(d, "a second http block")
			}
			http = &ds[i]
		default:
			return nil, unimitated(d, "")
		}
	}
	if http == nil {
		return nil, fmt.Errorf("no http block")
	}
	if err := site.http(http.block); err != nil {
		return nil, err
	}
	return site, nil
}

func unimitated(d nginxDirective, what string) error {
	if what == "" {
		what = "the directive " + d.name
	}
	return fmt.Errorf("line %d: %s is not imitated by the stand-in", d.line, what)
}

func (site *nginxSite) http(ds []nginxDirective) error {
	scope := nginxScope{root: filepath.Join(site.dir, "html")} // nginx's default root
	var server *nginxDirective
	for i, d := range ds {
		switch d.name {
		case "access_log", "client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path",
			"uwsgi_temp_path", "scgi_temp_path":
		case "default_type":
			if len(d.args) != 1 {
				return unimitated(d, "")
			}
			site.defaultType = d.args[0]
		case "types":
			for _, t := range d.block {
				for _, ext := range t.args {
					site.types[strings.ToLower(ext)] = t.name
				}
			}
		case "server":
			if server != nil {
				return unimitated(d, "a second server")
			}
			server = &ds[i]
		default:
			if err := site.setting(&scope, d, false); err != nil {
				return err
			}
		}
	}
	if server == nil {
		return fmt.Errorf("no server block")
	}
	site.server = scope
	var locs []nginxDirective
	for _, d := range server.block {
		switch d.name {
		case "listen":
			if len(d.args) != 1 {
				return unimitated(d, "listen with parameters")
			}
			site.listen = d.args[0]
			if !strings.Contains(site.listen, ":") {
				site.listen = "0.0.0.0:" + site.listen
			}
		case "server_name": // used in redirects only with server_name_in_redirect on
		case "location":
			locs = append(locs, d)
		default:
			if err := site.setting(&site.server, d, true); err != nil {
				return err
			}
		}
	}
	if site.listen == "" {
		return fmt.Errorf("the server has no listen directive")
	}
	for _, d := range locs {
		loc := &nginxLocation{nginxScope: site.server}
		loc.ret = nil
		switch {
		case len(d.args) == 2 && d.args[0] == "=":
			loc.exact, loc.uri = true, d.args[1]
		case len(d.args) == 2 && d.args[0] == "^~", len(d.args) == 1 && !strings.HasPrefix(d.args[0], "~"):
			loc.uri = d.args[len(d.args)-1]
		default:
			return unimitated(d, "location "+strings.Join(d.args, " "))
		}
		for _, s := range d.block {
			if err := site.setting(&loc.nginxScope, s, true); err != nil {
				return err
			}
		}
		site.locations = append(site.locations, loc)
	}
	return nil
}

// setting applies one directive that the http block, a server and a
// location share.
func (site *nginxSite) setting(scope *nginxScope, d nginxDirective, inServer bool) error {
	switch {
	case d.name == "server_tokens" && len(d.args) == 1:
		// The stand-in has no version to show: its pages read "nginx", as
		// nginx's do with server_tokens off.
	case d.name == "root" && len(d.args) == 1:
		scope.root = d.args[0]
		if !filepath.IsAbs(scope.root) {
			scope.root = filepath.Join(site.dir, scope.root)
		}
	case d.name == "auth_basic" && len(d.args) == 1:
		realm := d.args[0]
		scope.realm = &realm
	case d.name == "auth_basic_user_file" && len(d.args) == 1:
		path := d.args[0]
		if !filepath.IsAbs(path) {
			path = filepath.Join(site.dir, path)
		}
		users, err := readHtpasswd(path)
		if err != nil {
			return fmt.Errorf("line %d: %w", d.line, err)
		}
		scope.users = users
	case d.name == "return" && inServer && (len(d.args) == 1 || len(d.args) == 2):
		code, err := strconv.Atoi(d.args[0])
		if err != nil || code < 200 || code > 599 {
			return unimitated(d, "return "+strings.Join(d.args, " "))
		}
		r := &nginxReturn{status: code}
		switch code {
		case 301, 302, 303, 307, 308:
			if len(d.args) != 2 {
				return unimitated(d, "a redirect without a URL")
			}
			r.url = d.args[1]
		default:
			if len(d.args) != 1 {
				return unimitated(d, "return with a text")
			}
		}
		scope.ret = r
	default:
		return unimitated(d, "")
	}
	return nil
}

// readHtpasswd reads an auth_basic_user_file. The schemes understood are
// those nginx reads without crypt(3): {PLAIN}, {SHA} and {SSHA}.
func readHtpasswd(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	users := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		hash, _, _ = strings.Cut(hash, ":") // a comment may follow
		if !strings.HasPrefix(hash, "{PLAIN}") && !strings.HasPrefix(hash, "{SHA}") && !strings.HasPrefix(hash, "{SSHA}") {
			return nil, fmt.Errorf("%s: the password scheme of %s is not imitated by the stand-in (use {SHA})", path, user)
		}
		users[user] = hash
	}
	return users, nil
}

// checkPassword compares a password with an htpasswd hash.
func checkPassword(hash, password string) bool {
	switch {
	case strings.HasPrefix(hash, "{PLAIN}"):
		return subtle.ConstantTimeCompare([]byte(hash[len("{PLAIN}"):]), []byte(password)) == 1
	case strings.HasPrefix(hash, "{SHA}"):
		sum := sha1.Sum([]byte(password))
		return subtle.ConstantTimeCompare([]byte(hash[len("{SHA}"):]), []byte(base64.StdEncoding.EncodeToString(sum[:]))) == 1
	case strings.HasPrefix(hash, "{SSHA}"):
		raw, err := base64.StdEncoding.DecodeString(hash[len("{SSHA}"):])
		if err != nil || len(raw) < sha1.Size {
			return false
		}
		sum := sha1.Sum(append([]byte(password), raw[sha1.Size:]...))
		return subtle.ConstantTimeCompare(sum[:], raw[:sha1.Size]) == 1
	}
	return false
}

// location finds the location of a normalized URI as nginx does without
// regular expressions: an exact match, else the longest prefix, else the
// server itself.
func (site *nginxSite) location(uri string) *nginxScope {
	var best *nginxLocation
	for _, loc := range site.locations {
		if loc.exact {
			if uri == loc.uri {
				return &loc.nginxScope
			}
			continue
		}
		if strings.HasPrefix(uri, loc.uri) && (best == nil || len(loc.uri) > len(best.uri)) {
			best = loc
		}
	}
	if best == nil {
		return &site.server
	}
	return &best.nginxScope
}

// contentType is the media type nginx gives a file by its extension.
func (site *nginxSite) contentType(name string) string {
	if ext := filepath.Ext(name); ext != "" {
		if t, ok := site.types[strings.ToLower(ext[1:])]; ok {
			return t
		}
	}
	return site.defaultType
}

// listenAddr is where the stand-in listens: the listen directive's
// address, on loopback when it names every interface.
func (site *nginxSite) listenAddr() string {
	host, port, err := net.SplitHostPort(site.listen)
	if err != nil || host == "" || host == "*" || host == "0.0.0.0" {
		return "127.0.0.1:" + port
	}
	return net.JoinHostPort(host, port)
}
