//go:build linux

package luabind

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// UnknownField returns a complaint about the first key of t (in sorted
// order, so the message is stable) that is not one of known, or "" when
// every key is known. A misspelt option (netns= for ns=, rcvbuff=) must not
// be silently ignored: it would watch or change the wrong thing.
func UnknownField(t *lua.LTable, what string, known ...string) string {
	var bad []string
	t.ForEach(func(k, _ lua.LValue) {
		if ks, ok := k.(lua.LString); ok {
			for _, n := range known {
				if string(ks) == n {
					return
				}
			}
			bad = append(bad, fmt.Sprintf("%q", string(ks)))
			return
		}
		bad = append(bad, k.String())
	})
	if len(bad) == 0 {
		return ""
	}
	sort.Strings(bad)
	return fmt.Sprintf("unknown %s %s (known: %s)", what, bad[0], strings.Join(known, ", "))
}

// setObjectType finishes the metatable mt of an object type named
// typeName: methods is its __index (strict, see strictMethods; what names
// the object in the error), tostring prints the object's String, and
// getmetatable sees only typeName.
func setObjectType(L *lua.LState, mt, methods *lua.LTable, typeName, what string) {
	mt.RawSetString("__index", methods)
	strictMethods(L, methods, what)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(L.CheckUserData(1).Value.(fmt.Stringer).String()))
		return 1
	}))
	mt.RawSetString("__metatable", lua.LString(typeName))
}

// strictMethods makes reading a name that methods lacks an error naming it
// and the methods there are: s:jion(1) would otherwise fail with gopher-lua's
// "attempt to call a non-function object", which names nothing. The methods
// table stays the object's __index (completion lists it); only a miss
// reaches this metatable.
func strictMethods(L *lua.LState, methods *lua.LTable, what string) {
	var names []string
	methods.ForEach(func(k, _ lua.LValue) { names = append(names, k.String()) })
	sort.Strings(names)
	list := strings.Join(names, ", ")
	mt := L.CreateTable(0, 1)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key := L.Get(2).String()
		if _, ok := L.Get(2).(lua.LString); ok {
			key = fmt.Sprintf("%q", key)
		}
		L.RaiseError("%s has no method or field %s (it has: %s)", what, key, list)
		return 0
	}))
	L.SetMetatable(methods, mt)
}
