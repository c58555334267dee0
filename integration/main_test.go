// Package integration tests the library against real servers from Debian
// packages (nginx, apache2, squid, microsocks) and the tutorial's Python
// servers and Flask application, each started by the test on a free loopback
// port from a config in testdata/ and stopped after it. A missing server
// skips its tests, or fails them when REQUESTS_INTEGRATION=required (as
// .ci/run sets).
package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
	"github.com/go-requests/requests/internal/testserver"
)

func TestMain(m *testing.M) {
	os.Exit(testserver.Main(m, requests.CloseIdleConnections))
}

// server handles the error of starting a server: a missing program skips
// the test, unless REQUESTS_INTEGRATION=required.
func server(t *testing.T, p *servers.Process, err error) *servers.Process {
	t.Helper()
	if err != nil {
		if servers.IsMissing(err) && os.Getenv("REQUESTS_INTEGRATION") != "required" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

// testdata reads the files of a testdata directory.
func testdata(t *testing.T, dir string) servers.Files {
	t.Helper()
	files, err := servers.ReadFiles(filepath.Join("testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// nginx starts the tutorial's nginx setup, with user7:7user in an htpasswd
// file made by htpasswd from apache2-utils.
func nginx(t *testing.T) *servers.Process {
	t.Helper()
	htpasswd, err := servers.Find("htpasswd", "apache2-utils")
	if err != nil {
		server(t, nil, err)
	}
	files := testdata(t, "nginx")
	conf := files["tutorial.conf"]
	delete(files, "tutorial.conf")
	line, err := runOutput(htpasswd, "-nb", "user7", "7user")
	if err != nil {
		t.Fatal(err)
	}
	files[".htpasswd"] = strings.TrimSpace(line) + "\n"
	p, err := servers.Nginx(context.Background(), conf, files)
	return server(t, p, err)
}
