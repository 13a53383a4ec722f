//go:build linux

package luabind

import lua "github.com/yuin/gopher-lua"

// A module may hand out tables that get their fields on first use (rtnl's
// compact dump tables). Such a table's metatable holds, under FillerKey, a
// userdata whose Value is a Filler; Materialize fills the table, and Open
// makes pairs and next fill it first, so code that walks a table's own
// fields sees them without knowing which module made it.

// FillerKey is the metatable field holding a lazily filled table's Filler.
const FillerKey = "__nlsh_block"

// Filler gives t, a table that gets its fields on first use, its fields.
type Filler interface {
	Fill(L *lua.LState, t *lua.LTable)
}

// Materialize fills v if it is a table not filled yet (see FillerKey);
// anything else is left alone. Go code that walks tables with ForEach or
// Next (the pretty printer, EncodeJSON) calls it first. L may be nil:
// filling uses no Lua state.
func Materialize(L *lua.LState, v lua.LValue) {
	t, ok := v.(*lua.LTable)
	if !ok {
		return
	}
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return
	}
	if ud, ok := mt.RawGetString(FillerKey).(*lua.LUserData); ok {
		if f, ok := ud.Value.(Filler); ok {
			f.Fill(L, t)
		}
	}
}

// materializeFirst wraps the global functions that walk a table's own
// fields (pairs, next) so that they fill a lazily filled table first.
func materializeFirst(L *lua.LState) {
	for _, name := range []string{"pairs", "next"} {
		fn, ok := L.GetGlobal(name).(*lua.LFunction)
		if !ok || !fn.IsG {
			continue
		}
		orig := fn.GFunction
		fn.GFunction = func(L *lua.LState) int {
			Materialize(L, L.Get(1))
			return orig(L)
		}
	}
}
