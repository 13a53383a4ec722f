//go:build linux

package runtime

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// strFormat is string.format as Lua 5.1's lstrlib writes it. gopher-lua's
// handed the format to Go's fmt, so a missing or wrong argument printed
// "%!d(MISSING)" or a 0 instead of raising, and %x of -1 printed "-1".
// Numeric conversions take numbers and numeric strings; %s takes any value
// through tostring (as Lua 5.2+ does; 5.1 raised for tables and booleans).
func strFormat(L *lua.LState) int {
	format := toLString(L, 1, true)
	top := L.GetTop()
	arg := 1
	var b []byte
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b = append(b, '%')
			i++
			continue
		}
		spec, n := scanSpec(L, format[i+1:])
		i += n
		arg++
		if arg > top {
			argError(L, arg, "no value")
		}
		b = append(b, formatOne(L, spec, arg)...)
	}
	L.Push(lua.LString(b))
	return 1
}

// convSpec is one conversion: "%-5.2f" is flags "-", width "5", prec "2",
// verb 'f'.
type convSpec struct {
	flags, width, prec string
	hasPrec            bool
	verb               byte
}

// scanSpec reads the conversion after a '%' as lstrlib's scanformat does
// (flags "-+ #0", at most two digits of width and of precision) and returns
// it and how many bytes it took.
func scanSpec(L *lua.LState, s string) (convSpec, int) {
	var sp convSpec
	i := 0
	for i < len(s) && strings.IndexByte("-+ #0", s[i]) >= 0 {
		i++
	}
	if i >= 6 {
		L.RaiseError("invalid format (repeated flags)")
	}
	sp.flags = s[:i]
	j := i
	for i < len(s) && i-j < 3 && isDigit(s[i]) {
		i++
	}
	sp.width = s[j:i]
	if i < len(s) && s[i] == '.' {
		i++
		sp.hasPrec = true
		j = i
		for i < len(s) && i-j < 3 && isDigit(s[i]) {
			i++
		}
		sp.prec = s[j:i]
	}
	if len(sp.width) > 2 || len(sp.prec) > 2 || (i < len(s) && isDigit(s[i])) {
		L.RaiseError("invalid format (width or precision too long)")
	}
	if i >= len(s) {
		L.RaiseError("%s", "invalid option '%' to 'format'")
	}
	sp.verb = s[i]
	return sp, i + 1
}

// formatOne formats argument arg by spec.
func formatOne(L *lua.LState, sp convSpec, arg int) string {
	switch sp.verb {
	case 'c':
		return pad(sp, string([]byte{byte(int64(formatNumber(L, arg)))}))
	case 'd', 'i':
		return fmt.Sprintf(sp.goSpec('d'), int64(formatNumber(L, arg)))
	case 'o', 'u', 'x', 'X':
		verb := sp.verb
		if verb == 'u' {
			verb = 'd'
		}
		return fmt.Sprintf(sp.goSpec(verb), toUnsigned(formatNumber(L, arg)))
	case 'e', 'E', 'f', 'g', 'G':
		f := formatNumber(L, arg)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return pad(sp, cNonFinite(f, sp.flags, sp.verb))
		}
		if !sp.hasPrec {
			sp.hasPrec, sp.prec = true, "6"
		}
		return fmt.Sprintf(sp.goSpec(sp.verb), f)
	case 'q':
		return quoteLua(toLString(L, arg, true))
	case 's':
		s := L.ToStringMeta(L.Get(arg)).String()
		if sp.hasPrec {
			p, _ := strconv.Atoi(sp.prec)
			s = s[:min(p, len(s))]
		}
		return pad(sp, s)
	}
	L.RaiseError("invalid option '%%%c' to 'format'", sp.verb)
	return ""
}

// goSpec is sp as a verb of Go's fmt, which agrees with C's printf for
// integers and finite floats once the precision is explicit.
func (sp convSpec) goSpec(verb byte) string {
	s := "%" + sp.flags + sp.width
	if sp.hasPrec {
		s += "." + sp.prec
		if sp.prec == "" {
			s += "0"
		}
	}
	return s + string(verb)
}

// formatNumber is luaL_checknumber for string.format, which reads numeric
// strings as Lua 5.1 does.
func formatNumber(L *lua.LState, arg int) float64 { return checkNumber(L, arg, strToNumber) }

// checkNumber is luaL_checknumber: argument arg as a number, or a string
// that conv reads as one; anything else raises "number expected, got T".
func checkNumber(L *lua.LState, arg int, conv func(string) (float64, bool)) float64 {
	switch v := L.Get(arg).(type) {
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		if f, ok := conv(string(v)); ok {
			return f
		}
	}
	argError(L, arg, "number expected, got "+L.Get(arg).Type().String())
	return 0
}

// toUnsigned is C's conversion of a double to unsigned long long as x86-64
// does it: negative values wrap around 2^64, and 2^64 and beyond give 0.
func toUnsigned(f float64) uint64 {
	if f >= 1<<64 {
		return 0
	}
	if f >= 1<<63 {
		return uint64(f)
	}
	return uint64(int64(f))
}

// cNonFinite is how glibc's printf writes inf and nan ("inf", "-nan",
// "INF" for %E and %G).
func cNonFinite(f float64, flags string, verb byte) string {
	s := "inf"
	if math.IsNaN(f) {
		s = "nan"
	}
	switch {
	case math.Signbit(f):
		s = "-" + s
	case strings.Contains(flags, "+"):
		s = "+" + s
	case strings.Contains(flags, " "):
		s = " " + s
	}
	if verb == 'E' || verb == 'G' {
		s = strings.ToUpper(s)
	}
	return s
}

// pad applies sp's width (and '-') to s, in bytes as C counts them.
func pad(sp convSpec, s string) string {
	w, _ := strconv.Atoi(sp.width)
	if len(s) >= w {
		return s
	}
	if strings.Contains(sp.flags, "-") {
		return s + strings.Repeat(" ", w-len(s))
	}
	return strings.Repeat(" ", w-len(s)) + s
}

// quoteLua is %q as Lua 5.1 writes it: between double quotes, with '"',
// '\\' and a newline escaped by a backslash (the newline stays), '\r' as
// "\r" and NUL as "\000"; every other byte as it is. The result reads back
// with loadstring.
func quoteLua(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
