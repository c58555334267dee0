package main

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/go-requests/requests/internal/servers"
)

// server is a real server a section's program talks to: the tutorial's
// nginx setup, or one of its Python servers. Each has a built-in stand-in
// written in Go (internal/servers), which answers in its place when it is
// not installed.
type server struct {
	script  string   // the Python server's script, from the repository root; "" for nginx
	modules []string // what the script imports besides Python's standard library
}

// nginx is the tutorial's nginx setup (integration/testdata/nginx): a 301
// from /oldpage.html to /newpage.html, /secure behind Basic auth
// (user7:7user).
var nginx = &server{}

// python is one of the tutorial's Python servers.
func python(script string, modules ...string) *server {
	return &server{script: script, modules: modules}
}

// name is how a heading names the real server.
func (s *server) name() string {
	switch {
	case s.script == "":
		return "nginx"
	case len(s.modules) > 0 && s.modules[0] == "flask":
		return "the Flask app " + s.shortScript()
	}
	return "python3 " + s.shortScript()
}

// shortScript is the script's path from its twin's directory.
func (s *server) shortScript() string {
	_, rest, _ := strings.Cut(s.script, "/testdata/")
	return "testdata/" + rest
}

// requirement is something a real server needs installed: a program, or
// a Python module that python3 must import.
type requirement struct {
	program string // "nginx", "python3"
	module  string // a Python module, or ""
	pkg     string // the Debian package that provides it
}

func (s *server) requirements() []requirement {
	if s.script == "" {
		return []requirement{{program: "nginx", pkg: "nginx"}}
	}
	reqs := []requirement{{program: "python3", pkg: "python3"}}
	for _, m := range s.modules {
		reqs = append(reqs, requirement{program: "python3", module: m, pkg: "python3-" + m})
	}
	return reqs
}

// installed reports whether a requirement is installed, with a
// *servers.MissingError naming its package if not.
func installed(ctx context.Context, r requirement) error {
	path, err := servers.Find(r.program, r.pkg)
	if err == nil && r.module != "" {
		err = exec.CommandContext(ctx, path, "-c", "import "+r.module).Run()
	}
	if err != nil {
		return r.missing()
	}
	return nil
}

// missing says that the requirement is not installed.
func (r requirement) missing() error {
	if r.module != "" {
		return &servers.MissingError{Program: "the Python module " + r.module, Package: r.pkg}
	}
	return &servers.MissingError{Program: r.program, Package: r.pkg}
}

// start starts the real server, or its stand-in, and returns its URL and
// how to stop it.
func (s *server) start(ctx context.Context, root string, standIn bool) (url string, stop func(), err error) {
	if s.script != "" {
		script := filepath.Join(root, filepath.FromSlash(s.script))
		if standIn {
			p, err := servers.PythonStandIn(ctx, script)
			if err != nil {
				return "", nil, err
			}
			return p.URL, p.Stop, nil
		}
		p, err := servers.Python(ctx, script) // its modules are known to be installed
		if err != nil {
			return "", nil, err
		}
		return p.URL, p.Stop, nil
	}
	files, err := servers.ReadFiles(filepath.Join(root, "integration", "testdata", "nginx"))
	if err != nil {
		return "", nil, err
	}
	conf := files["tutorial.conf"]
	delete(files, "tutorial.conf")
	sum := sha1.Sum([]byte("7user"))
	files[".htpasswd"] = "user7:{SHA}" + base64.StdEncoding.EncodeToString(sum[:]) + "\n"
	if standIn {
		p, err := servers.NginxStandIn(ctx, conf, files)
		if err != nil {
			return "", nil, err
		}
		return p.URL, p.Stop, nil
	}
	p, err := servers.Nginx(ctx, conf, files)
	if err != nil {
		return "", nil, err
	}
	return p.URL, p.Stop, nil
}
