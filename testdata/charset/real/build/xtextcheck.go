//go:build ignore

// xtextcheck reads lines "label<TAB>codepoint-hex<TAB>bytes-hex" (each
// character of an encoding as Python's codec encodes it) and prints the
// lines whose bytes golang.org/x/text (charsetcorpus.RealEncoding) decodes
// to anything else, so that build.py keeps those characters out of the
// corpus. Labels x/text lacks are passed over. Run from the module root:
// go run ./testdata/charset/real/build/xtextcheck.go < chars.tsv
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/go-requests/requests/internal/charsetcorpus"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Split(in.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		enc := charsetcorpus.RealEncoding(f[0])
		if enc == nil {
			continue
		}
		cp, err := strconv.ParseUint(f[1], 16, 32)
		if err != nil {
			panic(err)
		}
		b, err := hex.DecodeString(f[2])
		if err != nil {
			panic(err)
		}
		got, err := enc.NewDecoder().Bytes(b)
		if err != nil || string(got) != string(rune(cp)) {
			fmt.Fprintf(out, "%s\t%s\t%q\n", f[0], f[1], got)
		}
	}
}
