//go:build linux

package luabind

import (
	"errors"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// sock:join(group) -> true, or nil, msg, errname.
func (e *Env) sockJoin(L *lua.LState, s *socket) int {
	return e.membership(L, s, "sock:join", s.s.Join)
}

// sock:leave(group) -> true, or nil, msg, errname.
func (e *Env) sockLeave(L *lua.LState, s *socket) int {
	return e.membership(L, s, "sock:leave", s.s.Leave)
}

// membership applies op (Join or Leave) to each group argument 1 names.
func (e *Env) membership(L *lua.LState, s *socket, fn string, op func(group uint32) error) int {
	ids, n := e.groupArg(L, s, fn)
	if ids == nil {
		return n
	}
	for _, id := range ids {
		if err := op(id); err != nil {
			return failure(L, err)
		}
	}
	L.Push(lua.LTrue)
	return 1
}

// groupArg reads argument 1 as a group number or name. When the name's
// lookup fails in the kernel it pushes nil, msg, errname and returns
// (nil, 3).
func (e *Env) groupArg(L *lua.LState, s *socket, fn string) ([]uint32, int) {
	switch v := L.Get(2).(type) {
	case lua.LNumber:
		return []uint32{uint32(intIn(L, fn, 1, "group", float64(v), 0, math.MaxUint32))}, 0
	case lua.LString:
		return e.resolveGroup(L, s, fn, string(v))
	default:
		argError(L, fn, 1, "group number or name expected, got %s", typeName(v))
		return nil, 0
	}
}

func (e *Env) resolveGroup(L *lua.LState, s *socket, fn, name string) ([]uint32, int) {
	g := e.groups[s.proto]
	if g.Resolve == nil {
		argError(L, fn, 1, "nlsh knows no group names for %s sockets; give the group number", protoLabel(s.proto))
	}
	ids, err := g.Resolve(ctxOf(L), s.s, name)
	var unknown *UnknownGroupError
	if errors.As(err, &unknown) {
		argError(L, fn, 1, "%s", unknown.Error())
	}
	if err != nil {
		return nil, ioFailure(L, ctxOf(L), err)
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
func (e *Env) sockGroups(L *lua.LState, s *socket) int {
	ids, err := s.s.Memberships()
	if err != nil {
		return failure(L, err)
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
func (e *Env) groupValue(s *socket, id uint32) lua.LValue {
	if name := e.groups[s.proto].Name; name != nil {
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
