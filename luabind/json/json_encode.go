//go:build linux

package json

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// JSONOptions shape json.encode's output.
type JSONOptions struct {
	// Indent, when not empty, puts each array element and object member on
	// its own line indented by it per level, with ": " after keys; empty
	// gives one compact line.
	Indent string
	// Base64 writes binary strings (not valid UTF-8) in base64 instead of
	// hex.
	Base64 bool
	// ASCII escapes every non-ASCII character as \uXXXX (with surrogate
	// pairs), as Python's json.dumps does by default.
	ASCII bool
}

// JSONError is a Lua value JSON cannot represent; Path says where it is
// ($ is the value itself, $.links[3].name a field of an element).
type JSONError struct {
	Path string
	Msg  string
}

func (e *JSONError) Error() string { return e.Msg + " at " + e.Path }

// EncodeJSON renders v as JSON: tables whose keys are exactly 1..n as
// arrays, other tables as objects with sorted keys, an empty table as []
// (or {} when it came from json.decode of {} or json.object()), binary
// strings as hex or base64 text, exact integers (nlsh.int) as their digits.
// NaN, infinities, cycles, functions, and keys other than strings and
// numbers are refused with an error naming the value's path.
func EncodeJSON(L *lua.LState, v lua.LValue, o JSONOptions) (string, error) {
	e := &jsonEncoder{L: L, opts: o, onPath: map[*lua.LTable]bool{}}
	if err := e.value(v, "$", 0); err != nil {
		return "", err
	}
	return e.b.String(), nil
}

type jsonEncoder struct {
	L      *lua.LState
	opts   JSONOptions
	b      strings.Builder
	onPath map[*lua.LTable]bool // tables being encoded, to refuse cycles
}

func (e *jsonEncoder) value(v lua.LValue, path string, depth int) error {
	switch v := v.(type) {
	case *lua.LNilType:
		e.b.WriteString("null")
	case lua.LBool:
		e.b.WriteString(strconv.FormatBool(bool(v)))
	case lua.LNumber:
		s, err := jsonNumber(float64(v))
		if err != nil {
			return &JSONError{path, err.Error()}
		}
		e.b.WriteString(s)
	case lua.LString:
		e.str(string(v))
	case *lua.LTable:
		return e.table(v, path, depth)
	case *lua.LUserData:
		switch x := v.Value.(type) {
		case luabind.ExactInt:
			e.b.WriteString(x.Int().String())
		case jsonNull:
			e.b.WriteString("null")
		default:
			return &JSONError{path, "cannot encode a " + luabind.TypeName(v)}
		}
	default:
		return &JSONError{path, "cannot encode a " + v.Type().String()}
	}
	return nil
}

// jsonNumber is f as JSON: integers with all their digits (exact up to
// 2^53, and for every float64 that is an integer), other numbers in the
// shortest form that reads back as the same float64.
func jsonNumber(f float64) (string, error) {
	switch {
	case math.IsNaN(f):
		return "", fmt.Errorf("NaN is not valid JSON")
	case math.IsInf(f, 1):
		return "", fmt.Errorf("inf is not valid JSON")
	case math.IsInf(f, -1):
		return "", fmt.Errorf("-inf is not valid JSON")
	case f == math.Trunc(f) && math.Abs(f) < 1e21:
		// every digit of the integer: 'f' with the shortest precision would
		// pad 2^63 with zeros (9223372036854776000)
		i, _ := big.NewFloat(f).Int(nil)
		if f == 0 && math.Signbit(f) {
			return "-0.0", nil // "-0" would read back as the integer 0
		}
		return i.String(), nil
	}
	return strconv.FormatFloat(f, 'g', -1, 64), nil
}

func (e *jsonEncoder) str(s string) {
	if !utf8.ValidString(s) {
		if e.opts.Base64 {
			s = base64.StdEncoding.EncodeToString([]byte(s))
		} else {
			s = hex.EncodeToString([]byte(s))
		}
	}
	e.b.WriteByte('"')
	for _, r := range s {
		e.rune(r)
	}
	e.b.WriteByte('"')
}

