package cli

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

// fakeBuild is a build of the command with options of its own, as the
// http3 module's is: --fake wraps the transport (as --http3 does) to add a
// header, and --greet NAME sends NAME in another.
type fakeBuild struct {
	applied, done int // the calls of --fake's Apply and of its done
}

func (b *fakeBuild) flags() []Flag {
	return []Flag{{
		Name:     "fake",
		Help:     "add X-Fake: on to the request,\nin the transport",
		Excludes: []string{"proxy", "unix-socket"},
		Apply: func(string) ([]requests.Option, func(), error) {
			b.applied++
			wrap := func(next http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(r *http.Request) (*http.Response, error) {
					r = r.Clone(r.Context())
					r.Header.Set("X-Fake", "on")
					return next.RoundTrip(r)
				})
			}
			return []requests.Option{requests.WrapTransport(wrap)}, func() { b.done++ }, nil
		},
	}, {
		Name: "greet",
		Arg:  "NAME",
		Help: "send X-Greet: NAME",
		Apply: func(v string) ([]requests.Option, func(), error) {
			if v == "" {
				return nil, nil, errors.New("give a name")
			}
			return []requests.Option{requests.Headers{"X-Greet": v}}, nil, nil
		},
	}}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// runWith runs the command with flags added, its streams piped.
func runWith(t *testing.T, flags []Flag, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	status := MainWith(args, &Env{Stdout: &out, Stderr: &errb}, flags...)
	return result{status, out.String(), errb.String()}
}

func TestAddedOptions(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	session := filepath.Join(t.TempDir(), "s.json")
	downloaded := filepath.Join(t.TempDir(), "h.json")
	cases := []struct {
		name            string
		args            []string
		status          int
		stdout, stderr  string // contained; stdout "" is not checked
		notOut          string // not in stdout
		applied, doneTo int    // --fake's Apply and done calls
	}{
		{"an added option reaches the request", []string{"--fake", binURL + "/headers"}, 0, `"X-Fake"`, "", "", 1, 1},
		{"an added option takes a value after it", []string{"--greet", "gopher", binURL + "/headers"}, 0, `"gopher"`, "", "", 0, 0},
		{"an added option takes a value after =", []string{"--greet=gopher", binURL + "/headers"}, 0, `"gopher"`, "", "", 0, 0},
		{"an error of Apply is a usage error", []string{"--greet=", binURL + "/headers"}, 2, "", "requests: error: --greet: give a name", "", 0, 0},
		{"an added option refuses the options it excludes", []string{"--fake", "--proxy", "http://" + closed, binURL + "/headers"}, 2, "",
			"requests: error: --fake cannot be used with --proxy", "", 0, 0},
		{"--offline applies no added option: it sends nothing", []string{"--fake", "--offline", "-p", "H", "example.test/"}, 0, "GET / HTTP/1.1",
			"", "X-Fake", 0, 0},
		{"--curl applies no added option", []string{"--fake", "--curl", "example.test/"}, 0, "curl", "", "X-Fake", 0, 0},
		{"done is called when the request fails", []string{"--fake", "http://" + closed + "/"}, 1, "", "connection error", "", 1, 1},
		{"a download gets the added options", []string{"--fake", "-d", "-o", downloaded, binURL + "/headers"}, 0, "",
			"", "", 1, 1},
		{"a session does not keep what an added option sends", []string{"--fake", "--session", session, binURL + "/headers", "X-Kept:1"}, 0,
			`"X-Fake"`, "", "", 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := &fakeBuild{}
			r := runWith(t, b.flags(), c.args...)
			if r.status != c.status || !strings.Contains(r.stdout, c.stdout) || !strings.Contains(r.stderr, c.stderr) ||
				c.notOut != "" && strings.Contains(r.stdout, c.notOut) {
				t.Errorf("MainWith(%q) = %d, stdout %q, stderr %q; want %d, %q, %q, not %q", c.args, r.status, r.stdout, r.stderr,
					c.status, c.stdout, c.stderr, c.notOut)
			}
			if b.applied != c.applied || b.done != c.doneTo {
				t.Errorf("MainWith(%q): Apply called %d times, done %d; want %d and %d", c.args, b.applied, b.done, c.applied, c.doneTo)
			}
		})
	}
	if data, err := os.ReadFile(downloaded); err != nil || !strings.Contains(string(data), `"X-Fake"`) {
		t.Errorf("the download: %v\n%s", err, data)
	}
	data, err := os.ReadFile(session)
	if err != nil || !strings.Contains(string(data), "X-Kept") || strings.Contains(string(data), "X-Fake") {
		t.Errorf("the session file: %v\n%s", err, data)
	}
}

