//go:build linux

package rtnl

import (
	"net/netip"
	"sync"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// An object's fields come from its list in nlsock/rtnl (rtnl.LinkFields, ...):
// the names and the values are the binding's, Lua only gives them a form.

// fieldValue is field f of obj as a Lua value: nil when absent, a number,
// a string (the interned ones shared), "aa:bb:.." for a hardware address,
// an IP address as a string,
// an enum's name (or its number when it has none), a list of flag names
// (named by the value's own table for a NamesValue).
func fieldValue[T any](L *lua.LState, f *rtnl.Field[T], obj *T) lua.LValue {
	v := f.Get(obj)
	switch v.Kind {
	case rtnl.UintValue:
		return luabind.ExactUint(L, v.U) // above 2^53 (a rule's tun_id) an nlsh.int, never rounded
	case rtnl.IntValue:
		return lua.LNumber(int64(v.U))
	case rtnl.StringValue:
		return lua.LString(v.S)
	case rtnl.NameValue:
		return lstr(v.S)
	case rtnl.HWAddrValue:
		return macString(v.B)
	case rtnl.EnumValue:
		return numName(v.S, v.U)
	case rtnl.FlagsValue:
		return flagList(L, f.Flags(), v.U)
	case rtnl.IPValue:
		return addrValue(v.A)
	case rtnl.PrefixValue:
		return prefixString(v.A, v.U)
	case rtnl.NamesValue:
		return flagList(L, v.Flags, v.U)
	}
	return lua.LNil
}

// prefixString is a/bits, in one allocation when they make a prefix.
func prefixString(a netip.Addr, bits uint64) lua.LValue {
	p := netip.PrefixFrom(a, int(bits))
	if !p.IsValid() || uint64(p.Bits()) != bits {
		return lua.LString(a.String() + "/" + itoa(int(bits)))
	}
	var buf [64]byte
	return lua.LString(p.AppendTo(buf[:0]))
}

// flagList is the names of the bits of v as a Lua array.
func flagList(L *lua.LState, table []rtnl.Flag, v uint64) lua.LValue {
	var names [16]string
	return nameList(L, rtnl.FlagNames(names[:0], table, v))
}

// objectFields is how Lua reads an object's field list: the first ones
// eagerly (eager names them, with more, the object's own fields, after
// them), every one, and the aliases, by name. Like the list, it is made
// on first use (ready), not at package init: a script that reads no
// route pays nothing for routes.
type objectFields[T any] struct {
	fieldList func() []rtnl.Field[T]
	summary   int
	more      []string

	once  sync.Once
	list  []rtnl.Field[T]
	eager *luabind.FieldSet
	index map[string]int
}

// ready makes o's lists the first time it is called, and returns o.
func (o *objectFields[T]) ready() *objectFields[T] {
	o.once.Do(func() {
		if o.summary+len(o.more) > maxEager {
			panic("rtnl: more eager fields than maxEager")
		}
		o.list = o.fieldList()
		o.eager = luabind.NewFieldSet(append(fieldNames(o.list[:o.summary]), o.more...)...)
		o.index = rtnl.FieldIndex(o.list)
	})
	return o
}

// maxEager bounds an object's eager fields, so that their values fit an
// array on the stack: building a table allocates only the table.
const maxEager = 16

// table is obj as a Lua table: its first summary fields, then more (the
// values of o.more's names; nil for none), its malformed attributes
// marked, and, when lz is set, its lazy fields attached.
func (o *objectFields[T]) table(L *lua.LState, lz *lazyTables, obj *T, malformed []rtnl.Malformed, more ...lua.LValue) *lua.LTable {
	o.ready()
	var v [maxEager]lua.LValue
	vals := v[:o.summary+len(more)]
	o.values(L, vals[:o.summary], obj)
	copy(vals[o.summary:], more)
	luabind.OnLuaGoroutine(L)
	t := o.eager.Table(vals)
	markMalformed(L, t, malformed)
	if lz != nil {
		lz.attach(L, t, obj)
	}
	return t
}

// values sets dst to the first len(dst) fields of obj.
func (o *objectFields[T]) values(L *lua.LState, dst []lua.LValue, obj *T) {
	for i := range dst {
		dst[i] = fieldValue(L, &o.list[i], obj)
	}
}

// lazy is field key of obj: from the list, else from own, the fields of
// the object's own that the list lacks.
func (o *objectFields[T]) lazy(L *lua.LState, obj *T, key string, own func(*lua.LState, *T, string) lua.LValue) lua.LValue {
	o.ready()
	if i, ok := o.index[key]; ok {
		return fieldValue(L, &o.list[i], obj)
	}
	return own(L, obj, key)
}

// fieldNames are the names of fields, in order.
func fieldNames[T any](fields []rtnl.Field[T]) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}
