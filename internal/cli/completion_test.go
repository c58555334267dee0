package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCompletionCoversFlags checks that each script offers every flag of
// the table, so that a new flag cannot be forgotten, and that the bash
// script parses.
func TestCompletionCoversFlags(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := runCLI(t, "", "--completion", shell)
		if r.status != 0 {
			t.Fatalf("%s: exit %d %s", shell, r.status, r.stderr)
		}
		for _, f := range flagSpecs {
			long := "--" + f.long
			if shell == "fish" {
				long = "-l " + f.long + "\n"
				if f.short != "" || f.value {
					long = "-l " + f.long + " "
				}
			}
			if !strings.Contains(r.stdout, long) {
				t.Errorf("%s: no %q", shell, long)
			}
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	cmd := exec.Command(bash, "-c", `source /dev/stdin; COMP_WORDS=(requests --pretty f); COMP_CWORD=2; _requests; echo "${COMPREPLY[@]}"`)
	cmd.Stdin = strings.NewReader(bashCompletion(flagSpecs))
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "format\n" {
		t.Errorf("bash completion of --pretty f: %q %v", out, err)
	}
}
