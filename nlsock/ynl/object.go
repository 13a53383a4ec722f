//go:build linux

package ynl

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Object is a JSON object that keeps its keys in the order they were
// first set, as the kernel's ynl CLI (a Python dict) prints them.
type Object struct {
	keys []string
	vals map[string]any
}

// NewObject returns an empty Object.
func NewObject() *Object { return &Object{vals: map[string]any{}} }

// Set sets key to v, keeping the key's first position.
func (o *Object) Set(key string, v any) {
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
}

// Get returns the value of key.
func (o *Object) Get(key string) (any, bool) {
	v, ok := o.vals[key]
	return v, ok
}

// Keys lists the keys in order.
func (o *Object) Keys() []string { return o.keys }

// Len is the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// MarshalJSON writes o as AppendJSON does.
func (o *Object) MarshalJSON() ([]byte, error) { return AppendJSON(nil, o) }

// AppendJSON appends v as JSON the way the kernel's CLI prints it with
// --output-json (Python's json.dumps): ", " and ": " separators, non-ASCII
// escaped as \uXXXX, integers exact to 64 bits, []byte as hex. Values are
// what this package produces: *Object, Attrs (keys sorted), []any,
// string, bool, nil, []byte and Go integers. NaN and infinities, which
// JSON cannot carry, are an error.
func AppendJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case string:
		return appendJSONString(b, x), nil
	case []byte:
		return appendJSONString(b, fmt.Sprintf("%x", x)), nil
	case uint64:
		return strconv.AppendUint(b, x, 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case uint32, uint16, uint8, uint, int32, int16, int8:
		return fmt.Appendf(b, "%d", x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("json: %v has no JSON form", x)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64), nil
	case *Object:
		return appendObject(b, x.keys, x.vals)
	case Attrs:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return appendObject(b, keys, x)
	case []RawAttr:
		l := make([]any, len(x))
		for i, r := range x {
			l[i] = Attrs{"type": uint64(r.Type), "nested": r.Nested, "data": r.Data}
		}
		return AppendJSON(b, l)
	case []any:
		b = append(b, '[')
		for i, item := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			var err error
			if b, err = AppendJSON(b, item); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	return nil, fmt.Errorf("json: cannot encode %T", v)
}

func appendObject(b []byte, keys []string, vals map[string]any) ([]byte, error) {
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, k)
		b = append(b, ": "...)
		var err error
		if b, err = AppendJSON(b, vals[k]); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	return append(b, '}'), nil
}

// appendJSONString quotes s as Python's json.dumps does (ensure_ascii);
// bytes that are not UTF-8 are escaped as the code points U+0080..U+00FF.
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			r = rune(s[i])
		}
		i += n
		switch {
		case r == '"':
			buf.WriteString(`\"`)
		case r == '\\':
			buf.WriteString(`\\`)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r < 0x20 || (r >= 0x7f && r < 0x10000):
			fmt.Fprintf(&buf, `\u%04x`, r)
		case r >= 0x10000:
			r -= 0x10000
			fmt.Fprintf(&buf, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
	return append(b, buf.Bytes()...)
}
