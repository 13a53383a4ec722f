//go:build linux

package json

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nlsh/nlsh/luabind"
	lua "github.com/yuin/gopher-lua"
)

// jsonMaxDepth bounds the nesting json.decode accepts, so a hostile input
// of a million '[' fails with an error instead of eating memory.
const jsonMaxDepth = 10000

// JSONSyntaxError is malformed JSON; Offset counts bytes from 0.
type JSONSyntaxError struct {
	Offset int
	Msg    string
}

func (e *JSONSyntaxError) Error() string {
	return fmt.Sprintf("%s at byte offset %d", e.Msg, e.Offset)
}

// DecodeJSON parses s (RFC 8259): objects and arrays become tables (an
// empty object a table json.encode writes back as {}), null json.null,
// integers numbers when a float64 holds them exactly and nlsh.int
// otherwise, other numbers float64 (out-of-range exponents give ±inf, as
// Python's json does).
func DecodeJSON(L *lua.LState, s string) (lua.LValue, error) {
	registerJSONTypes(L)
	d := &jsonDecoder{L: L, s: s}
	d.space()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.space()
	if d.i < len(s) {
		return nil, d.errorf("extra data after the value")
	}
	return v, nil
}

type jsonDecoder struct {
	L *lua.LState
	s string
	i int
}

func (d *jsonDecoder) errorf(format string, args ...any) error {
	return &JSONSyntaxError{Offset: d.i, Msg: fmt.Sprintf(format, args...)}
}

func (d *jsonDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value(depth int) (lua.LValue, error) {
	if d.i >= len(d.s) {
		return nil, d.errorf("unexpected end of input, a value expected")
	}
	switch c := d.s[d.i]; {
	case c == '{' || c == '[':
		if depth >= jsonMaxDepth {
			return nil, d.errorf("nesting deeper than %d", jsonMaxDepth)
		}
		if c == '{' {
			return d.object(depth + 1)
		}
		return d.array(depth + 1)
	case c == '"':
		s, err := d.str()
		return lua.LString(s), err
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	switch rest := d.s[d.i:]; {
	case strings.HasPrefix(rest, "true"):
		d.i += 4
		return lua.LTrue, nil
	case strings.HasPrefix(rest, "false"):
		d.i += 5
		return lua.LFalse, nil
	case strings.HasPrefix(rest, "null"):
		d.i += 4
		return jsonNullValue(d.L), nil
	}
	return nil, d.errorf("unexpected %s, a value expected", d.describe())
}

// describe names the byte at the offset for an error message.
func (d *jsonDecoder) describe() string {
	if d.i >= len(d.s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(d.s[d.i:])
	if r == utf8.RuneError || r < 0x20 {
		return fmt.Sprintf("byte 0x%02x", d.s[d.i])
	}
	return strconv.QuoteRune(r)
}

// expect consumes c after optional white space.
func (d *jsonDecoder) expect(c byte, what string) error {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return nil
	}
	return d.errorf("unexpected %s, %s expected", d.describe(), what)
}

func (d *jsonDecoder) array(depth int) (lua.LValue, error) {
	d.i++ // [
	t := d.L.NewTable()
	d.space()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return t, nil
	}
	for n := 1; ; n++ {
		d.space()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		t.RawSetInt(n, v)
		d.space()
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			return t, nil
		}
		if err := d.expect(',', "',' or ']'"); err != nil {
			return nil, err
		}
	}
}

func (d *jsonDecoder) object(depth int) (lua.LValue, error) {
	d.i++ // {
	t := d.L.NewTable()
	d.space()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		d.L.SetMetatable(t, d.L.GetTypeMetatable(jsonObjectType))
		return t, nil
	}
	for {
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, d.errorf("unexpected %s, a string key expected", d.describe())
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		if err := d.expect(':', "':'"); err != nil {
			return nil, err
		}
		d.space()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		t.RawSetString(k, v) // a repeated key: the last wins, as in Python
		d.space()
		if d.i < len(d.s) && d.s[d.i] == '}' {
			d.i++
			return t, nil
		}
		if err := d.expect(',', "',' or '}'"); err != nil {
			return nil, err
		}
	}
}

func (d *jsonDecoder) number() (lua.LValue, error) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.s[d.i] == '-' {
		d.i++
	}
	intStart := d.i
	if n := digits(); n == 0 {
		return nil, d.errorf("unexpected %s, a digit expected", d.describe())
	} else if n > 1 && d.s[intStart] == '0' {
		d.i = intStart
		return nil, d.errorf("a number may not start with 0")
	}
	integer := true
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		integer = false
		if digits() == 0 {
			return nil, d.errorf("unexpected %s, a digit expected after '.'", d.describe())
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		integer = false
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, d.errorf("unexpected %s, a digit expected in the exponent", d.describe())
		}
	}
	text := d.s[start:d.i]
	if integer {
		if d.i-intStart <= 15 { // up to 15 digits: |n| < 10^15 < 2^53, a float64 holds it
			n, _ := strconv.ParseInt(text, 10, 64)
			return lua.LNumber(n), nil
		}
		b, _ := new(big.Int).SetString(text, 10)
		return luabind.ExactValue(d.L, b), nil
	}
	f, _ := strconv.ParseFloat(text, 64) // the syntax is checked; out of range is ±inf
	return lua.LNumber(f), nil
}

func (d *jsonDecoder) str() (string, error) {
	d.i++ // "
	var b []byte
	for {
		if d.i >= len(d.s) {
			return "", d.errorf("unterminated string")
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), nil
		case c == '\\':
			r, err := d.escape()
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
		case c < 0x20:
			return "", d.errorf("control character 0x%02x in a string (write it as \\u%04x)", c, c)
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.i++
		default:
			r, n := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && n == 1 {
				return "", d.errorf("invalid UTF-8")
			}
			b = append(b, d.s[d.i:d.i+n]...)
			d.i += n
		}
	}
}

// escape reads one backslash escape (a surrogate pair counts as one).
func (d *jsonDecoder) escape() (rune, error) {
	if d.i+1 >= len(d.s) {
		d.i++
		return 0, d.errorf("unterminated string")
	}
	c := d.s[d.i+1]
	if r, ok := map[byte]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[c]; ok {
		d.i += 2
		return r, nil
	}
	if c != 'u' {
		r, _ := utf8.DecodeRuneInString(d.s[d.i+1:])
		return 0, d.errorf("invalid escape %q", "\\"+string(r))
	}
	at := d.i
	r, err := d.hex4()
	if err != nil || !utf16.IsSurrogate(r) {
		return r, err
	}
	if r < 0xdc00 && d.i+1 < len(d.s) && d.s[d.i] == '\\' && d.s[d.i+1] == 'u' {
		lo, err := d.hex4()
		if err != nil {
			return 0, err
		}
		if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
			return pair, nil
		}
	}
	d.i = at
	return 0, d.errorf("lone UTF-16 surrogate \\u%04x (UTF-8 cannot hold one)", r)
}

// hex4 reads \uXXXX.
func (d *jsonDecoder) hex4() (rune, error) {
	if len(d.s)-d.i < 6 {
		return 0, d.errorf("truncated \\u escape")
	}
	v, err := strconv.ParseUint(d.s[d.i+2:d.i+6], 16, 16)
	if err != nil {
		return 0, d.errorf("invalid \\u escape %q", d.s[d.i:d.i+6])
	}
	d.i += 6
	return rune(v), nil
}
