package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// A JSON body keeps its keys in the order the items gave them, as httpie
// (whose objects are Python dicts) sends them: an object is not a Go map,
// which encoding/json would sort, but an object, which remembers the order
// its keys were first set in. Raw JSON (:=) is decoded into objects too,
// its numbers kept as they were spelt.

// object is a JSON object in insertion order.
type object struct {
	keys []string
	vals map[string]any
}

func newObject() *object { return &object{vals: map[string]any{}} }

// get returns the value at k, nil when there is none.
func (o *object) get(k string) any { return o.vals[k] }

// set puts v at k; a new key goes last, an existing one keeps its place.
func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// MarshalJSON writes the object's members in order, without escaping <, >
// and &, as the library encodes a JSON body.
func (o *object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	out := []byte{'{'}
	for i, k := range o.keys {
		if i > 0 {
			out = append(out, ',')
		}
		for j, x := range []any{k, o.vals[k]} {
			if j == 1 {
				out = append(out, ':')
			}
			buf.Reset()
			if err := enc.Encode(x); err != nil {
				return nil, err
			}
			out = append(out, bytes.TrimRight(buf.Bytes(), "\n")...)
		}
	}
	return append(out, '}'), nil
}

// decodeOrdered decodes one JSON document: objects become *object,
// arrays []any (never nil), numbers json.Number.
func decodeOrdered(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := decodeValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid character after the top-level value")
	}
	return v, nil
}

func decodeValue(d *json.Decoder) (any, error) {
	tok, err := d.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := newObject()
		for d.More() {
			kt, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(d)
			if err != nil {
				return nil, err
			}
			o.set(kt.(string), v)
		}
		_, err := d.Token() // }
		return o, err
	case json.Delim('['):
		l := []any{}
		for d.More() {
			v, err := decodeValue(d)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		_, err := d.Token() // ]
		return l, err
	}
	return tok, nil // string, json.Number, bool or nil
}
