package cookiejar

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// cookieFile is the format Save writes: every attribute of every cookie.
type cookieFile struct {
	Format  string  `json:"format"`
	Cookies []entry `json:"cookies"`
}

const cookieFileFormat = "go-requests cookies 1"

// Save writes every cookie that has not expired to path, with all its
// attributes (session cookies included), readable by Load. The file is
// written whole or not at all, readable by its owner only.
func (j *Jar) Save(path string) error {
	data, err := json.MarshalIndent(cookieFile{Format: cookieFileFormat, Cookies: j.all()}, "", "\t")
	if err != nil {
		return fmt.Errorf("cookiejar: saving cookies: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("cookiejar: saving cookies: %w", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cookiejar: saving cookies: %w", err)
	}
	return nil
}

// Load adds the cookies of a file to the jar, replacing those with the same
// name, domain and path. It reads what Save writes, and the Netscape
// cookies.txt format that curl, wget and browser extensions export
// (a "#HttpOnly_" prefix marks an HttpOnly cookie). Expired cookies are
// skipped, and so are cookies that could not be sent as they are (a control
// character or ";" in a name or value, "=" in a name), as a browser
// ignores such a Set-Cookie.
func (j *Jar) Load(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cookiejar: loading cookies: %w", err)
	}
	var entries []entry
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var f cookieFile
		if err := json.Unmarshal(data, &f); err != nil {
			return fmt.Errorf("cookiejar: loading cookies from %s: %w", path, err)
		}
		if f.Format != cookieFileFormat {
			return fmt.Errorf("cookiejar: loading cookies from %s: unknown format %q", path, f.Format)
		}
		entries = f.Cookies
	} else if entries, err = parseNetscape(data); err != nil {
		return fmt.Errorf("cookiejar: loading cookies from %s: %w", path, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	for i := range entries {
		e := entries[i]
		if e.Quoted { // written by an earlier version, which kept quotes apart
			e.Value, e.Quoted = `"`+e.Value+`"`, false
		}
		if !cookieFits(e.Name, e.Value) || e.Domain == "" || e.expired(now) {
			continue // what could break a Cookie header is ignored, as a browser ignores it
		}
		if e.Path == "" {
			e.Path = "/"
		}
		if e.Creation.IsZero() {
			e.Creation = now
		}
		if e.LastAccess.IsZero() {
			e.LastAccess = now
		}
		j.put(j.key(e.Domain), &e)
	}
	return nil
}

// parseNetscape reads the Netscape cookies.txt format: one cookie a line,
// seven fields separated by tabs: domain, whether subdomains match
// (TRUE/FALSE), path, secure (TRUE/FALSE), expiry in Unix seconds (0 for a
// session cookie), name and value.
func parseNetscape(data []byte) ([]entry, error) {
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		httpOnly := false
		if rest, ok := strings.CutPrefix(line, "#HttpOnly_"); ok {
			line, httpOnly = rest, true
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) == 6 {
			f = append(f, "") // an empty value may lose its tab
		}
		if len(f) != 7 {
			return nil, fmt.Errorf("line %d: %d fields; a Netscape cookie line has 7, separated by tabs", n, len(f))
		}
		expires, err := strconv.ParseInt(f[4], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: expiry %q is not a number", n, f[4])
		}
		domain, err := toASCIILower(strings.TrimPrefix(f[0], "."))
		if err != nil {
			return nil, fmt.Errorf("line %d: domain %q: %w", n, f[0], err)
		}
		e := entry{Domain: domain, HostOnly: !strings.EqualFold(f[1], "TRUE"), Path: f[2],
			Secure: strings.EqualFold(f[3], "TRUE"), Name: f[5], Value: f[6], HttpOnly: httpOnly}
		if expires > 0 {
			e.Persistent, e.Expires = true, time.Unix(expires, 0).UTC()
		}
		out = append(out, e)
	}
	return out, sc.Err()
}
