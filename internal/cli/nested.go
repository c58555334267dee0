package cli

import (
	"fmt"
	"strconv"
	"strings"
)

// httpie 3's nested JSON syntax: the name of a data field is a path into
// the JSON body.
//
//	user[name]=x      {"user": {"name": "x"}}
//	tags[]=a          {"tags": ["a"]}       (each [] appends)
//	a[0]=x            {"a": ["x"]}          (a gap is filled with null)
//	a[b][c]:=true     {"a": {"b": {"c": true}}}
//	[]:=1             [1]                   (a top-level array)
//	a\[b\]=x          {"a[b]": "x"}         (a backslash escapes [ ] and \)
//	a[\1]=x           {"a": {"1": "x"}}     (an escaped number is a key)
//
// Only JSON bodies are nested; form fields keep their names as given.

// stepKind is what one step of a path does.
type stepKind int

const (
	stepKey    stepKind = iota // name or [name]: a key of an object
	stepIndex                  // [N]: an index of an array
	stepAppend                 // []: a new element at the end of an array
)

type pathStep struct {
	kind  stepKind
	key   string
	index int
}

func (s pathStep) String() string {
	switch s.kind {
	case stepIndex:
		return "[" + strconv.Itoa(s.index) + "]"
	case stepAppend:
		return "[]"
	}
	return "[" + s.key + "]"
}

// parseKeyPath splits a field name into its steps.
func parseKeyPath(name string) ([]pathStep, error) {
	var steps []pathStep
	var cur strings.Builder
	escaped := false // the current segment used a backslash
	i := 0
	next := func() (byte, bool) { // the next byte, unescaped
		c := name[i]
		i++
		if c == '\\' && i < len(name) && strings.IndexByte(`[]\0123456789`, name[i]) >= 0 {
			c = name[i]
			i++
			escaped = true
			return c, true
		}
		return c, false
	}
	// The root: text up to the first unescaped "[".
	for i < len(name) && name[i] != '[' {
		c, esc := next()
		if c == ']' && !esc {
			return nil, fmt.Errorf("an unexpected ']' at byte %d (escape it as \\])", i)
		}
		cur.WriteByte(c)
	}
	if cur.Len() > 0 {
		steps = append(steps, pathStep{kind: stepKey, key: cur.String()})
	}
	for i < len(name) {
		if name[i] != '[' {
			return nil, fmt.Errorf("'[' expected at byte %d, after ']'", i+1)
		}
		i++
		cur.Reset()
		escaped = false
		closed := false
		for i < len(name) {
			c, esc := next()
			if c == ']' && !esc {
				closed = true
				break
			}
			if c == '[' && !esc {
				return nil, fmt.Errorf("an unexpected '[' at byte %d (escape it as \\[)", i)
			}
			cur.WriteByte(c)
		}
		if !closed {
			return nil, fmt.Errorf("']' expected at the end")
		}
		seg := cur.String()
		switch {
		case seg == "" && !escaped:
			steps = append(steps, pathStep{kind: stepAppend})
		case !escaped && isDigits(seg):
			n, err := strconv.Atoi(seg)
			if err != nil || n > 1<<20 {
				return nil, fmt.Errorf("the index %s is too large", seg)
			}
			steps = append(steps, pathStep{kind: stepIndex, index: n})
		default:
			steps = append(steps, pathStep{kind: stepKey, key: seg})
		}
	}
	return steps, nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// nestedBody builds a JSON body from data fields, in the order given.
type nestedBody struct {
	root any // nil, *object or []any
}

// set puts v at the path the field's name spells. A repeated plain name
// makes a list of strings, as before nesting existed; a path through a
// value of the wrong type is a usage error.
func (b *nestedBody) set(it item, v any) error {
	steps, err := parseKeyPath(it.key)
	if err != nil {
		return usagef("%q: bad nested JSON name: %v", it.arg, err)
	}
	if s, ok := v.(string); ok && len(steps) == 1 && steps[0].kind == stepKey {
		if m, ok := b.root.(*object); ok {
			switch old := m.get(steps[0].key).(type) {
			case string:
				m.set(steps[0].key, []any{old, s})
				return nil
			case []any:
				if len(old) > 0 && isStringList(old) {
					m.set(steps[0].key, append(old, s))
					return nil
				}
			}
		}
	}
	root, err := assign(b.root, steps, v, "", it)
	if err != nil {
		return err
	}
	b.root = root
	return nil
}

func isStringList(l []any) bool {
	for _, e := range l {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// assign returns cur with v set at steps; at is the path to cur, for
// messages.
func assign(cur any, steps []pathStep, v any, at string, it item) (any, error) {
	if len(steps) == 0 {
		return v, nil
	}
	s := steps[0]
	here := at + s.String()
	if at == "" && s.kind == stepKey {
		here = s.key
	}
	switch s.kind {
	case stepKey:
		if cur == nil {
			cur = newObject()
		}
		m, ok := cur.(*object)
		if !ok {
			return nil, typeError(it, at, cur, "a key ["+s.key+"]", "an object")
		}
		child, err := assign(m.get(s.key), steps[1:], v, here, it)
		if err != nil {
			return nil, err
		}
		m.set(s.key, child)
		return m, nil
	default:
		if cur == nil {
			cur = []any{}
		}
		l, ok := cur.([]any)
		if !ok {
			what := "an index " + s.String()
			if s.kind == stepAppend {
				what = "an append []"
			}
			return nil, typeError(it, at, cur, what, "an array")
		}
		i := len(l)
		if s.kind == stepIndex {
			i = s.index
		}
		for len(l) <= i {
			l = append(l, nil)
		}
		if s.kind == stepAppend {
			here = at + "[" + strconv.Itoa(i) + "]"
		}
		child, err := assign(l[i], steps[1:], v, here, it)
		if err != nil {
			return nil, err
		}
		l[i] = child
		return l, nil
	}
}

func typeError(it item, at string, cur any, op, needs string) error {
	where := "the top level"
	if at != "" {
		where = fmt.Sprintf("%q", at)
	}
	return usagef("%q: cannot use %s on %s, which is %s, not %s", it.arg, op, where, jsonKind(cur), needs)
}

func jsonKind(v any) string {
	switch v.(type) {
	case *object:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a number"
}
