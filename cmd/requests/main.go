// Command requests is HTTP for humans on the command line: httpie's syntax
// over the requests library, in one static binary.
//
//	requests [METHOD] URL [REQUEST_ITEM ...]
//
// Run `requests --help` for the items and options.
package main

import (
	"os"

	"github.com/go-requests/requests/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], cli.OSEnv())) }
