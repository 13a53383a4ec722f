//go:build linux

package luabind

import (
	"math"
	"math/big"

	lua "github.com/yuin/gopher-lua"
)

// exactIntType is the metatable name of exact integers: gopher-lua numbers
// are float64, exact only up to 2^53, so a 64-bit counter above that (a
// link's byte counters, a JSON integer) is handed to Lua as this userdata
// instead of being rounded. tostring gives its digits, json.encode writes
// them, == < <= compare two of them, + - * with numbers or each other stay
// exact, / and % give a float. Comparing one with a plain number raises
// (Lua 5.1 compares only values of one type); tonumber(tostring(x)) gives
// the nearest float.
const exactIntType = "nlsh.int"

// ExactInt is the Go side of an exact integer; it never holds a value a
// float64 represents exactly (those are plain numbers).
type ExactInt struct{ v *big.Int }

// Int is x's value.
func (x ExactInt) Int() *big.Int { return x.v }

// maxExact is 2^53: every integer of magnitude up to it is a float64.
const maxExact = 1 << 53

func registerExactInt(L *lua.LState) {
	mt := L.NewTypeMetatable(exactIntType)
	fns := map[string]lua.LGFunction{
		"__tostring": func(L *lua.LState) int {
			L.Push(lua.LString(checkExact(L, 1).String()))
			return 1
		},
		"__concat": exactConcat,
		"__eq":     exactCompare(func(c int) bool { return c == 0 }),
		"__lt":     exactCompare(func(c int) bool { return c < 0 }),
		"__le":     exactCompare(func(c int) bool { return c <= 0 }),
		"__add":    exactArith((*big.Int).Add, func(a, b float64) float64 { return a + b }),
		"__sub":    exactArith((*big.Int).Sub, func(a, b float64) float64 { return a - b }),
		"__mul":    exactArith((*big.Int).Mul, func(a, b float64) float64 { return a * b }),
		"__div":    exactFloat(func(a, b float64) float64 { return a / b }),
		"__mod":    exactFloat(func(a, b float64) float64 { return a - math.Floor(a/b)*b }),
		"__pow":    exactFloat(math.Pow),
		"__unm": func(L *lua.LState) int {
			L.Push(ExactValue(L, new(big.Int).Neg(checkExact(L, 1))))
			return 1
		},
	}
	for name, fn := range fns {
		mt.RawSetString(name, L.NewFunction(Guard("nlsh.int "+name, fn)))
	}
	mt.RawSetString("__metatable", lua.LString(exactIntType))
}

// ExactUint is v as Lua sees it: a number when it is exact as a float64,
// otherwise an exact integer.
func ExactUint(L *lua.LState, v uint64) lua.LValue {
	if v <= maxExact {
		return lua.LNumber(v)
	}
	return ExactValue(L, new(big.Int).SetUint64(v))
}

// ExactInt64 is ExactUint for signed values.
func ExactInt64(L *lua.LState, v int64) lua.LValue {
	if -maxExact <= v && v <= maxExact {
		return lua.LNumber(v)
	}
	return ExactValue(L, big.NewInt(v))
}

// ExactValue is v as a number when a float64 holds it exactly, otherwise as
// an exact integer.
func ExactValue(L *lua.LState, v *big.Int) lua.LValue {
	f, acc := new(big.Float).SetInt(v).Float64()
	if acc == big.Exact {
		return lua.LNumber(f)
	}
	ud := L.NewUserData()
	ud.Value = ExactInt{v}
	L.SetMetatable(ud, L.GetTypeMetatable(exactIntType))
	return ud
}

// asBigInt is v as an integer: an exact integer, or an integral number.
func asBigInt(v lua.LValue) (*big.Int, bool) {
	switch v := v.(type) {
	case *lua.LUserData:
		if x, ok := v.Value.(ExactInt); ok {
			return x.v, true
		}
	case lua.LNumber:
		f := float64(v)
		if f == math.Trunc(f) && !math.IsInf(f, 0) {
			b, _ := big.NewFloat(f).Int(nil)
			return b, true
		}
	}
	return nil, false
}

// asFloat is v as the nearest float64, for / % ^.
func asFloat(L *lua.LState, v lua.LValue) float64 {
	if b, ok := asBigInt(v); ok {
		f, _ := new(big.Float).SetInt(b).Float64()
		return f
	}
	if n, ok := v.(lua.LNumber); ok {
		return float64(n)
	}
	L.RaiseError("attempt to perform arithmetic on a %s value", v.Type())
	return 0
}

func checkExact(L *lua.LState, n int) *big.Int {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if x, ok := ud.Value.(ExactInt); ok {
			return x.v
		}
	}
	L.RaiseError("nlsh.int expected, got %s", L.Get(n).Type())
	return nil
}

func exactArith(op func(z, x, y *big.Int) *big.Int, fop func(a, b float64) float64) lua.LGFunction {
	return func(L *lua.LState) int {
		a, okA := asBigInt(L.Get(1))
		b, okB := asBigInt(L.Get(2))
		if !okA || !okB { // a fraction on one side: the result is a float anyway
			L.Push(lua.LNumber(fop(asFloat(L, L.Get(1)), asFloat(L, L.Get(2)))))
			return 1
		}
		L.Push(ExactValue(L, op(new(big.Int), a, b)))
		return 1
	}
}

func exactFloat(op func(a, b float64) float64) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(lua.LNumber(op(asFloat(L, L.Get(1)), asFloat(L, L.Get(2)))))
		return 1
	}
}

func exactCompare(ok func(int) bool) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(lua.LBool(ok(checkExact(L, 1).Cmp(checkExact(L, 2)))))
		return 1
	}
}

func exactConcat(L *lua.LState) int {
	text := func(v lua.LValue) string {
		if b, ok := asBigInt(v); ok && v.Type() == lua.LTUserData {
			return b.String()
		}
		if v.Type() != lua.LTString && v.Type() != lua.LTNumber {
			L.RaiseError("attempt to concatenate a %s value", v.Type())
		}
		return lua.LVAsString(v)
	}
	L.Push(lua.LString(text(L.Get(1)) + text(L.Get(2))))
	return 1
}

// SameExactInt reports whether a and b are both nlsh.int values of one
// integer: two decodings of one counter are equal to eq, as to ==.
func SameExactInt(a, b lua.LValue) bool {
	x, okA := a.(*lua.LUserData)
	y, okB := b.(*lua.LUserData)
	if !okA || !okB {
		return false
	}
	ix, okX := x.Value.(ExactInt)
	iy, okY := y.Value.(ExactInt)
	return okX && okY && ix.v.Cmp(iy.v) == 0
}
