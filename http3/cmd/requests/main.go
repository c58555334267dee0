// Command requests is the requests command with HTTP/3: the command of
// github.com/go-requests/requests/cmd/requests, built in the http3 module
// (so that the root module need not depend on quic-go), with one more
// option:
//
//	--http3  try HTTP/3 for https URLs, and TCP when QUIC cannot connect
//
// Install it, in place of the other, with
//
//	go install github.com/go-requests/requests/http3/cmd/requests@latest
//
// Run `requests --help` for the items and options.
package main

import (
	"os"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/http3"
	"github.com/go-requests/requests/internal/cli"
)

func main() { os.Exit(run(os.Args[1:], cli.OSEnv())) }

// run runs the command with --http3 and returns its exit status.
func run(args []string, env *cli.Env) int { return cli.MainWith(args, env, http3Flag) }

// http3Flag is --http3: each https request, its redirects included, tries
// HTTP/3 first, and goes over TCP when QUIC cannot connect within the
// Transport's DialTimeout. An http URL goes over TCP as ever.
//
// It refuses --path-as-is, whose transport keeps the path where the
// Transport cannot see it (HTTP/3 would send the path cleaned), and
// --proxy and --unix-socket, with which it would never be used: the
// Transport sends a request that goes through a proxy or a Unix socket
// over TCP.
var http3Flag = cli.Flag{
	Name: "http3",
	Help: "try HTTP/3 (QUIC) for https URLs, and TCP when QUIC\n" +
		"cannot connect (not with --proxy, --unix-socket or\n" +
		"--path-as-is)",
	Excludes: []string{"proxy", "unix-socket", "path-as-is"},
	Apply: func(string) ([]requests.Option, func(), error) {
		t := &http3.Transport{Force: true}
		return []requests.Option{requests.WrapTransport(t.Wrap)}, func() { t.Close() }, nil
	},
}
