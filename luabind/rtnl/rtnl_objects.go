//go:build linux

package rtnl

import (
	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Each object becomes a table of its everyday fields, built eagerly; the
// rest is built on first access (see lazyTables): from the field list
// (objectFields.lazy), else by the *Lazy functions below, which build the
// fields of the object's own.

// linkFields are rtnl.LinkFields as Lua reads them: the everyday ones eagerly.
var linkFields = objectFields[rtnl.Link]{fieldList: rtnl.LinkFields, summary: rtnl.LinkSummary}

// linkTable sets at most 8 fields eagerly: gopher-lua keeps each table's
// string keys in two maps, and 8 is what fits their first group.
func linkTable(L *lua.LState, lz *lazyTables, l *rtnl.Link) *lua.LTable {
	return linkFields.table(L, lz, l, l.Malformed)
}

func linkLazy(L *lua.LState, l *rtnl.Link, key string) lua.LValue {
	switch key {
	case "altnames":
		if l.AltNames == nil {
			return lua.LNil
		}
		return luabind.StrList(L, l.AltNames)
	case "info_data":
		return nestedList(L, l.InfoData)
	case "slave_data":
		return nestedList(L, l.SlaveData)
	case "peer":
		if l.Peer == nil {
			return lua.LNil
		}
		lz := newLazyTables(L, 1)
		return linkTable(L, lz, l.Peer)
	case "stats":
		return linkStats(L, l)
	}
	return lua.LNil
}

func linkStats(L *lua.LState, l *rtnl.Link) lua.LValue {
	if !l.HasStats {
		return lua.LNil
	}
	names := rtnl.StatNames()
	vals := l.Stats.Values()
	t := L.CreateTable(0, len(names))
	for i, n := range names {
		t.RawSetString(n, luabind.ExactUint(L, vals[i])) // above 2^53 an nlsh.int, never rounded
	}
	return t
}

// addrFields are rtnl.AddrFields as Lua reads them: the everyday ones eagerly.
var addrFields = objectFields[rtnl.Address]{fieldList: rtnl.AddrFields, summary: rtnl.AddrSummary}

func addrTable(L *lua.LState, lz *lazyTables, a *rtnl.Address) *lua.LTable {
	return addrFields.table(L, lz, a, a.Malformed)
}

var addrCacheFields = luabind.NewFieldSet("preferred", "valid", "created", "updated")

func addrLazy(L *lua.LState, a *rtnl.Address, key string) lua.LValue {
	switch key {
	case "valid_lft", "preferred_lft":
		if !a.HasCacheInfo {
			return lua.LNil
		}
		if key == "valid_lft" {
			return lifetime(a.CacheInfo.Valid)
		}
		return lifetime(a.CacheInfo.Preferred)
	case "cacheinfo":
		if !a.HasCacheInfo {
			return lua.LNil
		}
		c := a.CacheInfo
		return addrCacheFields.Table([]lua.LValue{lua.LNumber(c.Preferred), lua.LNumber(c.Valid), lua.LNumber(c.Created), lua.LNumber(c.Updated)})
	}
	return lua.LNil
}

// lifetime is seconds, or "forever" as ip prints it.
func lifetime(v uint32) lua.LValue {
	if v == rtnl.Forever {
		return lua.LString("forever")
	}
	return lua.LNumber(v)
}
