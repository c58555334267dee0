package cli

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// formatOptions are httpie's --format-options, for what --pretty format
// does to a body and to headers:
//
//	json.format:true|false   format JSON bodies at all
//	json.indent:N            indent by N spaces (default 4)
//	json.sort_keys:true|false sort the keys of objects (default true)
//	headers.sort:true|false  accepted; headers are always sorted, since
//	                         net/http does not keep their order
//	xml.format, xml.indent   accepted for httpie's configurations; XML is
//	                         not formatted
//
// --sorted and --unsorted are shorthands for the sort_keys and sort
// options together.
type formatOptions struct {
	jsonFormat bool
	indent     int
	sortKeys   bool
}

var defaultFormat = formatOptions{jsonFormat: true, indent: 4, sortKeys: true}

// parse applies a comma-separated list of KEY:VALUE to f; later ones win.
func (f *formatOptions) parse(list string) error {
	for _, opt := range strings.Split(list, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(opt), ":")
		if !ok {
			return usagef("--format-options: %q is not KEY:VALUE, e.g. json.indent:2", opt)
		}
		switch key {
		case "json.format", "json.sort_keys", "headers.sort", "xml.format":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return usagef("--format-options: %s takes true or false, not %q", key, val)
			}
			switch key {
			case "json.format":
				f.jsonFormat = b
			case "json.sort_keys":
				f.sortKeys = b
			}
		case "json.indent", "xml.indent":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 || n > 32 {
				return usagef("--format-options: %s takes a number of spaces (0 to 32), not %q", key, val)
			}
			if key == "json.indent" {
				f.indent = n
			}
		default:
			return usagef("--format-options: unknown option %q (json.format, json.indent, json.sort_keys, headers.sort, xml.format, xml.indent)", key)
		}
	}
	return nil
}

// formatJSON indents the JSON document b as f says; ok is false when b is
// not one JSON document. Numbers and strings keep their spelling.
func (f formatOptions) formatJSON(b []byte) (out []byte, ok bool) {
	src := bytes.TrimSpace(b)
	if !json.Valid(src) {
		return nil, false
	}
	if f.sortKeys {
		var v any
		d := json.NewDecoder(bytes.NewReader(src))
		d.UseNumber()
		if d.Decode(&v) != nil {
			return nil, false
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(v) // the keys of a map are sorted
		src = bytes.TrimRight(buf.Bytes(), "\n")
	}
	var buf bytes.Buffer
	if json.Indent(&buf, src, "", strings.Repeat(" ", f.indent)) != nil {
		return nil, false
	}
	return buf.Bytes(), true
}
