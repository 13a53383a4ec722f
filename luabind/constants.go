//go:build linux

package luabind

import lua "github.com/yuin/gopher-lua"

// LazyConstants arranges for a module table's constants to be set the
// first time a script reads a name the table lacks: fill sets them (with
// set(name, value)), a field a script set meanwhile keeps its value, and
// the metatable goes, so later reads cost nothing. Opening a module (at
// every start of nlsh) then pays for its functions only: the constants
// come from descriptions whose loading costs more than the whole start.
// Until then pairs() lists only the functions.
func LazyConstants(L *lua.LState, t *lua.LTable, fill func(set func(name string, v int64))) {
	mt := L.CreateTable(0, 1)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		L.SetMetatable(t, lua.LNil)
		fill(func(name string, v int64) {
			if t.RawGetString(name) == lua.LNil {
				t.RawSetString(name, lua.LNumber(v))
			}
		})
		L.Push(t.RawGet(L.Get(2)))
		return 1
	}))
	L.SetMetatable(t, mt)
}
