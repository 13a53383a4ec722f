//go:build linux

package ynl

import (
	"math"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	lua "github.com/yuin/gopher-lua"
)

// ynlRequestFlags are the names fam:call and fam:dump accept in
// {flags = {...}}: the kernel YNL CLI's --create, --excl, --replace and
// --append.
var ynlRequestFlags = map[string]uint16{
	"create": nlsock.FlagCreate, "excl": nlsock.FlagExcl,
	"replace": nlsock.FlagReplace, "append": nlsock.FlagAppend,
}

// famFlags reads the optional options table of fam:call/fam:dump (argument
// n, counted after fam): {flags = N} or {flags = {"create", "excl", ...}}.
// Without it a request creates nothing: rt-link's newlink and rt-route's
// newroute need {flags = {"create"}}.
func famFlags(L *lua.LState, fn string, n int) uint16 {
	v := L.Get(n + 1)
	if v == lua.LNil {
		return 0
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		luabind.ArgError(L, fn, n, "options table expected, got %s", luabind.TypeName(v))
	}
	if msg := luabind.UnknownField(t, "option", "flags"); msg != "" {
		luabind.ArgError(L, fn, n, "%s", msg)
	}
	switch f := t.RawGetString("flags").(type) {
	case *lua.LNilType:
		return 0
	case lua.LNumber:
		return uint16(luabind.IntIn(L, fn, n, "field 'flags'", float64(f), 0, math.MaxUint16))
	case *lua.LTable:
		var flags uint16
		for i := 1; i <= f.Len(); i++ {
			name, _ := f.RawGetInt(i).(lua.LString)
			bit, ok := ynlRequestFlags[string(name)]
			if !ok {
				luabind.ArgError(L, fn, n, "flags[%d]: %s is not a request flag (%s)", i, luabind.Describe(f.RawGetInt(i)), flagNames())
			}
			flags |= bit
		}
		return flags
	default:
		luabind.ArgError(L, fn, n, "field 'flags' must be a number or an array of names, got %s", luabind.TypeName(f))
	}
	return 0
}

func flagNames() string {
	names := make([]string, 0, len(ynlRequestFlags))
	for n := range ynlRequestFlags {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
