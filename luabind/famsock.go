//go:build linux

package luabind

import (
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// FamilySocket reads argument pos (stack index pos) of a family function as
// a socket of protocol want. A wrong value raises an argument error; a
// closed socket pushes nil, "socket closed", "EBADF" and returns (nil, 3).
func FamilySocket(L *lua.LState, fn string, pos, want int) (*Socket, int) {
	ud, ok := L.Get(pos).(*lua.LUserData)
	var s *Socket
	if ok {
		s, _ = ud.Value.(*Socket)
	}
	if s == nil {
		ArgError(L, fn, pos, "%s socket expected, got %s", ProtoLabel(want), TypeName(L.Get(pos)))
	}
	if s.Proto != want {
		ArgError(L, fn, pos, "%s socket expected, got a %s socket", ProtoLabel(want), ProtoLabel(s.Proto))
	}
	if s.IsClosed() {
		return nil, ClosedFailure(L)
	}
	return s, 0
}

// StrList turns names into a Lua array.
func StrList(L *lua.LState, names []string) *lua.LTable {
	t := L.CreateTable(len(names), 0)
	for i, n := range names {
		t.RawSetInt(i+1, lua.LString(n))
	}
	return t
}

// RawAttrs turns attributes kept undecoded into an array of
// {type=, nested=, data=} like netlink.attrs.
func RawAttrs(L *lua.LState, attrs []nlsock.Attr) *lua.LTable {
	t := L.CreateTable(len(attrs), 0)
	for i, a := range attrs {
		at := L.CreateTable(0, 3)
		at.RawSetString("type", lua.LNumber(a.Type))
		at.RawSetString("nested", lua.LBool(a.Nested))
		at.RawSetString("data", lua.LString(a.Data))
		t.RawSetInt(i+1, at)
	}
	return t
}
