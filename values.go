package requests

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// encodeValues encodes Params or Form as application/x-www-form-urlencoded,
// keys sorted, each value as Python's urlencode(doseq=True) would: spaces as
// '+', everything outside [A-Za-z0-9_.~-] percent-encoded, a list repeating
// its key, nil dropped.
func encodeValues(what string, m map[string]any) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	var scratch [32]byte
	for _, k := range keys {
		if err := appendPairs(&b, what, k, m[k], scratch[:0]); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func appendPairs(b *strings.Builder, what, key string, v any, scratch []byte) error {
	switch v := v.(type) {
	case nil:
		return nil
	case []string:
		for _, s := range v {
			appendPair(b, key, s)
		}
		return nil
	case []any:
		for _, e := range v {
			// A list inside the list is flattened, as requests' urlencode
			// (doseq) flattens it; deeper is refused.
			if inner, nested := e.([]any); nested {
				for _, x := range inner {
					switch x.(type) {
					case []any, []string:
						return errorf(ErrRequest, "%s[%q]: a list inside a list inside a list cannot be encoded", what, key)
					}
					if err := appendPairs(b, what, key, x, scratch); err != nil {
						return err
					}
				}
				continue
			}
			if err := appendPairs(b, what, key, e, scratch); err != nil {
				return err
			}
		}
		return nil
	}
	s, ok := formatValue(v, scratch)
	if !ok {
		return errorf(ErrRequest, "%s[%q]: a value of type %T cannot be encoded (use a string, number, bool, fmt.Stringer, []string or []any)", what, key, v)
	}
	appendPair(b, key, s)
	return nil
}

func appendPair(b *strings.Builder, key, value string) {
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	b.WriteString(url.QueryEscape(key))
	b.WriteByte('=')
	b.WriteString(url.QueryEscape(value))
}

// formatValue formats a scalar value as requests would send it; floats read
// as Python's repr (1.0, 1e+20, 1.5e-05).
func formatValue(v any, scratch []byte) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case float32:
		return pythonFloat(float64(v), 32, scratch), true
	case float64:
		return pythonFloat(v, 64, scratch), true
	case fmt.Stringer:
		return v.String(), true
	}
	return "", false
}

// pythonFloat formats f as Python's repr: the shortest digits that round
// trip, in positional notation with ".0" for whole numbers when
// 1e-4 <= |f| < 1e16, in exponent notation otherwise.
func pythonFloat(f float64, bits int, scratch []byte) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		return string(strconv.AppendFloat(scratch, f, 'e', -1, bits))
	}
	s := strconv.AppendFloat(scratch, f, 'f', -1, bits)
	if !slices.Contains(s, '.') {
		s = append(s, '.', '0')
	}
	return string(s)
}
