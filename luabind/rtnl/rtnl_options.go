//go:build linux

package rtnl

import (
	"math"
	"sync"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// The options of link_add and link_set that are plain attributes (mtu,
// txqlen, alias) come from nlsock/rtnl's field list, typed by the
// description: a value of the wrong type or out of range is an argument
// error naming the field and the type, raised before anything is sent.

// linkOptions is read on first use: a state that never changes a link
// never loads rt-link.
var linkOptions = sync.OnceValue(rtnl.LinkOptions)

// optionKeys is known followed by the names of specs: the keys an option
// table may have.
func optionKeys(specs []rtnl.OptionSpec, known ...string) []string {
	for _, s := range specs {
		known = append(known, s.Name)
	}
	return known
}

// describedOptions reads the fields of t that specs name.
func describedOptions(L *lua.LState, fn string, pos int, t *lua.LTable, specs []rtnl.OptionSpec) []rtnl.Option {
	var opts []rtnl.Option
	for _, s := range specs {
		if v := t.RawGetString(s.Name); v != lua.LNil {
			opts = append(opts, rtnl.Option{Name: s.Name, Value: optionValue(L, fn, pos, s, v)})
		}
	}
	return opts
}

// optionValue checks v against the type of s's attribute.
func optionValue(L *lua.LState, fn string, pos int, s rtnl.OptionSpec, v lua.LValue) any {
	if s.Type == "string" {
		if str, ok := v.(lua.LString); ok {
			return string(str)
		}
		luabind.ArgError(L, fn, pos, "field '%s' must be a string, got %s (%s is a string)", s.Name, luabind.TypeName(v), s.Label)
	}
	lo, hi, ok := intRange(s.Type)
	if !ok {
		luabind.ArgError(L, fn, pos, "field '%s': %s is a %s, which options cannot set", s.Name, s.Label, s.Type)
	}
	n, isNum := v.(lua.LNumber)
	if !isNum {
		luabind.ArgError(L, fn, pos, "field '%s' must be a number, got %s (%s is a %s)", s.Name, luabind.TypeName(v), s.Label, s.Type)
	}
	return luabind.IntIn(L, fn, pos, "field '"+s.Name+"'", float64(n), lo, hi)
}

// intRange is the range of a description's integer type ("u32", "s8");
// a Lua number reaches 2^63 at most.
func intRange(typ string) (lo, hi int64, ok bool) {
	bits, known := map[string]uint{"8": 8, "16": 16, "32": 32, "64": 64, "int": 64}[typ[min(1, len(typ)):]]
	switch {
	case !known:
	case typ[0] == 'u' && bits == 64:
		return 0, math.MaxInt64, true
	case typ[0] == 'u':
		return 0, 1<<bits - 1, true
	case typ[0] == 's':
		return -1 << (bits - 1), 1<<(bits-1) - 1, true
	}
	return 0, 0, false
}
