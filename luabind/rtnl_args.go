package luabind

import (
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// routeSocket reads argument pos of an rtnl function as a route socket. A
// wrong value raises an argument error; a closed socket pushes nil,
// "socket closed", "EBADF" and returns (nil, 3).
func routeSocket(L *lua.LState, fn string, pos int) (*socket, int) {
	ud, ok := L.Get(pos).(*lua.LUserData)
	var s *socket
	if ok {
		s, _ = ud.Value.(*socket)
	}
	if s == nil {
		argError(L, fn, pos, "route socket expected, got %s", typeName(L.Get(pos)))
	}
	if s.proto != protoRoute {
		argError(L, fn, pos, "route socket expected, got a %s socket", protoLabel(s.proto))
	}
	if s.isClosed() {
		return nil, closedFailure(L)
	}
	return s, 0
}

// linkName reads argument pos as a non-empty string.
func linkName(L *lua.LState, fn string, pos int) string {
	s, ok := L.Get(pos).(lua.LString)
	if !ok || s == "" {
		argError(L, fn, pos, "link name expected, got %s", typeName(L.Get(pos)))
	}
	return string(s)
}

func stringArray(L *lua.LState, names []string) *lua.LTable {
	t := L.CreateTable(len(names), 0)
	for i, n := range names {
		t.RawSetInt(i+1, lua.LString(n))
	}
	return t
}

// attrArray is a nest's attributes as {type=, nested=, data=}, like
// netlink.attrs.
func attrArray(L *lua.LState, attrs []nlsock.Attr) *lua.LTable {
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
