package runtime

import (
	"runtime/debug"

	lua "github.com/yuin/gopher-lua"
)

// guard turns a Go panic inside fn into the Lua error "internal error in
// NAME: ..." (with the Go stack when the state is in debug mode). Lua errors
// raised on purpose (*lua.ApiError) pass through.
func guard(name string, fn lua.LGFunction) lua.LGFunction {
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
