package integration

import (
	"os"
	"os/exec"
)

// runOutput runs a program and returns what it printed.
func runOutput(program string, args ...string) (string, error) {
	out, err := exec.Command(program, args...).Output()
	return string(out), err
}

func readFile(t interface{ Fatal(...any) }, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
