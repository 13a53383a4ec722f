//go:build linux

package luabind

import (
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// familySocket reads argument pos (stack index pos) of a family function as
// a socket of protocol want. A wrong value raises an argument error; a
// closed socket pushes nil, "socket closed", "EBADF" and returns (nil, 3).
func familySocket(L *lua.LState, fn string, pos, want int) (*socket, int) {
	ud, ok := L.Get(pos).(*lua.LUserData)
	var s *socket
	if ok {
		s, _ = ud.Value.(*socket)
	}
	if s == nil {
		argError(L, fn, pos, "%s socket expected, got %s", protoLabel(want), typeName(L.Get(pos)))
	}
	if s.proto != want {
		argError(L, fn, pos, "%s socket expected, got a %s socket", protoLabel(want), protoLabel(s.proto))
	}
	if s.isClosed() {
		return nil, closedFailure(L)
	}
	return s, 0
}

// strList turns names into a Lua array.
func strList(L *lua.LState, names []string) *lua.LTable {
	t := L.CreateTable(len(names), 0)
	for i, n := range names {
		t.RawSetInt(i+1, lua.LString(n))
	}
	return t
}

// rawAttrs turns attributes kept undecoded into an array of
// {type=, nested=, data=} like netlink.attrs.
func rawAttrs(L *lua.LState, attrs []nlsock.Attr) *lua.LTable {
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
