// Package servers starts real servers (nginx, apache2, the tutorial's
// Python programs) on loopback ports for the integration tests and the
// tour: each from a config written to its own directory, stopped and
// cleaned up by Stop.
package servers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"text/template"
	"time"
)

// MissingError says that a server's program is not installed.
type MissingError struct {
	Program string // e.g. "nginx"
	Package string // the Debian package that provides it
}

// Error names the program and the package to install.
func (e *MissingError) Error() string {
	return fmt.Sprintf("%s is not installed (apt-get install -y %s)", e.Program, e.Package)
}

// Process is a running server.
type Process struct {
	// URL is the server's base URL, "http://127.0.0.1:port".
	URL string
	// Port is the port it listens on; Ports are the spare ports its config
	// could use.
	Port  int
	Ports [4]int
	// Dir holds its config, documents and logs.
	Dir string

	cmd      *exec.Cmd
	exited   chan struct{} // closed once the process has been waited for
	output   *lockedBuffer
	stopOnce sync.Once
	ownDir   bool
}

// Stop kills the server, waits for it and removes its directory.
func (p *Process) Stop() {
	p.stopOnce.Do(func() {
		if p.cmd.Process != nil {
			killGroup(p.cmd) // apache2 forks workers that outlive their parent
			<-p.exited
		}
		if p.ownDir {
			os.RemoveAll(p.Dir)
		}
	})
}

// Output returns what the server printed.
func (p *Process) Output() string { return p.output.String() }

// Find returns the path of program, looking in the sbin directories too, or
// a *MissingError naming the Debian package.
func Find(program, pkg string) (string, error) {
	if p, err := exec.LookPath(program); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/sbin"} {
		p := filepath.Join(dir, program)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", &MissingError{Program: program, Package: pkg}
}

// freePorts returns n distinct ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Config is what config templates see.
type Config struct {
	Port  int    // the port the server is waited on
	Ports [4]int // spare free ports, for servers that listen on several
	Dir   string
}

// Files are written to a server's directory before it starts: names to
// contents, which are templates of Config.
type Files map[string]string

// prepare makes a directory readable by server workers and writes files.
func prepare(files Files) (Config, error) {
	ports, err := freePorts(5)
	if err != nil {
		return Config{}, err
	}
	dir, err := os.MkdirTemp("", "requests-server-")
	if err != nil {
		return Config{}, err
	}
	os.Chmod(dir, 0o777) // workers run as another user, and may write logs
	cfg := Config{Port: ports[0], Dir: dir}
	copy(cfg.Ports[:], ports[1:])
	for name, text := range files {
		t, err := template.New(name).Parse(text)
		if err != nil {
			os.RemoveAll(dir)
			return cfg, err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, cfg); err != nil {
			os.RemoveAll(dir)
			return cfg, err
		}
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			os.RemoveAll(dir)
			return cfg, err
		}
	}
	return cfg, nil
}

