//go:build linux

package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the two ends of a new pseudo-terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 100})
	return m, s
}

// asCommand runs the command as a process of its own: this test binary,
// which TestMain turns into the command when runAsCommand is in its
// environment, so that nothing is built or left in /tmp. The process is
// named "requests" in its own os.Args, as the installed command is.
func asCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Args[0] = "requests"
	cmd.Env = append(os.Environ(), runAsCommand+"=1")
	return cmd
}

// onTTY runs the command with stdin, stdout and stderr on one terminal and
// returns everything it wrote; answer, when set, is typed once prompt shows.
func onTTY(t *testing.T, prompt, answer string, args ...string) (string, int) {
	t.Helper()
	return onTTYEnv(t, nil, prompt, answer, args...)
}

// onTTYEnv is onTTY with env added to the environment, from which a
// NO_COLOR of the test's own is removed.
func onTTYEnv(t *testing.T, env []string, prompt, answer string, args ...string) (string, int) {
	t.Helper()
	master, slave := openPTY(t)
	defer master.Close()
	cmd := asCommand(t, args...)
	cmd.Env = slices.DeleteFunc(cmd.Env, func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		typed := false
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if !typed && prompt != "" && strings.Contains(out.String(), prompt) {
				// The prompt is printed just before echo is turned off:
				// type as a person would, a moment later.
				time.Sleep(300 * time.Millisecond)
				master.Write([]byte(answer + "\r"))
				typed = true
			}
			if err != nil {
				return
			}
		}
	}()
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case <-waitErr:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-waitErr
		t.Fatal("the command did not finish")
	}
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		master.Close()
		<-done
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

func TestTerminalColors(t *testing.T) {
	out, code := onTTY(t, "", "", binURL+"/json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"\x1b[34mHTTP/1.1\x1b[0m", "\x1b[36mContent-Type\x1b[0m", "\x1b[34m\"slideshow\"\x1b[0m", "    "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q on the terminal:\n%q", want, out)
		}
	}
	// The formatted body ends with a newline, so that the shell's prompt
	// starts on a line of its own.
	if !strings.HasSuffix(out, "}\r\n") {
		t.Errorf("the body does not end with a newline: %q", out[max(0, len(out)-20):])
	}
	// Piped, the same body is raw: no colours, httpbin's own layout.
	r := runCLI(t, "", binURL+"/json")
	if strings.Contains(r.stdout, "\x1b[") || strings.Contains(r.stdout, "HTTP/1.1") {
		t.Errorf("piped output is not raw: %q", r.stdout)
	}
}

// TestTerminalNoColor checks NO_COLOR on a terminal: set to anything, it
// turns colours off whatever --style says, and keeps the formatting; set
// empty, it does nothing; --pretty all on the command line overrides it.
func TestTerminalNoColor(t *testing.T) {
	cases := []struct {
		name   string
		env    []string
		args   []string
		colors bool
	}{
		{"NO_COLOR=1 turns colours off", []string{"NO_COLOR=1"}, nil, false},
		{"NO_COLOR=1 turns them off with --style auto", []string{"NO_COLOR=1"}, []string{"--style", "auto"}, false},
		{"an empty NO_COLOR does nothing", []string{"NO_COLOR="}, nil, true},
		{"--style auto colours", []string{"NO_COLOR="}, []string{"-s", "auto"}, true},
		{"--pretty all overrides NO_COLOR", []string{"NO_COLOR=yes"}, []string{"--pretty", "all"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, code := onTTYEnv(t, c.env, "", "", append([]string{binURL + "/json"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %q", code, out)
			}
			if got := strings.Contains(out, "\x1b["); got != c.colors {
				t.Errorf("colours %v, want %v: %q", got, c.colors, out)
			}
			if !strings.Contains(out, "HTTP/1.1 200 OK") && !strings.Contains(out, "200 OK\x1b[0m") || !strings.Contains(out, "{\r\n    ") {
				t.Errorf("not the formatted exchange: %q", out)
			}
		})
	}
}

// TestTerminalBodyEndsWithNewline checks the end of bodies formatted for a
// terminal, whether or not the server ended them with a newline.
func TestTerminalBodyEndsWithNewline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/json-nl":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte("{\"a\": 1}\n"))
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"a": 1}`))
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("no newline"))
		}
	}))
	defer srv.Close()
	for path, end := range map[string]string{"/json-nl": "\n}\r\n", "/json": "\n}\r\n", "/text": "no newline\r\n"} {
		out, code := onTTY(t, "", "", "-b", srv.URL+path)
		if code != 0 || !strings.HasSuffix(out, end) || strings.HasSuffix(out, "\r\n\r\n") {
			t.Errorf("%s: exit %d, output ends %q, want %q", path, code, out[max(0, len(out)-20):], end)
		}
	}
}

// TestTerminalEventStream checks server-sent events on a terminal:
// coloured field names, JSON data formatted.
func TestTerminalEventStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write([]byte("event: tick\nid: 1\ndata: {\"n\": 1}\n\n"))
	}))
	defer srv.Close()
	out, code := onTTY(t, "", "", "--stream", "-b", srv.URL)
	want := "\x1b[36mevent:\x1b[0m \x1b[1mtick\x1b[0m\r\n\x1b[36mid:\x1b[0m 1\r\n\x1b[36mdata:\x1b[0m {\r\n"
	if code != 0 || !strings.HasPrefix(out, want) || !strings.HasSuffix(out, "\x1b[36mdata:\x1b[0m }\r\n\r\n") {
		t.Errorf("exit %d: %q", code, out)
	}
}

func TestPasswordPrompt(t *testing.T) {
	out, code := onTTY(t, "password for user@"+strings.TrimPrefix(binURL, "http://")+":", "s3cret", "--auth", "user", binURL+"/basic-auth/user/s3cret")
	if code != 0 || !strings.Contains(out, `"authenticated"`) {
		t.Fatalf("exit %d: %q", code, out)
	}
	if strings.Contains(out, "s3cret") { // echo was off: it never reached the terminal
		t.Errorf("the password was echoed: %q", out)
	}
}

func TestProgressBar(t *testing.T) {
	content := bytes.Repeat([]byte("x"), 4<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "4194304")
		for i := 0; i < 8; i++ {
			w.Write(content[i<<19 : (i+1)<<19])
			w.(http.Flusher).Flush()
			time.Sleep(40 * time.Millisecond)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	out, code := onTTY(t, "", "", "-d", "-o", filepath.Join(dir, "f"), srv.URL+"/f")
	if code != 0 {
		t.Fatalf("exit %d: %q", code, out)
	}
	if !strings.Contains(out, "100% [") || !strings.Contains(out, "\r") || !strings.Contains(out, "4.0 MiB / 4.0 MiB") {
		t.Errorf("no progress bar: %q", out)
	}
	// The file and its size come first, on a line of their own.
	if i, j := strings.Index(out, `Downloading "`+filepath.Join(dir, "f")+`" (4.0 MiB)`+"\r\n"), strings.Index(out, "["); i < 0 || j < i {
		t.Errorf("the name and size do not come before the bar: %q", out)
	}
	// Not on a terminal: no bar.
	r := runCLI(t, "", "-d", "-o", filepath.Join(dir, "g"), srv.URL+"/f")
	if strings.Contains(r.stderr, "[") || r.status != 0 {
		t.Errorf("bar without a terminal: %d %q", r.status, r.stderr)
	}
}
