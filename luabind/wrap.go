//go:build linux

package luabind

import (
	"fmt"
	"math"
	"runtime/debug"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// binding is one Go function exposed to Lua under a qualified name
// ("netlink.open", "sock:join").
type binding struct {
	name string
	fn   lua.LGFunction
}

// Guard turns a Go panic inside fn into a Lua error "internal error in
// NAME: ..." (with the Go stack when L has IncludeGoStackTrace), so a bug in
// a binding never takes the process down. Lua errors raised on purpose
// (*lua.ApiError) pass through untouched. runtime guards its own library
// functions (print, string.pack, ...) with it too.
func Guard(name string, fn lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) int {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if _, ok := r.(*lua.ApiError); ok {
				panic(r)
			}
			if L.Options.IncludeGoStackTrace {
				L.RaiseError("internal error in %s: %v (please report)\n%s", name, r, debug.Stack())
			}
			L.RaiseError("internal error in %s: %v (please report)", name, r)
		}()
		return fn(L)
	}
}

// guard is Guard under the short name the bindings use.
func guard(name string, fn lua.LGFunction) lua.LGFunction { return Guard(name, fn) }

// setFuncs installs guarded bindings into tbl under their short names (the
// part after the last '.' or ':').
func setFuncs(L *lua.LState, tbl *lua.LTable, bs []binding) {
	for _, b := range bs {
		tbl.RawSetString(shortName(b.name), L.NewFunction(guard(b.name, b.fn)))
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

// argError raises "bad argument #n to fn (msg)".
func argError(L *lua.LState, fn string, n int, format string, args ...any) {
	L.RaiseError("bad argument #%d to %s (%s)", n, fn, fmt.Sprintf(format, args...))
}

// typeName is the Lua type name of v, with nlsh's userdata names.
func typeName(v lua.LValue) string {
	if ud, ok := v.(*lua.LUserData); ok {
		switch ud.Value.(type) {
		case *socket:
			return "socket"
		case *namespace:
			return "netns"
		}
	}
	return v.Type().String()
}

// checkInt returns argument n as an integer within [lo, hi].
func checkInt(L *lua.LState, fn string, n, pos int, what string, lo, hi int64) int64 {
	v := L.Get(n)
	num, ok := v.(lua.LNumber)
	if !ok {
		argError(L, fn, pos, "%s expected, got %s", what, typeName(v))
	}
	return intIn(L, fn, pos, what, float64(num), lo, hi)
}

// intIn checks that f is an integer within [lo, hi].
func intIn(L *lua.LState, fn string, pos int, what string, f float64, lo, hi int64) int64 {
	if f != math.Trunc(f) || math.IsInf(f, 0) || f < float64(lo) || f > float64(hi) {
		argError(L, fn, pos, "%s must be an integer from %d to %d, got %s", what, lo, hi, lua.LNumber(f).String())
	}
	return int64(f)
}

// failure pushes the `nil, message, errname` triple for a kernel failure
// and returns 3.
func failure(L *lua.LState, err error) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(err.Error()))
	L.Push(lua.LString(errname(err)))
	return 3
}

// errname is nlsock.ErrnoName, or "EINVAL" for a failure that carries no
// errno (a file that is not a capture, a group no family offers): API.md
// promises scripts an errno name or "timeout", never an empty value.
func errname(err error) string {
	if n := nlsock.ErrnoName(err); n != "" {
		return n
	}
	return "EINVAL"
}
