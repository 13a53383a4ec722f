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

// List turns items into a Lua array, each item made a Lua value by value.
func List[T any](L *lua.LState, items []T, value func(T) lua.LValue) *lua.LTable {
	t := L.CreateTable(len(items), 0)
	for i, item := range items {
		t.RawSetInt(i+1, value(item))
	}
	return t
}

// StrList turns names into a Lua array of strings.
func StrList(L *lua.LState, names []string) *lua.LTable {
	return List(L, names, func(n string) lua.LValue { return lua.LString(n) })
}

// RawAttrs turns attributes kept undecoded into an array of
// {type=, nested=, data=} like netlink.attrs.
func RawAttrs(L *lua.LState, attrs []nlsock.Attr) *lua.LTable {
	return List(L, attrs, func(a nlsock.Attr) lua.LValue { return rawAttr(L, a.Type, a.Nested, a.Data) })
}

// rawAttr is one attribute kept undecoded: {type=, nested=, data=}.
func rawAttr(L *lua.LState, typ uint16, nested bool, data []byte) *lua.LTable {
	t := L.CreateTable(0, 3)
	t.RawSetString("type", lua.LNumber(typ))
	t.RawSetString("nested", lua.LBool(nested))
	t.RawSetString("data", lua.LString(data))
	return t
}
