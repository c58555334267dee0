package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/term"
)

// OSEnv is the Env of the running process.
func OSEnv() *Env {
	e := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		StderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		NoColor:   os.Getenv("NO_COLOR") != "",
		Program:   filepath.Base(os.Args[0]),
	}
	if fi, err := os.Stdin.Stat(); err == nil && !e.StdinTTY {
		mode := fi.Mode()
		e.StdinPiped = mode&os.ModeNamedPipe != 0 || mode.IsRegular()
	}
	if fi, err := os.Stdout.Stat(); err == nil && !e.StdoutTTY {
		mode := fi.Mode()
		e.StdoutRedirected = mode&os.ModeNamedPipe != 0 || mode.IsRegular()
	}
	if w, _, err := term.GetSize(int(os.Stderr.Fd())); err == nil {
		e.Width = w
	}
	e.ReadPassword = func(prompt string) (string, error) {
		fmt.Fprint(os.Stderr, prompt)
		p, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(os.Stderr)
		return string(p), err
	}
	return e
}