// TestAddedOptionsHelp checks that --help and the completion scripts list
// the options a build adds.
func TestAddedOptionsHelp(t *testing.T) {
	flags := (&fakeBuild{}).flags()
	r := runWith(t, flags, "--help")
	for _, want := range []string{
		"      --fake                add X-Fake: on to the request,\n                            in the transport\n",
		"      --greet NAME          send X-Greet: NAME\n",
		"go install " + http3Build + "@latest", // no --http3 here
	} {
		if r.status != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("--help: exit %d; no %q in\n%s", r.status, want, r.stdout)
		}
	}
	if i, j := strings.Index(r.stdout, "--fake"), strings.Index(r.stdout, "\nOutput:"); i < 0 || i > j {
		t.Errorf("--help: --fake is not among the Network options")
	}
	withHTTP3 := append(flags, Flag{Name: "http3", Help: "HTTP/3", Apply: flags[1].Apply})
	if r := runWith(t, withHTTP3, "--help"); strings.Contains(r.stdout, "go install") || !strings.Contains(r.stdout, "--http3               HTTP/3\n") {
		t.Errorf("--help of a build with --http3 still points to another:\n%s", r.stdout)
	}
	for shell, want := range map[string][]string{
		"bash": {"--fake", "--greet) return ;;"},
		"zsh":  {"--fake''", "--greet':greet: '"},
		"fish": {"-l fake\n", "-l greet -r\n"},
	} {
		r := runWith(t, flags, "--completion", shell)
		for _, w := range want {
			if r.status != 0 || !strings.Contains(r.stdout, w) {
				t.Errorf("--completion %s: exit %d; no %q in\n%s", shell, r.status, w, r.stdout)
			}
		}
	}
}

func TestAddedOptionsErrors(t *testing.T) {
	apply := func(string) ([]requests.Option, func(), error) { return nil, nil, nil }
	cases := []struct {
		name   string
		flags  []Flag
		args   []string
		status int
		stderr string
	}{
		{"--http3 needs the http3 build", nil, []string{"--http3", "https://example.test/"}, 2,
			"requests: error: --http3: HTTP/3 needs the http3 build of requests: go install github.com/go-requests/requests/http3/cmd/requests@latest\n"},
		{"--http3=value needs it too", nil, []string{"--http3=yes", "https://example.test/"}, 2, "needs the http3 build"},
		{"another unknown option is unknown", nil, []string{"--http4", "https://example.test/"}, 2, "unknown option --http4"},
		{"an added option takes no value unless it has an Arg", []Flag{{Name: "x", Apply: apply}}, []string{"--x=1", "example.test"}, 2,
			"--x takes no value"},
		{"an added option with an Arg needs a value", []Flag{{Name: "x", Arg: "V", Apply: apply}}, []string{"example.test", "--x"}, 2,
			"--x needs a value"},
		{"an option cannot be added twice", []Flag{{Name: "json", Apply: apply}}, []string{"example.test"}, 1,
			"requests: internal error: option --json is defined twice\n"},
		{"an added option needs an Apply", []Flag{{Name: "x"}}, []string{"example.test"}, 1, "a Flag needs a name"},
		{"an added option needs a name", []Flag{{Apply: apply}}, []string{"example.test"}, 1, "a Flag needs a name"},
		{"an added option excludes options there are", []Flag{{Name: "x", Excludes: []string{"proxi"}, Apply: apply}}, []string{"example.test"},
			1, "requests: internal error: option --x excludes --proxi, which there is not\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runWith(t, c.flags, c.args...)
			if r.status != c.status || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("MainWith(%q) = %d, stderr %q; want %d, %q", c.args, r.status, r.stderr, c.status, c.stderr)
			}
		})
	}
}