// start runs program with args and waits until port accepts connections,
// or the program exits, or ten seconds pass.
func start(ctx context.Context, cfg Config, ownDir bool, program string, args ...string) (*Process, error) {
	cmd := exec.CommandContext(ctx, program, args...)
	cmd.Dir = cfg.Dir
	ownGroup(cmd)
	cmd.Cancel = func() error { killGroup(cmd); return nil }
	cmd.WaitDelay = 5 * time.Second // never wait forever for a pipe a child holds
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	p := &Process{URL: "http://127.0.0.1:" + strconv.Itoa(cfg.Port), Port: cfg.Port, Ports: cfg.Ports, Dir: cfg.Dir,
		cmd: cmd, output: out, ownDir: ownDir, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		p.Stop()
		return nil, err
	}
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	for deadline := time.Now().Add(startTimeout); time.Now().Before(deadline); {
		if dialOK(cfg.Port) {
			return p, nil
		}
		select {
		case <-p.exited:
			p.Stop()
			return nil, fmt.Errorf("%s exited: %s", filepath.Base(program), out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	p.Stop()
	return nil, fmt.Errorf("%s did not listen on port %d in %v: %s", filepath.Base(program), cfg.Port, startTimeout, out.String())
}

// startTimeout bounds a server's start: Python importing Flask takes
// seconds on a busy machine, more with several starting at once.
const startTimeout = 30 * time.Second

func dialOK(port int) bool {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 200*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// Nginx starts nginx in the foreground, as one process, with conf (a
// template of Config holding the http block's server sections) and files.
func Nginx(ctx context.Context, conf string, files Files) (*Process, error) {
	bin, err := Find("nginx", "nginx")
	if err != nil {
		return nil, err
	}
	all := Files{"nginx.conf": nginxMain + conf + "\n}\n"}
	for k, v := range files {
		all[k] = v
	}
	cfg, err := prepare(all)
	if err != nil {
		return nil, err
	}
	return start(ctx, cfg, true, bin, "-p", cfg.Dir, "-c", filepath.Join(cfg.Dir, "nginx.conf"), "-e", filepath.Join(cfg.Dir, "error.log"))
}

const nginxMain = `daemon off;
master_process off;
worker_processes 1;
pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/error.log;
events { worker_connections 256; }
http {
	access_log {{.Dir}}/access.log;
	client_body_temp_path {{.Dir}}/client_body;
	proxy_temp_path {{.Dir}}/proxy;
	fastcgi_temp_path {{.Dir}}/fastcgi;
	uwsgi_temp_path {{.Dir}}/uwsgi;
	scgi_temp_path {{.Dir}}/scgi;
	default_type application/octet-stream;
	types { text/html html; application/json json; }
`

// Apache starts apache2 in the foreground with conf, a template of Config
// appended to a minimal server config (event MPM, the core auth modules).
func Apache(ctx context.Context, conf string, files Files) (*Process, error) {
	bin, err := Find("apache2", "apache2")
	if err != nil {
		return nil, err
	}
	all := Files{"apache2.conf": apacheMain + conf}
	for k, v := range files {
		all[k] = v
	}
	cfg, err := prepare(all)
	if err != nil {
		return nil, err
	}
	return start(ctx, cfg, true, bin, "-d", cfg.Dir, "-f", filepath.Join(cfg.Dir, "apache2.conf"), "-DFOREGROUND")
}

const apacheMain = `ServerRoot "{{.Dir}}"
ServerName 127.0.0.1
Listen 127.0.0.1:{{.Port}}
PidFile {{.Dir}}/apache2.pid
ErrorLog {{.Dir}}/error.log
Mutex file:{{.Dir}} default
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authn_file_module /usr/lib/apache2/modules/mod_authn_file.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule auth_digest_module /usr/lib/apache2/modules/mod_auth_digest.so
LoadModule auth_basic_module /usr/lib/apache2/modules/mod_auth_basic.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
DirectoryIndex index.html
User www-data
Group www-data
TypesConfig /etc/mime.types
DocumentRoot "{{.Dir}}/htdocs"
`

// Python runs one of the tutorial's Python servers with python3, the port
// as its first argument, in a directory of its own (where a server that
// saves files saves them). The modules it imports besides the standard
// library are checked first, so that a missing one is a *MissingError.
func Python(ctx context.Context, script string, modules ...string) (*Process, error) {
	bin, err := Find("python3", "python3")
	if err != nil {
		return nil, err
	}
	for _, m := range modules {
		if err := exec.CommandContext(ctx, bin, "-c", "import "+m).Run(); err != nil {
			return nil, &MissingError{Program: "the Python module " + m, Package: "python3-" + m}
		}
	}
	abs, err := filepath.Abs(script)
	if err != nil {
		return nil, err
	}
	cfg, err := prepare(nil)
	if err != nil {
		return nil, err
	}
	return start(ctx, cfg, true, bin, abs, strconv.Itoa(cfg.Port))
}

// Squid starts squid in the foreground with conf, a template of Config, and
// files.
func Squid(ctx context.Context, conf string, files Files) (*Process, error) {
	bin, err := Find("squid", "squid")
	if err != nil {
		return nil, err
	}
	all := Files{"squid.conf": conf}
	for k, v := range files {
		all[k] = v
	}
	cfg, err := prepare(all)
	if err != nil {
		return nil, err
	}
	return start(ctx, cfg, true, bin, "-N", "-f", filepath.Join(cfg.Dir, "squid.conf"))
}

// Microsocks starts the microsocks SOCKS5 server, requiring user and pass
// unless user is empty.
func Microsocks(ctx context.Context, user, pass string) (*Process, error) {
	bin, err := Find("microsocks", "microsocks")
	if err != nil {
		return nil, err
	}
	cfg, err := prepare(nil)
	if err != nil {
		return nil, err
	}
	args := []string{"-i", "127.0.0.1", "-p", strconv.Itoa(cfg.Port)}
	if user != "" {
		args = append(args, "-u", user, "-P", pass)
	}
	return start(ctx, cfg, true, bin, args...)
}

// IsMissing reports whether err says a program is not installed.
func IsMissing(err error) bool {
	var m *MissingError
	return errors.As(err, &m)
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// ReadFiles reads every file under dir, by path relative to dir.
func ReadFiles(dir string) (Files, error) {
	files := Files{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = string(data)
		return err
	})
	return files, err
}
