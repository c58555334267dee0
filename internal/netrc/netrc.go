// Package netrc reads netrc files as Python requests does (its
// get_netrc_auth): machine, default, login, password, account and macdef
// tokens, quoted tokens, the first entry of a machine winning.
package netrc

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// entry is one machine (or the default) of a netrc file.
type entry struct {
	login, account, password string
}

// File is a parsed netrc file.
type File struct {
	machines map[string]entry
	def      *entry
}

// Lookup returns the credentials for host, as requests' get_netrc_auth:
// the machine's entry, else the default; the login, or the account when the
// login is empty. ok is false when the entry is missing or empty.
func (f *File) Lookup(host string) (user, pass string, ok bool) {
	e, found := f.machines[host]
	if !found {
		if f.def == nil {
			return "", "", false
		}
		e = *f.def
	}
	if e.login == "" && e.account == "" && e.password == "" {
		return "", "", false
	}
	user = e.login
	if user == "" {
		user = e.account
	}
	return user, e.password, true
}

// Parse reads the netrc format: machine, default, login, password,
// account and macdef tokens, separated by white space; a token may be
// quoted.
func Parse(data string) *File {
	f := &File{machines: map[string]entry{}}
	toks := tokens(data)
	var cur *entry
	var name string
	flush := func() {
		if cur != nil && name != "" {
			if _, dup := f.machines[name]; !dup { // the first entry wins
				f.machines[name] = *cur
			}
		}
	}
	for i := 0; i < len(toks); i++ {
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch toks[i] {
		case "machine":
			flush()
			cur, name = &entry{}, next()
		case "default":
			flush()
			cur, name = &entry{}, ""
			f.def = cur
		case "login", "user":
			if cur != nil {
				cur.login = next()
			}
		case "password":
			if cur != nil {
				cur.password = next()
			}
		case "account":
			if cur != nil {
				cur.account = next()
			}
		case "macdef":
			// A macro runs to the next empty line; its tokens are skipped
			// by tokens, which marks the end with "\x00".
			for i+1 < len(toks) && toks[i+1] != "\x00" {
				i++
			}
		}
	}
	flush()
	return f
}

// tokens splits netrc text into tokens; the body of a macdef is
// replaced by one "\x00" token.
func tokens(s string) []string {
	var toks []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			break
		}
		if s[0] == '#' {
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[i:]
				continue
			}
			break
		}
		var tok string
		if s[0] == '"' {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			tok, s = b.String(), s[min(i+1, len(s)):]
		} else {
			end := strings.IndexAny(s, " \t\r\n")
			if end < 0 {
				end = len(s)
			}
			tok, s = s[:end], s[end:]
		}
		toks = append(toks, tok)
		if tok == "macdef" {
			// name, then the body up to an empty line
			s = strings.TrimLeft(s, " \t")
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				toks = append(toks, strings.TrimSpace(s[:i]))
				s = s[i+1:]
			}
			if i := strings.Index(s, "\n\n"); i >= 0 {
				s = s[i+2:]
			} else {
				s = ""
			}
			toks = append(toks, "\x00")
		}
	}
	return toks
}

// path is $NETRC, else ~/.netrc, else ~/_netrc, as requests looks.
func path() string {
	if p, ok := os.LookupEnv("NETRC"); ok {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, name := range []string{".netrc", "_netrc"} {
		p := filepath.Join(home, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// cache keeps the parsed file, checked again at most once a second so
// that a request without credentials does not read a file each time. The
// current state is read without a lock; the mutex orders the checks.
var cache struct {
	sync.Mutex
	state atomic.Pointer[state]
}

// state is what was found at the last check.
type state struct {
	env     string    // $NETRC then
	checked time.Time // when
	modTime time.Time
	size    int64
	file    *File // nil for none
}

// fresh reports whether st answers for $NETRC = env without a new check.
func (st *state) fresh(env string) bool {
	return st != nil && st.env == env && time.Since(st.checked) < time.Second
}

// Load returns the user's netrc file ($NETRC, else ~/.netrc, else
// ~/_netrc), parsed, or nil when there is none or it cannot be read. The
// file is checked again at most once a second.
func Load() *File {
	c := &cache
	env := os.Getenv("NETRC")
	if st := c.state.Load(); st.fresh(env) {
		return st.file
	}
	c.Lock()
	defer c.Unlock()
	old := c.state.Load()
	if old.fresh(env) {
		return old.file // checked meanwhile
	}
	st := &state{env: env, checked: time.Now()}
	defer c.state.Store(st)
	p := path()
	if p == "" {
		return nil
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil
	}
	st.modTime, st.size = fi.ModTime(), fi.Size()
	if old != nil && old.file != nil && old.env == env && st.modTime.Equal(old.modTime) && st.size == old.size {
		st.file = old.file
		return st.file
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	st.file = Parse(string(data))
	return st.file
}