func (e *jsonEncoder) rune(r rune) {
	switch {
	case r == '"' || r == '\\':
		e.b.WriteByte('\\')
		e.b.WriteRune(r)
	case r == '\n':
		e.b.WriteString(`\n`)
	case r == '\r':
		e.b.WriteString(`\r`)
	case r == '\t':
		e.b.WriteString(`\t`)
	case r == '\b':
		e.b.WriteString(`\b`)
	case r == '\f':
		e.b.WriteString(`\f`)
	case r < 0x20, r == 0x2028, r == 0x2029: // U+2028/9 end lines in JavaScript
		fmt.Fprintf(&e.b, `\u%04x`, r)
	case r > 0x7e && e.opts.ASCII:
		if r > 0xffff {
			r -= 0x10000
			fmt.Fprintf(&e.b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		} else {
			fmt.Fprintf(&e.b, `\u%04x`, r)
		}
	default:
		e.b.WriteRune(r)
	}
}

func (e *jsonEncoder) table(t *lua.LTable, path string, depth int) error {
	if e.onPath[t] {
		return &JSONError{path, "cycle: the table contains itself"}
	}
	e.onPath[t] = true
	defer delete(e.onPath, t)
	luabind.Materialize(e.L, t) // a compact route holds its fields in its message until now
	keys, n, err := jsonKeys(t, path)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		if isJSONObject(e.L, t) {
			e.b.WriteString("{}")
		} else {
			e.b.WriteString("[]")
		}
		return nil
	}
	if n == len(keys) { // an array: keys 1..n
		e.b.WriteByte('[')
		for i := 1; i <= n; i++ {
			e.sep(i > 1, depth+1)
			if err := e.value(t.RawGetInt(i), path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
		e.sep(false, depth)
		e.b.WriteByte(']')
		return nil
	}
	e.b.WriteByte('{')
	for i, k := range keys {
		e.sep(i > 0, depth+1)
		e.str(k.name)
		e.b.WriteByte(':')
		if e.opts.Indent != "" {
			e.b.WriteByte(' ')
		}
		if err := e.value(t.RawGet(k.key), jsonPath(path, k), depth+1); err != nil {
			return err
		}
	}
	e.sep(false, depth)
	e.b.WriteByte('}')
	return nil
}

// sep writes the comma before an element (when comma) and, when indenting,
// the line break and indent of the given depth.
func (e *jsonEncoder) sep(comma bool, depth int) {
	if comma {
		e.b.WriteByte(',')
	}
	if e.opts.Indent != "" {
		e.b.WriteByte('\n')
		e.b.WriteString(strings.Repeat(e.opts.Indent, depth))
	}
}

// jsonKey is one key of an object: the Lua key and its JSON name.
type jsonKey struct {
	key  lua.LValue
	name string
	num  bool
}

// jsonKeys lists t's keys sorted by name, and n, the length of the
// sequence 1..n among them (the table is an array when that is all).
func jsonKeys(t *lua.LTable, path string) ([]jsonKey, int, error) {
	var keys []jsonKey
	var err error
	ints := 0
	t.ForEach(func(k, _ lua.LValue) {
		if err != nil {
			return
		}
		switch k := k.(type) {
		case lua.LString:
			keys = append(keys, jsonKey{key: k, name: string(k)})
		case lua.LNumber:
			name, nerr := jsonNumber(float64(k))
			if nerr != nil {
				err = &JSONError{path, "table key " + nerr.Error()}
				return
			}
			if f := float64(k); f == math.Trunc(f) && f >= 1 {
				ints++
			}
			keys = append(keys, jsonKey{key: k, name: name, num: true})
		default:
			err = &JSONError{path, "a " + k.Type().String() + " key cannot be a JSON object key"}
		}
	})
	if err != nil {
		return nil, 0, err
	}
	n := 0
	if ints == len(keys) {
		for n < ints && t.RawGetInt(n+1) != lua.LNil {
			n++
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].name < keys[j].name })
	for i := 1; i < len(keys); i++ {
		if keys[i].name == keys[i-1].name {
			return nil, 0, &JSONError{path, fmt.Sprintf("the keys %q and %s are the same JSON key", keys[i].name, keys[i].name)}
		}
	}
	return keys, n, nil
}

// jsonPath is the path of member k of the object at path.
func jsonPath(path string, k jsonKey) string {
	switch {
	case k.num:
		return path + "[" + k.name + "]"
	case isIdentifier(k.name):
		return path + "." + k.name
	}
	return path + "[" + strconv.Quote(k.name) + "]"
}

func isIdentifier(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
