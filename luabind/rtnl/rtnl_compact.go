//go:build linux

package rtnl

import (
	"slices"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// A dump of a million routes as ordinary object tables takes some 880 bytes
// a route: each table's fields live in two Go maps of its own. So
// rtnl.routes gives compact tables instead: empty tables that keep the
// route's message (about 50 bytes) and get their fields on first use. The
// first field read or written, pairs, next or the pretty printer fills every
// everyday field at once, exactly as the ordinary table has them, and from
// then on it is an ordinary object table (lazy fields included). A table
// that is never looked at costs its empty table, the message and a slot in
// its block: about 200 bytes. rawget on an untouched table sees nothing:
// read fields normally.
//
// The tables of a dump are kept in blocks of compactBlockSize; each block has
// its own metatable, which finds the block again, so no map from table to
// message is needed.

const compactBlockSize = 256

// compactSet is the compact tables of one dump.
type compactSet struct {
	L  *lua.LState // the tables' state, for the Lua goroutine check
	lz *lazyTables // the dump's; a filled table joins it
	// build decodes a payload into an ordinary object table (without lazy
	// fields) and the object.
	build func(payload []byte) (*lua.LTable, any, error)
	// field, when set, computes one everyday field from a payload without
	// filling the table (routeFieldOf); ok false sends the key to fill.
	field func(payload []byte, key string) (lua.LValue, bool)
	// yielded is the route rtnl.each handed out last, decoded in
	// yieldedRoute: its fields need no decoding.
	yielded      *lua.LTable
	yieldedRoute *rtnl.Route
	index        *lua.LFunction // __index of every block's metatable
	newindex     *lua.LFunction
	cur          *compactBlock
}

// compactBlock is up to compactBlockSize tables not yet filled and their
// payloads (whole, in the dump's payload store).
type compactBlock struct {
	set      *compactSet
	mt       *lua.LTable
	tables   []*lua.LTable
	payloads [][]byte
}

// newCompactSet starts the compact tables of a dump of msgType, which
// build decodes (fullTable).
func newCompactSet(L *lua.LState, lz *lazyTables, msgType uint16, build func([]byte) (*lua.LTable, any, error)) *compactSet {
	cs := &compactSet{L: L, lz: lz, build: build}
	if msgType == rtnl.RTM_NEWROUTE {
		cs.field = routeFieldOf()
	}
	cs.index = L.NewFunction(luabind.Guard("rtnl object", cs.luaIndex))
	cs.newindex = L.NewFunction(luabind.Guard("rtnl object", cs.luaNewIndex))
	return cs
}

// add makes the compact table of payload, which must stay unchanged (kept
// in the store), on the Lua goroutine like every Lua value.
func (cs *compactSet) add(payload []byte) *lua.LTable {
	luabind.OnLuaGoroutine(cs.L)
	b := cs.cur
	if b == nil || len(b.tables) == compactBlockSize {
		b = &compactBlock{
			set:      cs,
			tables:   make([]*lua.LTable, 0, compactBlockSize),
			payloads: make([][]byte, 0, compactBlockSize),
		}
		b.mt = luabind.NewTable(0, 4)
		b.mt.RawSetString("__index", cs.index)
		b.mt.RawSetString("__newindex", cs.newindex)
		b.mt.RawSetString("__metatable", lua.LString("nlsh.rtnl"))
		b.mt.RawSetString(luabind.FillerKey, &lua.LUserData{Value: b, Metatable: lua.LNil})
		cs.cur = b
	}
	t := luabind.NewTable(0, 0)
	t.Metatable = b.mt
	b.tables = append(b.tables, t)
	b.payloads = append(b.payloads, payload)
	return t
}

// fullTable is a compactSet's build for an object type: its ordinary
// table (without lazy fields) and the decoded object.
func fullTable[T any, P interface {
	*T
	Decode([]byte) error
}](L *lua.LState, table func(*lua.LState, *lazyTables, P) *lua.LTable) func([]byte) (*lua.LTable, any, error) {
	return func(p []byte) (*lua.LTable, any, error) {
		o := P(new(T))
		if err := o.Decode(p); err != nil {
			return nil, nil, err
		}
		return table(L, nil, o), o, nil
	}
}

// keepWhole stores p whole (a compact table decodes it again on first
// use, so it must not be diffed against a base).
func (ps *payloadStore) keepWhole(p []byte) keptPayload {
	whole := append(ps.reserve(len(p)), p...)
	ps.commit(len(whole))
	return keptPayload{data: whole[:len(p):len(p)]}
}

// compactOf is the block of a compact table not yet filled, or nil.
func compactOf(t *lua.LTable) *compactBlock {
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return nil
	}
	ud, ok := mt.RawGetString(luabind.FillerKey).(*lua.LUserData)
	if !ok {
		return nil
	}
	b, _ := ud.Value.(*compactBlock)
	return b
}

// Fill gives t its fields and makes it an ordinary object table of the
// dump's lazy set (the block is t's Filler).
func (b *compactBlock) Fill(L *lua.LState, t *lua.LTable) {
	i := slices.Index(b.tables, t)
	if i < 0 {
		return
	}
	payload := b.payloads[i]
	b.tables[i], b.payloads[i] = nil, nil
	full, obj, err := b.set.build(payload)
	t.Metatable = lua.LNil
	if err != nil { // it decoded during the dump, so this cannot happen
		t.RawSetString("error", lua.LString(err.Error()))
		return
	}
	moveFields(t, full)
	b.set.lz.attach(L, t, obj)
}

// moveFields gives the empty table dst the fields of src, in the same
// pairs() order.
func moveFields(dst, src *lua.LTable) {
	for k, v := src.Next(lua.LNil); k != lua.LNil; k, v = src.Next(k) { // in src's pairs() order
		dst.RawSet(k, v)
	}
}

// luaIndex is __index(t, key) of a compact table: an everyday field that
// cs.field computes alone is answered from the payload, without filling
// (and without caching: it is computed again on the next read); any other
// key fills the table, then is answered as the ordinary table would (its
// lazy fields included).
func (cs *compactSet) luaIndex(L *lua.LState) int {
	t := L.CheckTable(1)
	if key, ok := L.Get(2).(lua.LString); ok && t == cs.yielded {
		// (a filled table has the lazy metatable, so this one is not)
		if v, ok := routeField(cs.yieldedRoute, string(key)); ok {
			if v == nil {
				v = lua.LNil
			}
			L.Push(v)
			return 1
		}
	}
	if key, ok := L.Get(2).(lua.LString); ok && cs.field != nil {
		if b := compactOf(t); b != nil {
			if i := slices.Index(b.tables, t); i >= 0 {
				if v, ok := cs.field(b.payloads[i], string(key)); ok {
					L.Push(v)
					return 1
				}
			}
		}
	}
	luabind.Materialize(L, t)
	if v := t.RawGet(L.Get(2)); v != lua.LNil {
		L.Push(v)
		return 1
	}
	if t.Metatable == cs.lz.mt {
		return cs.lz.index(L)
	}
	L.Push(lua.LNil)
	return 1
}

// luaNewIndex is __newindex(t, key, value): fill, then set.
func (cs *compactSet) luaNewIndex(L *lua.LState) int {
	t := L.CheckTable(1)
	luabind.Materialize(L, t)
	L.RawSet(t, L.Get(2), L.Get(3))
	return 0
}
