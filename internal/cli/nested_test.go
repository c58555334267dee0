package cli

import (
	"strings"
	"testing"
)

// TestNestedJSON checks httpie 3's nested JSON syntax, item by item, on
// the body --offline prints.
func TestNestedJSON(t *testing.T) {
	cases := []struct {
		name  string
		items []string
		body  string
	}{
		{"a bracketed key makes an object", []string{"user[name]=x"}, `{"user":{"name":"x"}}`},
		{"[] appends strings and raw JSON to an array", []string{"tags[]:=1", "tags[]=a"}, `{"tags":[1,"a"]}`},
		{"keys nest to any depth", []string{"a[b][c]:=true"}, `{"a":{"b":{"c":true}}}`},
		{"[] at the top makes a top-level array", []string{"[]:=1", "[]=x"}, `[1,"x"]`},
		{"a top-level index fills the gap with null", []string{"[1]=x"}, `[null,"x"]`},
		{"a numeric index sets an element", []string{"a[0]=x", "a[2]:=3", "a[0]=y"}, `{"a":["y",null,3]}`},
		{"escaped brackets are part of the key", []string{`a\[b\]=x`}, `{"a[b]":"x"}`},
		{"an escaped number is a key, not an index", []string{`a[\1]=x`}, `{"a":{"1":"x"}}`},
		{"an object in an array is filled by later items", []string{"x[0][y]=1", "x[0][z]:=2", "x[][y]=3"}, `{"x":[{"y":"1","z":2},{"y":"3"}]}`},
		{"[] appends to an array given as raw JSON", []string{"a:=[1]", "a[]:=2"}, `{"a":[1,2]}`},
		{"a repeated plain name still makes a list", []string{"a=1", "a=2", "a=3"}, `{"a":["1","2","3"]}`},
		{"a plain raw JSON value replaces an earlier one", []string{"a:=1", "a:=2"}, `{"a":2}`},
		{"an empty array is a value, not a path", []string{"o[k]:=[]"}, `{"o":{"k":[]}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"--offline", "-p", "B", "example.test/p"}, c.items...)...)
			if r.status != 0 || strings.TrimSpace(r.stdout) != c.body {
				t.Errorf("%q: exit %d, body %s %s; want %s", c.items, r.status, r.stdout, r.stderr, c.body)
			}
		})
	}
}

// TestNestedJSONErrors checks that a path through a value of another type,
// or a malformed path, is a usage error with a message saying where.
func TestNestedJSONErrors(t *testing.T) {
	cases := []struct {
		name   string
		items  []string
		stderr string
	}{
		{"a key on a string", []string{"a=x", "a[b]=1"}, `"a[b]=1": cannot use a key [b] on "a", which is a string, not an object`},
		{"an index on an object", []string{"a[b]=x", "a[0]=1"}, `"a[0]=1": cannot use an index [0] on "a", which is an object, not an array`},
		{"an append on an object", []string{"a[b]=x", "a[]=1"}, `cannot use an append [] on "a", which is an object, not an array`},
		{"a key on a top-level array", []string{"[]:=1", "a=2"}, `"a=2": cannot use a key [a] on the top level, which is an array, not an object`},
		{"an append on a top-level object", []string{"a=2", "[]:=1"}, `cannot use an append [] on the top level, which is an object, not an array`},
		{"a deeper path through a number", []string{"a[b]:=1", "a[b][c]=2"}, `cannot use a key [c] on "a[b]", which is a number, not an object`},
		{"an element that is a string", []string{"a[]=x", "a[0][k]=y"}, `cannot use a key [k] on "a[0]", which is a string, not an object`},
		{"an unclosed bracket", []string{"a[b=1"}, `"a[b=1": bad nested JSON name: ']' expected`},
		{"text after a bracket", []string{"a[b]c=1"}, `'[' expected`},
		{"a stray closing bracket", []string{"a]=1"}, `unexpected ']'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"--offline", "example.test/p"}, c.items...)...)
			if r.status != 2 || !strings.Contains(r.stderr, c.stderr) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.items, r.status, r.stderr, c.stderr)
			}
		})
	}
	// Forms are not nested: the name is sent as it is.
	r := runCLI(t, "", "--offline", "-f", "-p", "B", "example.test/p", "a[b]=1")
	if strings.TrimSpace(r.stdout) != "a%5Bb%5D=1" {
		t.Errorf("form: %q %q", r.stdout, r.stderr)
	}
}
