//go:build linux

package runtime

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// tonumber is Lua 5.1's: without a base (or with 10) a string converts as
// the C library's strtod reads it, so exponents ("1e1", "1E2"), hexadecimal
// ("0x1F", "0x1.8") and out-of-range values ("1e400" is inf) work; gopher-
// lua's returned nil for an exponent without a decimal point. Other bases
// read the string as strtoul does and must lie in 2..36.
func tonumber(L *lua.LState) int {
	base := 10
	if L.Get(2) != lua.LNil {
		base = int(toNumber(L, 2))
	}
	if base == 10 {
		L.CheckAny(1)
		switch v := L.Get(1).(type) {
		case lua.LNumber:
			L.Push(v)
			return 1
		case lua.LString:
			if f, ok := strToNumber(string(v)); ok {
				L.Push(lua.LNumber(f))
				return 1
			}
		}
		L.Push(lua.LNil)
		return 1
	}
	s := toLString(L, 1, true)
	if base < 2 || base > 36 {
		argError(L, 2, "base out of range")
	}
	if f, ok := strToUnsigned(s, base); ok {
		L.Push(lua.LNumber(f))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

// cSpace is what C's isspace accepts.
const cSpace = " \t\n\v\f\r"

var (
	decimalNumber = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	})
	hexNumber = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([+-]?)0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?$`)
	})
)

// strToNumber is Lua 5.1's luaO_str2d: strtod over the whole string (up to
// a NUL byte, where C strings end) but for surrounding white space.
func strToNumber(s string) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	s = strings.Trim(s, cSpace)
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "inf", "infinity":
		return math.Copysign(math.Inf(1), signOf(s)), len(s)-len(strings.TrimLeft(s, "+-")) <= 1
	case "nan":
		return math.NaN(), len(s)-len(strings.TrimLeft(s, "+-")) <= 1
	}
	if decimalNumber().MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil || isRange(err)
	}
	if m := hexNumber().FindStringSubmatch(s); m != nil {
		exp := m[3]
		if exp == "" {
			exp = "p0"
		}
		f, err := strconv.ParseFloat(m[1]+"0x"+m[2]+exp, 64)
		return f, err == nil || isRange(err)
	}
	return 0, false
}

func signOf(s string) float64 {
	if strings.HasPrefix(s, "-") {
		return -1
	}
	return 1
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// strToUnsigned is tonumber(s, base) in Lua 5.1: C's strtoul (white space,
// a sign, "0x" in base 16, digits; a negative number wraps around 2^64 and
// an overflow gives 2^64-1), then only white space.
func strToUnsigned(s string, base int) (float64, bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	s = strings.Trim(s, cSpace)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if base == 16 && len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
	}
	if s == "" {
		return 0, false
	}
	var n uint64
	overflow := false
	for _, c := range strings.ToLower(s) {
		d := strings.IndexRune("0123456789abcdefghijklmnopqrstuvwxyz", c)
		if d < 0 || d >= base {
			return 0, false
		}
		if n > (math.MaxUint64-uint64(d))/uint64(base) {
			overflow = true
		}
		n = n*uint64(base) + uint64(d)
	}
	switch {
	case overflow:
		return math.MaxUint64, true
	case neg:
		return float64(-n), true
	}
	return float64(n), true
}
