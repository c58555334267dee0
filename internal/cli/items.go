package cli

import (
	"fmt"
	"os"
	"strings"
)

// An item is one REQUEST_ITEM of the command line.
type item struct {
	kind  string // one of the separators below
	key   string
	value string // for the @ kinds, the path
	arg   string // as given, for messages
}

// The separators, longest first where one is a prefix of another, as httpie
// spells them.
const (
	sepJSONFile   = ":=@" // field:=@file.json  raw JSON read from a file
	sepFieldFile  = "=@"  // field=@file.txt    a string field read from a file
	sepHeaderFile = ":@"  // Header:@file       a header value read from a file
	sepParamFile  = "==@" // name==@file        a query parameter read from a file
	sepParam      = "=="  // name==value        a query parameter
	sepJSON       = ":="  // field:=raw         a raw JSON value
	sepFile       = "@"   // field@path         a file part (multipart)
	sepField      = "="   // field=value        a JSON string or form field
	sepHeader     = ":"   // Header:value       a header
	sepHeaderNone = ";"   // Header;            a header with an empty value
)

var separators = []string{sepJSONFile, sepFieldFile, sepHeaderFile, sepParamFile, sepParam, sepJSON, sepFile, sepField, sepHeader, sepHeaderNone}

// usageError is a problem with the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// parseItem splits arg at its first separator; a backslash escapes a
// separator character in the key.
func parseItem(arg string) (item, error) {
	var key strings.Builder
	for i := 0; i < len(arg); i++ {
		c := arg[i]
		if c == '\\' && i+1 < len(arg) && strings.ContainsRune(":=@;\\", rune(arg[i+1])) {
			key.WriteByte(arg[i+1])
			i++
			continue
		}
		for _, sep := range separators {
			if strings.HasPrefix(arg[i:], sep) {
				it := item{kind: sep, key: key.String(), value: arg[i+len(sep):], arg: arg}
				if it.key == "" {
					return it, usagef("%q: the item has no name before %q", arg, sep)
				}
				return it, nil
			}
		}
		key.WriteByte(c)
	}
	return item{}, usagef("%q is not a request item (Header:value, Header;, name==value, field=value, field:=json, field@file)", arg)
}

// isItem tells an item from a URL or method: it has a separator after a
// non-empty key. A URL shorthand such as ":8080/x" or a URL with a scheme
// is not one.
func isItem(arg string) bool {
	if strings.HasPrefix(arg, ":") || strings.Contains(arg, "://") {
		return false
	}
	_, err := parseItem(arg)
	return err == nil
}

func readItemFile(it item) (string, error) {
	data, err := os.ReadFile(it.value)
	if err != nil {
		return "", usagef("%q: cannot read %s: %v", it.arg, it.value, unwrapPath(err))
	}
	return string(data), nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// jsonValue reads the raw JSON of a := item, its objects' keys kept in
// order.
func jsonValue(it item, raw string) (any, error) {
	v, err := decodeOrdered([]byte(raw))
	if err != nil {
		return nil, usagef("%q: the value is not JSON: %v", it.arg, err)
	}
	return v, nil
}
