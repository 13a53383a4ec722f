//go:build linux

package runtime

import (
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// argError raises an argument error of one of nlsh's own library functions
// (string.pack, unpack, packsize; tonumber) worded as Lua words it: "bad
// argument #2 to 'pack' (number expected, got string)". The function is named as its caller called it, or, when no
// Lua function called it (pcall(string.pack, ...)), by its name in a loaded
// module ("string.pack"), as luaL_argerror does.
func argError(L *lua.LState, arg int, msg string) {
	L.RaiseError("bad argument #%d to '%s' (%s)", arg, runningName(L), msg)
}

// runningName names the running Go function for an error message.
func runningName(L *lua.LState) string {
	dbg, ok := L.GetStack(0)
	if !ok {
		return "?"
	}
	fn, err := L.GetInfo("fn", dbg, lua.LNil)
	if err != nil {
		return "?"
	}
	switch dbg.Name {
	case "", "?", "(anonymous)", "main chunk", "corountine": // gopher-lua's words for "no Lua caller"
	default:
		return dbg.Name
	}
	if name := loadedName(L, fn); name != "" {
		return name
	}
	return "?"
}

// loadedName finds fn in package.loaded: "string.pack", or "print" for a
// global; "" when it is not there.
func loadedName(L *lua.LState, fn lua.LValue) string {
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return ""
	}
	loaded, ok := pkg.RawGetString("loaded").(*lua.LTable)
	if !ok {
		return ""
	}
	var found []string
	loaded.ForEach(func(mod, t lua.LValue) {
		tbl, ok := t.(*lua.LTable)
		if !ok {
			return
		}
		tbl.ForEach(func(k, v lua.LValue) {
			if ks, ok := k.(lua.LString); ok && v == fn {
				if mod.String() == "_G" {
					found = append(found, string(ks))
				} else {
					found = append(found, mod.String()+"."+string(ks))
				}
			}
		})
	})
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return found[0]
}
