//go:build linux

package rtnl

import (
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// fieldSet is the ordered string keys of one kind of object table (the
// everyday fields pairs() lists, in this order).
//
// Tables are built through gopher-lua's public API only. Filling
// lua.LTable's unexported fields directly (a shared key list per set of
// present fields) once saved 36,000 of the 63,000
// allocations of a 2001-link dump, but gained only 1-2% of the wall time of a whole
// rtnl.links (the tables are built while the kernel fills the next
// datagram), short of what such coupling to gopher-lua's internals needs.
type fieldSet struct {
	names []string
}

func newFieldSet(names ...string) *fieldSet {
	return &fieldSet{names: names}
}

// table makes a table of the fields whose value in vals (indexed like the
// names) is not nil, in the order of the names.
func (fs *fieldSet) table(vals []lua.LValue) *lua.LTable {
	n := 0
	for _, v := range vals {
		if v != nil && v != lua.LNil {
			n++
		}
	}
	t := newTable(0, n)
	for i, v := range vals {
		if v != nil && v != lua.LNil {
			t.RawSetString(fs.names[i], v)
		}
	}
	return t
}

// object is fs.table(vals) as the table of obj: its malformed attributes
// marked, and, when lz is set, its lazy fields attached.
func (fs *fieldSet) object(L *lua.LState, lz *lazyTables, vals []lua.LValue, malformed []rtnl.Malformed, obj any) *lua.LTable {
	t := fs.table(vals)
	markMalformed(L, t, malformed)
	if lz != nil {
		lz.attach(L, t, obj)
	}
	return t
}

// newTable is L.CreateTable without a state (it uses none).
func newTable(narr, nhash int) *lua.LTable {
	return (*lua.LState)(nil).CreateTable(narr, nhash)
}
