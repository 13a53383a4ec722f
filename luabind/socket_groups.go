//go:build linux

package luabind

import (
	"errors"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// sock:join(group) -> true, or nil, msg, errname.
func (e *Env) sockJoin(L *lua.LState, s *Socket) int {
	return e.membership(L, s, "sock:join", s.Sock.Join)
}

// sock:leave(group) -> true, or nil, msg, errname.
func (e *Env) sockLeave(L *lua.LState, s *Socket) int {
	return e.membership(L, s, "sock:leave", s.Sock.Leave)
}

// membership applies op (Join or Leave) to each group argument 1 names.
func (e *Env) membership(L *lua.LState, s *Socket, fn string, op func(group uint32) error) int {
	ids, n := e.groupArg(L, s, fn)
	if ids == nil {
		return n
	}
	for _, id := range ids {
		if err := op(id); err != nil {
			return Failure(L, err)
		}
	}
	L.Push(lua.LTrue)
	return 1
}

// groupArg reads argument 1 as a group number or name. When the name's
// lookup fails in the kernel it pushes nil, msg, errname and returns
// (nil, 3).
func (e *Env) groupArg(L *lua.LState, s *Socket, fn string) ([]uint32, int) {
	switch v := L.Get(2).(type) {
	case lua.LNumber:
		return []uint32{uint32(IntIn(L, fn, 1, "group", float64(v), 0, math.MaxUint32))}, 0
	case lua.LString:
		return e.resolveGroup(L, s, fn, string(v))
	default:
		ArgError(L, fn, 1, "group number or name expected, got %s", TypeName(v))
		return nil, 0
	}
}

func (e *Env) resolveGroup(L *lua.LState, s *Socket, fn, name string) ([]uint32, int) {
	g := e.groups[s.Proto]
	if g.Resolve == nil {
		ArgError(L, fn, 1, "nlsh knows no group names for %s sockets; give the group number", ProtoLabel(s.Proto))
	}
	ids, err := g.Resolve(Context(L), s.Sock, name)
	var unknown *UnknownGroupError
	if errors.As(err, &unknown) {
		ArgError(L, fn, 1, "%s", unknown.Error())
	}
	if err != nil {
		return nil, IOFailure(L, Context(L), err)
	}
	s.mu.Lock()
	if s.names == nil {
		s.names = map[uint32]string{}
	}
	if len(ids) == 1 {
		s.names[ids[0]] = name
	}
	s.mu.Unlock()
	return ids, 0
}

// sock:groups() -> array of the joined groups, names where known.
func (e *Env) sockGroups(L *lua.LState, s *Socket) int {
	ids, err := s.Sock.Memberships()
	if err != nil {
		return Failure(L, err)
	}
	t := L.CreateTable(len(ids), 0)
	for i, id := range ids {
		t.RawSetInt(i+1, e.groupValue(s, id))
	}
	L.Push(t)
	return 1
}

// groupValue names group id as the protocol does, or as the script did when
// it joined by name, or leaves it a number.
func (e *Env) groupValue(s *Socket, id uint32) lua.LValue {
	if name := e.groups[s.Proto].Name; name != nil {
		if n := name(id); n != "" {
			return lua.LString(n)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n, ok := s.names[id]; ok {
		return lua.LString(n)
	}
	return lua.LNumber(id)
}
