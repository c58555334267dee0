package cli

import (
	"fmt"
	"strings"

	"github.com/go-requests/requests"
)

// A build of the command made in another module may add options of its
// own, through MainWith: the http3 module's build adds --http3 this way,
// so that this module need not depend on quic-go.

// http3Build is the build of the command with HTTP/3. This build refuses
// --http3 with a pointer to it.
const http3Build = "github.com/go-requests/requests/http3/cmd/requests"

// Flag is an option that a build of the command adds to the ones of this
// package. It has a long name only.
type Flag struct {
	// Name is the option's long name, without its dashes: "http3". It must
	// not be the name of an option the command has.
	Name string

	// Arg names the option's value in --help ("PATH"). An option with an
	// Arg takes a value (--name VALUE or --name=VALUE; the last one given
	// wins); one without takes none.
	Arg string

	// Help describes the option in --help, where it is listed at the end
	// of the Network options. A newline starts a new line of the
	// description.
	Help string

	// Excludes are the long names of options it cannot be used with (a
	// setting it would go around, say): the command refuses them together,
	// with exit status 2.
	Excludes []string

	// Apply is called once, when the option was given and the request is
	// about to be sent (not with --offline or --curl), with its value (""
	// for an option that takes none). The options it returns are given to
	// the request, so they apply to its redirects, retries and download
	// too, and are not kept in a --session. done, if not nil, is called
	// when the command ends. An error ends the command with exit status 2.
	Apply func(value string) (opts []requests.Option, done func(), err error)
}

// flagTable returns flagSpecs with the options flags adds. A flag
// without a name or an Apply, or with the name of another option, or that
// excludes an option there is not, is an error.
func flagTable(flags []Flag) ([]flagSpec, error) {
	if len(flags) == 0 {
		return flagSpecs, nil
	}
	specs := append([]flagSpec{}, flagSpecs...)
	has := func(name string) bool { return findFlag(specs, func(s flagSpec) bool { return s.long == name }) != nil }
	for _, f := range flags {
		switch {
		case f.Name == "" || strings.HasPrefix(f.Name, "-") || f.Apply == nil:
			return nil, fmt.Errorf("option %q: a Flag needs a name, without dashes, and an Apply", f.Name)
		case has(f.Name):
			return nil, fmt.Errorf("option --%s is defined twice", f.Name)
		}
		name := f.Name
		specs = append(specs, flagSpec{long: name, value: f.Arg != "", set: func(o *options, v string) error {
			o.added[name] = v
			return nil
		}})
	}
	for _, f := range flags {
		for _, x := range f.Excludes {
			if !has(x) {
				return nil, fmt.Errorf("option --%s excludes --%s, which there is not", f.Name, x)
			}
		}
	}
	return specs, nil
}

// checkExcludes refuses an added option given with one it excludes.
func checkExcludes(o options, flags []Flag) error {
	for _, f := range flags {
		if _, ok := o.added[f.Name]; !ok {
			continue
		}
		for _, x := range f.Excludes {
			if o.given[x] {
				return usagef("--%s cannot be used with --%s", f.Name, x)
			}
		}
	}
	return nil
}

// applyAdded calls Apply for each added option given. done, never nil,
// calls what they returned to be called at the end.
func (c *command) applyAdded() (opts []requests.Option, done func(), err error) {
	var dones []func()
	done = func() {
		for i := len(dones) - 1; i >= 0; i-- {
			dones[i]()
		}
	}
	for _, f := range c.flags {
		v, ok := c.o.added[f.Name]
		if !ok {
			continue
		}
		o, d, err := f.Apply(v)
		if d != nil {
			dones = append(dones, d)
		}
		if err != nil {
			done()
			return nil, func() {}, usagef("--%s: %v", f.Name, err)
		}
		opts = append(opts, o...)
	}
	return opts, done, nil
}

// unknownFlag is the error for an option the command does not have.
func unknownFlag(name string) error {
	if name == "http3" {
		return usagef("--http3: HTTP/3 needs the http3 build of requests: go install %s@latest", http3Build)
	}
	return usagef("unknown option --%s (see --help)", name)
}

// writeFlagHelp writes the lines of f in --help, in the columns of the
// Network options.
func writeFlagHelp(b *strings.Builder, f Flag) {
	const column = 28
	spelling := "      --" + f.Name
	if f.Arg != "" {
		spelling += " " + f.Arg
	}
	lines := strings.Split(strings.TrimRight(f.Help, "\n"), "\n")
	if len(spelling) > column-2 {
		b.WriteString(spelling + "\n")
		spelling = ""
	}
	for _, l := range lines {
		fmt.Fprintf(b, "%-*s%s\n", column, spelling, l)
		spelling = ""
	}
}
