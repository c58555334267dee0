package servers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The JSON server of the tutorial answers with Python's str() of the values
// json.loads decoded; pyJSONLoads and pyStr imitate both.

// errJSONDecode is json.JSONDecodeError; other errors are exceptions that
// are not (UnicodeDecodeError, ValueError for too long an integer).
var errJSONDecode = errors.New("JSONDecodeError")

// Python values: nil (None), bool, pyInt (the digits of an int), float64,
// string, []any (a list) and *pyDict.
type (
	pyInt  string
	pyDict struct {
		keys   []string
		values []any
	}
)

// set sets a key as a dict does: a new key goes last, a known one keeps its
// place.
func (d *pyDict) set(k string, v any) {
	for i, key := range d.keys {
		if key == k {
			d.values[i] = v
			return
		}
	}
	d.keys = append(d.keys, k)
	d.values = append(d.values, v)
}

// pyJSONLoads is json.loads of bytes: the encoding detected (UTF-8 with or
// without its byte order mark; UTF-16 and UTF-32 are not imitated and fail
// as undecodable), then Python's JSON grammar, which also reads NaN,
// Infinity and -Infinity.
func pyJSONLoads(b []byte) (any, error) {
	if len(b) >= 2 && (b[0] == 0 || b[1] == 0 || b[0] == 0xff || b[0] == 0xfe) {
		return nil, errors.New("UnicodeDecodeError: UTF-16 and UTF-32 are not imitated")
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	if !utf8.ValidString(s) {
		return nil, errors.New("UnicodeDecodeError: invalid UTF-8")
	}
	p := &pyJSON{s: s}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("%w: Extra data", errJSONDecode)
	}
	return v, nil
}

type pyJSON struct {
	s string
	i int
}

func (p *pyJSON) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\n\r", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *pyJSON) fail(what string) error {
	return fmt.Errorf("%w: %s at char %d", errJSONDecode, what, p.i)
}

func (p *pyJSON) value(depth int) (any, error) {
	if depth > 990 {
		return nil, errors.New("RecursionError: maximum recursion depth exceeded")
	}
	if p.i >= len(p.s) {
		return nil, p.fail("Expecting value")
	}
	for _, lit := range []struct {
		text string
		v    any
	}{{"null", nil}, {"true", true}, {"false", false}, {"NaN", math.NaN()}, {"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)}} {
		if strings.HasPrefix(p.s[p.i:], lit.text) {
			p.i += len(lit.text)
			return lit.v, nil
		}
	}
	switch c := p.s[p.i]; {
	case c == '"':
		p.i++
		return p.str()
	case c == '{':
		p.i++
		return p.object(depth)
	case c == '[':
		p.i++
		return p.array(depth)
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, p.fail("Expecting value")
}

func (p *pyJSON) object(depth int) (any, error) {
	d := &pyDict{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return d, nil
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.fail("Expecting property name enclosed in double quotes")
		}
		p.i++
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.fail("Expecting ':' delimiter")
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d.set(k.(string), v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return d, nil
		}
		if p.i >= len(p.s) || p.s[p.i] != ',' {
			return nil, p.fail("Expecting ',' delimiter")
		}
		p.i++
		p.space()
	}
}

func (p *pyJSON) array(depth int) (any, error) {
	list := []any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return list, nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return list, nil
		}
		if p.i >= len(p.s) || p.s[p.i] != ',' {
			return nil, p.fail("Expecting ',' delimiter")
		}
		p.i++
		p.space()
	}
}

// str reads a string after its opening quote: no control characters, the
// JSON escapes, surrogate pairs joined (a lone surrogate becomes U+FFFD,
// where Python keeps it and then fails to encode the answer).
func (p *pyJSON) str() (any, error) {
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			return nil, p.fail("Unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return nil, p.fail("Invalid control character")
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(p.s) {
			return nil, p.fail("Unterminated string")
		}
		e := p.s[p.i]
		p.i++
		if r, ok := map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[e]; ok {
			b.WriteRune(r)
			continue
		}
		if e != 'u' {
			return nil, p.fail("Invalid \\escape")
		}
		r, ok := p.hex4()
		if !ok {
			return nil, p.fail("Invalid \\uXXXX escape")
		}
		if utf16.IsSurrogate(r) && strings.HasPrefix(p.s[p.i:], `\u`) {
			save := p.i
			p.i += 2
			if r2, ok := p.hex4(); ok && utf16.DecodeRune(r, r2) != unicode.ReplacementChar {
				r = utf16.DecodeRune(r, r2)
			} else {
				p.i = save
			}
		}
		b.WriteRune(r)
	}
}

func (p *pyJSON) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil || strings.ContainsAny(p.s[p.i:p.i+4], "+-_xX") {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

// number reads Python's NUMBER_RE, -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?:
// an int without fraction and exponent, else a float.
func (p *pyJSON) number() (any, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		p.i = start
		return nil, p.fail("Expecting value")
	}
	intEnd := p.i
	isFloat := false
	if p.i+1 < len(p.s) && p.s[p.i] == '.' && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
		p.i++
		digits()
		isFloat = true
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		save := p.i
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.i = save
		} else {
			isFloat = true
		}
	}
	text := p.s[start:p.i]
	if !isFloat {
		n := strings.TrimPrefix(p.s[start:intEnd], "-")
		if len(n) > 4300 {
			return nil, errors.New("ValueError: exceeds the limit (4300 digits) for integer string conversion")
		}
		if n != "0" && strings.HasPrefix(text, "-") {
			n = "-" + n
		}
		return pyInt(n), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, p.fail("Expecting value")
	}
	return f, nil
}

// pyStr is str(v).
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyReprValue(v)
}

// pyReprValue is repr(v).
func pyReprValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case pyInt:
		return string(v)
	case float64:
		return pyFloatRepr(v)
	case string:
		return pyRepr(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyReprValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *pyDict:
		parts := make([]string, len(v.keys))
		for i, k := range v.keys {
			parts[i] = pyRepr(k) + ": " + pyReprValue(v.values[i])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyTypeName is the name of v's Python type.
func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "'NoneType' object"
	case bool:
		return "'bool' object"
	case pyInt:
		return "'int' object"
	case float64:
		return "'float' object"
	case string:
		return "'str' object"
	case []any:
		return "'list' object"
	}
	return "object"
}

// pyFloatRepr is repr(float): the shortest digits that read back, in
// positional notation from 1e-4 up to 1e16 (with ".0" when whole) and in
// exponent notation beyond.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pyRepr is repr(str): single quotes unless the text holds one and no
// double quote, backslash escapes for the quote, backslash, \t \n \r, and
// \x, \u or \U for what is not printable.
func pyRepr(s string) string {
	quote := '\''
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteRune(quote)
	for _, r := range s {
		switch {
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteRune(quote)
	return b.String()
}
