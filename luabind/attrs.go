//go:build linux

package luabind

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// ynl attribute values (ynl.Attrs, as the described decoders and ynl
// families give them) to Lua tables and back.

// GoToLua converts a decoded ynl value, keeping the description's names.
func GoToLua(L *lua.LState, v any) lua.LValue {
	return ConvertDecoded(L, v, nil)
}

// ConvertDecoded converts a decoded ynl value; rename, when not nil, gives
// the Lua name of each attribute name.
func ConvertDecoded(L *lua.LState, v any, rename func(string) string) lua.LValue {
	switch x := v.(type) {
	case uint64:
		return ExactUint(L, x)
	case int64:
		return ExactInt64(L, x)
	case string:
		return lua.LString(x)
	case []byte:
		return lua.LString(x)
	case bool:
		return lua.LBool(x)
	case ynl.Attrs:
		t := L.CreateTable(0, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if rename != nil {
				name = rename(k)
			}
			t.RawSetString(name, ConvertDecoded(L, x[k], rename))
		}
		return t
	case []any:
		return List(L, x, func(item any) lua.LValue { return ConvertDecoded(L, item, rename) })
	case []ynl.RawAttr:
		return List(L, x, func(r ynl.RawAttr) lua.LValue { return rawAttr(L, r.Type, r.Nested, r.Data) })
	}
	return lua.LNil
}

// LuaToAttrs converts an attribute table for ynl's encoder: numbers become
// float64, tables with only 1..n keys lists, others tables of names.
func LuaToAttrs(L *lua.LState, fn string, pos int, t *lua.LTable) ynl.Attrs {
	v := LuaToGo(L, fn, pos, t, 0)
	if a, ok := v.(ynl.Attrs); ok {
		return a
	}
	if l, ok := v.([]any); ok && len(l) == 0 {
		return ynl.Attrs{}
	}
	ArgError(L, fn, pos, "attribute table with names as keys expected, got a list")
	return nil
}

func LuaToGo(L *lua.LState, fn string, pos int, v lua.LValue, depth int) any {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x)
	case lua.LString:
		return string(x)
	case lua.LBool:
		return bool(x)
	case *lua.LTable:
		if depth > nlsock.MaxNestingDepth {
			ArgError(L, fn, pos, "tables nested deeper than %d", nlsock.MaxNestingDepth)
		}
		return tableToGo(L, fn, pos, x, depth)
	}
	ArgError(L, fn, pos, "%s cannot be an attribute value", TypeName(v))
	return nil
}

func tableToGo(L *lua.LState, fn string, pos int, t *lua.LTable, depth int) any {
	n := t.Len()
	count := 0
	t.ForEach(func(_, _ lua.LValue) { count++ })
	if n > 0 && count == n {
		l := make([]any, n)
		for i := 1; i <= n; i++ {
			l[i-1] = LuaToGo(L, fn, pos, t.RawGetInt(i), depth+1)
		}
		return l
	}
	if count == 0 {
		return []any{}
	}
	a := ynl.Attrs{}
	t.ForEach(func(k, val lua.LValue) {
		ks, ok := k.(lua.LString)
		if !ok {
			if num, isNum := k.(lua.LNumber); isNum && float64(num) == math.Trunc(float64(num)) {
				ArgError(L, fn, pos, "attribute table mixes a list (key %v) with names", num)
			}
			ArgError(L, fn, pos, "attribute names must be strings, got %s key", TypeName(k))
		}
		a[string(ks)] = LuaToGo(L, fn, pos, val, depth+1)
	})
	return a
}

// PushAttrs returns a dump's result to Lua: the objects as an array of
// tables, or nil, msg, errname for err (named after fn).
func PushAttrs(L *lua.LState, ctx context.Context, fn string, objs []ynl.Attrs, err error) int {
	if err != nil {
		return IOFailure(L, ctx, fmt.Errorf("%s: %w", fn, err))
	}
	L.Push(List(L, objs, func(o ynl.Attrs) lua.LValue { return GoToLua(L, o) }))
	return 1
}

// DecodedBody is m.body from a description decoder's result (obj,
// whether the message is one it reads, the decoding error): nil when it
// is not, else obj's table with the error, if any, as its field error
// (what was read before it stays).
func DecodedBody(L *lua.LState, obj ynl.Attrs, ok bool, err error) lua.LValue {
	if !ok {
		return lua.LNil
	}
	t := GoToLua(L, obj).(*lua.LTable)
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}
