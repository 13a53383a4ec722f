//go:build linux

package rtnl

import (
	"math"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// routeSocket reads argument pos of an rtnl function as a route socket
// (luabind.FamilySocket).
func routeSocket(L *lua.LState, fn string, pos int) (*luabind.Socket, int) {
	return luabind.FamilySocket(L, fn, pos, luabind.ProtoRoute)
}

// routeOptions reads the arguments of a change: a route socket (argument
// 1) and the table of options at pos, with the keys known. When the socket
// is not usable s is nil and the function returns n.
func routeOptions(L *lua.LState, fn string, pos int, known ...string) (s *luabind.Socket, opts *lua.LTable, n int) {
	s, n = routeSocket(L, fn, 1)
	if s == nil {
		return nil, nil, n
	}
	return s, luabind.OptTable(L, fn, pos, known...), 0
}

// linkName reads argument pos as a non-empty string.
func linkName(L *lua.LState, fn string, pos int) string {
	s, ok := L.Get(pos).(lua.LString)
	if !ok || s == "" {
		luabind.ArgError(L, fn, pos, "link name expected, got %s", luabind.TypeName(L.Get(pos)))
	}
	return string(s)
}

// optFamily reads option 'family': a name ("inet", "inet6", "bridge", ...)
// or a number; "unspec" (0) is every family.
func optFamily(L *lua.LState, fn string, v lua.LValue) uint8 {
	switch x := v.(type) {
	case lua.LNumber:
		return uint8(luabind.IntIn(L, fn, 2, "option 'family'", float64(x), 0, math.MaxUint8))
	case lua.LString:
		if fam, ok := rtnl.ParseFamily(string(x)); ok {
			return fam
		}
		luabind.ArgError(L, fn, 2, "option 'family': unknown family %q (known: %s)", string(x), strings.Join(rtnl.FamilyNames(), ", "))
	}
	luabind.ArgError(L, fn, 2, "option 'family' must be a family name or number, got %s", luabind.TypeName(v))
	return 0
}

// tableFamily reads option 'family' of t (see optFamily): def when t has none.
func tableFamily(L *lua.LState, fn string, t *lua.LTable, def uint8) uint8 {
	v := t.RawGetString("family")
	if v == lua.LNil {
		return def
	}
	return optFamily(L, fn, v)
}

// optDumpTable reads option 'table': a number or a name ("main", "local",
// "default"); 0, "unspec" and "all" are every table, as for ip route show.
func optDumpTable(L *lua.LState, fn string, v lua.LValue) (uint32, bool) {
	var table uint32
	switch x := v.(type) {
	case lua.LNumber:
		table = uint32(luabind.IntIn(L, fn, 2, "option 'table'", float64(x), 0, math.MaxUint32))
	case lua.LString:
		t, ok := rtnl.ParseTable(string(x))
		if !ok && x != "all" {
			luabind.ArgError(L, fn, 2, "option 'table': unknown table %q (a number, main, local, default or all)", string(x))
		}
		table = t
	default:
		luabind.ArgError(L, fn, 2, "option 'table' must be a table number or name, got %s", luabind.TypeName(v))
	}
	return table, table != rtnl.RT_TABLE_UNSPEC
}
