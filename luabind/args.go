//go:build linux

package luabind

import (
	"context"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// Argument checking shared by the modules: option tables ({mtu = 1400}),
// their typed fields, names, and the result of a change.

// Done pushes true, or the failure of err as "op object: reason".
func Done(L *lua.LState, ctx context.Context, op, object string, err error) int {
	if err != nil {
		if ctx.Err() == nil {
			err = &nlsock.OpError{Op: op, Object: object, Err: err}
		}
		return IOFailure(L, ctx, err)
	}
	L.Push(lua.LTrue)
	return 1
}

// OptTable reads argument pos as a table of options with only known keys.
func OptTable(L *lua.LState, fn string, pos int, known ...string) *lua.LTable {
	t, ok := L.Get(pos).(*lua.LTable)
	if !ok {
		ArgError(L, fn, pos, "table expected, got %s", TypeName(L.Get(pos)))
	}
	Materialize(L, t) // a compact route given back shows its real fields
	t.ForEach(func(k, _ lua.LValue) {
		ks, isStr := k.(lua.LString)
		for _, n := range known {
			if isStr && string(ks) == n {
				return
			}
		}
		ArgError(L, fn, pos, "unknown field %s (known: %s)", k.String(), strings.Join(known, ", "))
	})
	return t
}

func OptString(L *lua.LState, fn string, pos int, t *lua.LTable, key string) (string, bool) {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return "", false
	case lua.LString:
		return string(v), true
	}
	ArgError(L, fn, pos, "field '%s' must be a string, got %s", key, TypeName(t.RawGetString(key)))
	return "", false
}

func OptUint(L *lua.LState, fn string, pos int, t *lua.LTable, key string, max int64) (uint32, bool) {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return 0, false
	case lua.LNumber:
		return uint32(IntIn(L, fn, pos, "field '"+key+"'", float64(v), 0, max)), true
	}
	ArgError(L, fn, pos, "field '%s' must be a number, got %s", key, TypeName(t.RawGetString(key)))
	return 0, false
}

func OptBool(L *lua.LState, fn string, pos int, t *lua.LTable, key string) (bool, bool) {
	switch v := t.RawGetString(key).(type) {
	case *lua.LNilType:
		return false, false
	case lua.LBool:
		return bool(v), true
	}
	ArgError(L, fn, pos, "field '%s' must be a boolean, got %s", key, TypeName(t.RawGetString(key)))
	return false, false
}

func CheckName(L *lua.LState, fn string, pos int, what string) string {
	v, ok := L.Get(pos).(lua.LString)
	if !ok {
		ArgError(L, fn, pos, "%s expected, got %s", what, TypeName(L.Get(pos)))
	}
	return string(v)
}
