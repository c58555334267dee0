package cli

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/go-requests/requests"
)

// sessionFile is a --session: the headers, credentials and cookies kept
// between runs, in a JSON file (0600, since it holds secrets).
type sessionFile struct {
	path    string
	Headers map[string]string `json:"headers"`
	Auth    *sessionAuth      `json:"auth,omitempty"`
	Cookies []sessionCookie   `json:"cookies"`
}

type sessionAuth struct {
	Type     string `json:"type"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	Token    string `json:"token,omitempty"`
}

// sessionCookie is a cookie of the jar, in the jar's domain convention
// (a leading dot for a domain cookie).
type sessionCookie struct {
	Name     string     `json:"name"`
	Value    string     `json:"value"`
	Domain   string     `json:"domain"`
	Path     string     `json:"path"`
	Expires  *time.Time `json:"expires,omitempty"`
	Secure   bool       `json:"secure,omitempty"`
	HTTPOnly bool       `json:"http_only,omitempty"`
}

var sessionName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// sessionPath resolves NAME_OR_PATH: a bare name lives in the config
// directory under the URL's host, as httpie keeps them; anything with a
// slash or a .json suffix is a path.
func sessionPath(name, rawURL, configDir string) (string, error) {
	if !sessionName.MatchString(name) || strings.HasSuffix(name, ".json") {
		return name, nil
	}
	if configDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", usagef("--session %s: no config directory (%v): give a path", name, err)
		}
		configDir = filepath.Join(dir, "requests")
	}
	host := "localhost"
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = strings.ReplaceAll(u.Host, ":", "_")
	}
	return filepath.Join(configDir, "sessions", host, name+".json"), nil
}

func loadSession(name, rawURL, configDir string) (*sessionFile, error) {
	path, err := sessionPath(name, rawURL, configDir)
	if err != nil {
		return nil, err
	}
	sf := &sessionFile{path: path, Headers: map[string]string{}}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return sf, nil
	}
	if err != nil {
		return nil, usagef("--session: %v", err)
	}
	if err := json.Unmarshal(data, sf); err != nil {
		return nil, usagef("--session: %s is not a session file: %v", path, err)
	}
	if sf.Headers == nil {
		sf.Headers = map[string]string{}
	}
	return sf, nil
}

// apply gives the Session the stored cookies, and the command the stored
// headers and credentials that its own do not replace.
func (sf *sessionFile) apply(s *requests.Session, c *command) {
	for _, ck := range sf.Cookies {
		hc := &http.Cookie{Name: ck.Name, Value: ck.Value, Domain: ck.Domain, Path: ck.Path, Secure: ck.Secure, HttpOnly: ck.HTTPOnly}
		if ck.Expires != nil {
			hc.Expires = *ck.Expires
		}
		s.Cookies().Set(hc) // an expired one is not stored
	}
	for k, v := range sf.Headers {
		if _, ok := lookup(c.headers, k); !ok {
			c.headers[k] = v
		}
	}
	if c.o.auth == "" && sf.Auth != nil {
		var a requests.Option
		switch sf.Auth.Type {
		case "bearer":
			a = requests.BearerAuth(sf.Auth.Token)
		case "digest":
			a = requests.DigestAuth(sf.Auth.Username, sf.Auth.Password)
		default:
			a = requests.BasicAuth(sf.Auth.Username, sf.Auth.Password)
		}
		c.opts = append(c.opts, a)
	}
}

// notKept are request headers a session does not remember: they describe
// one request's body or are the session's own business.
var notKept = map[string]bool{"content-type": true, "content-length": true, "content-encoding": true, "cookie": true, "if-match": true,
	"if-none-match": true, "if-modified-since": true, "if-unmodified-since": true, "if-range": true, "range": true}

// save stores the command's headers and credentials and the Session's
// cookies.
func (sf *sessionFile) save(s *requests.Session, c *command) error {
	for k, v := range c.headers {
		if !notKept[strings.ToLower(k)] && !(c.jsonOut && strings.EqualFold(k, "Accept")) {
			sf.Headers[k] = v
		}
	}
	if c.o.auth != "" {
		typ := c.o.authType
		if typ == "" {
			typ = "basic"
		}
		a := &sessionAuth{Type: typ}
		if typ == "bearer" {
			a.Token = c.o.auth
		} else {
			a.Username, a.Password, _ = strings.Cut(c.o.auth, ":")
		}
		sf.Auth = a
	}
	sf.Cookies = sf.Cookies[:0]
	for _, ck := range s.Cookies().All() {
		sc := sessionCookie{Name: ck.Name, Value: ck.Value, Domain: ck.Domain, Path: ck.Path, Secure: ck.Secure, HTTPOnly: ck.HttpOnly}
		if !ck.Expires.IsZero() {
			t := ck.Expires
			sc.Expires = &t
		}
		sf.Cookies = append(sf.Cookies, sc)
	}
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(sf.path), 0o700); err != nil {
		return usagef("--session: %v", err)
	}
	tmp := sf.path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return usagef("--session: %v", err)
	}
	return os.Rename(tmp, sf.path)
}
