//go:build linux

package luabind

import (
	"fmt"
	"math"
	"runtime/debug"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Binding is one Go function exposed to Lua under a qualified name
// ("netlink.open", "sock:join"). It is an unnamed struct type, so the
// modules' tables of bindings stay lists of {name, fn} pairs.
type Binding = struct {
	Name string
	Fn   lua.LGFunction
}

// Guard turns a Go panic inside fn into a Lua error "internal error in
// NAME: ..." (with the Go stack when L has IncludeGoStackTrace), so a bug in
// a binding never takes the process down. Lua errors raised on purpose
// (*lua.ApiError) pass through untouched. runtime guards its own library
// functions (print, string.pack, ...) with it too. It also marks the
// calling goroutine as L's Lua goroutine for OnLuaGoroutine's check.
func Guard(name string, fn lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) int {
		defer enterBinding(L)() // luagoroutine.go
		defer OnGoPanic(func(r any) {
			if L.Options.IncludeGoStackTrace {
				L.RaiseError("internal error in %s: %v (please report)\n%s", name, r, debug.Stack())
			}
			L.RaiseError("internal error in %s: %v (please report)", name, r)
		})
		return fn(L)
	}
}

// OnGoPanic, deferred directly (it calls recover), hands a Go panic to
// raise, which turns it into a Lua error; a Lua error raised on purpose
// (*lua.ApiError) is panicked on untouched. raise runs while the panicking
// frames are still on the stack, so debug.Stack inside it shows them.
func OnGoPanic(raise func(r any)) {
	r := recover()
	if r == nil {
		return
	}
	if _, ok := r.(*lua.ApiError); ok {
		panic(r)
	}
	raise(r)
}

// SetFuncs installs guarded bindings into tbl under their short names (the
// part after the last '.' or ':').
func SetFuncs(L *lua.LState, tbl *lua.LTable, bs []Binding) {
	for _, b := range bs {
		tbl.RawSetString(shortName(b.Name), L.NewFunction(Guard(b.Name, b.Fn)))
	}
}

func shortName(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' || name[i] == ':' {
			return name[i+1:]
		}
	}
	return name
}

// ArgError raises "bad argument #n to fn (msg)".
func ArgError(L *lua.LState, fn string, n int, format string, args ...any) {
	L.RaiseError("bad argument #%d to %s (%s)", n, fn, fmt.Sprintf(format, args...))
}

// TypeName is the Lua type name of v, with nlsh's userdata names.
func TypeName(v lua.LValue) string {
	if ud, ok := v.(*lua.LUserData); ok {
		switch ud.Value.(type) {
		case *Socket:
			return "socket"
		case *namespace:
			return "netns"
		}
	}
	return v.Type().String()
}

// CheckInt returns argument n as an integer within [lo, hi].
func CheckInt(L *lua.LState, fn string, n, pos int, what string, lo, hi int64) int64 {
	v := L.Get(n)
	num, ok := v.(lua.LNumber)
	if !ok {
		ArgError(L, fn, pos, "%s expected, got %s", what, TypeName(v))
	}
	return IntIn(L, fn, pos, what, float64(num), lo, hi)
}

// IntIn checks that f is an integer within [lo, hi].
func IntIn(L *lua.LState, fn string, pos int, what string, f float64, lo, hi int64) int64 {
	if f != math.Trunc(f) || math.IsInf(f, 0) || f < float64(lo) || f > float64(hi) {
		ArgError(L, fn, pos, "%s must be an integer from %d to %d, got %s", what, lo, hi, lua.LNumber(f).String())
	}
	return int64(f)
}

// Failure pushes the `nil, message, errname` triple for a kernel failure
// and returns 3.
func Failure(L *lua.LState, err error) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(err.Error()))
	L.Push(lua.LString(ErrName(err)))
	return 3
}

// ErrName is nlsock.ErrnoName, or "EINVAL" for a failure that carries no
// errno (a file that is not a capture, a group no family offers): API.md
// promises scripts an errno name or "timeout", never an empty value.
func ErrName(err error) string {
	if n := nlsock.ErrnoName(err); n != "" {
		return n
	}
	return "EINVAL"
}
