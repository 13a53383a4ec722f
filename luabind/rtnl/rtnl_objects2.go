//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// routeFields are rtnl.RouteFields as Lua reads them: the everyday ones
// eagerly, then the next hops.
var routeFields = objectFields[rtnl.Route]{fieldList: rtnl.RouteFields, summary: rtnl.RouteSummary, more: []string{"nexthops"}}

func routeTable(L *lua.LState, lz *lazyTables, r *rtnl.Route) *lua.LTable {
	var nexthops lua.LValue
	if r.MultiPath != nil {
		nexthops = nexthopList(L, r.MultiPath)
	}
	return routeFields.table(L, lz, r, r.Malformed, nexthops)
}

func nexthopList(L *lua.LState, hops []rtnl.NextHop) *lua.LTable {
	t := L.CreateTable(len(hops), 0)
	for _, h := range hops {
		ht := L.CreateTable(0, 4)
		setAddr(ht, "gateway", h.Gateway)
		setAddr(ht, "via", h.Via)
		setNum(ht, "ifindex", uint64(h.IfIndex))
		setNum(ht, "oif", uint64(h.IfIndex)) // the old name of ifindex (see openRtnl)
		setNum(ht, "weight", uint64(h.Weight()))
		ht.RawSetString("flags", nameList(L, rtnl.RouteFlagNames(nil, uint32(h.Flags))))
		t.Append(ht)
	}
	return t
}

func routeLazy(L *lua.LState, r *rtnl.Route, key string) lua.LValue {
	switch key {
	case "metrics":
		return metricsTable(L, r)
	}
	return lua.LNil
}

func metricsTable(L *lua.LState, r *rtnl.Route) lua.LValue {
	if r.Metrics == nil {
		return lua.LNil
	}
	t := L.CreateTable(0, len(r.Metrics))
	for _, m := range r.Metrics {
		name := strings.ToLower(strings.TrimPrefix(rtnl.MetricName(m.Type), "RTAX_"))
		if name == "" {
			name = itoa(int(m.Type))
		}
		if m.Data != nil {
			t.RawSetString(name, lua.LString(strings.TrimRight(string(m.Data), "\x00")))
		} else {
			t.RawSetString(name, lua.LNumber(m.Value))
		}
	}
	return t
}

// neighFields are rtnl.NeighFields as Lua reads them: the everyday ones eagerly.
var neighFields = objectFields[rtnl.Neighbour]{fieldList: rtnl.NeighFields, summary: rtnl.NeighSummary}

func neighTable(L *lua.LState, lz *lazyTables, n *rtnl.Neighbour) *lua.LTable {
	return neighFields.table(L, lz, n, n.Malformed)
}

var neighCacheFields = luabind.NewFieldSet("confirmed", "used", "updated", "refcnt")

func neighLazy(L *lua.LState, n *rtnl.Neighbour, key string) lua.LValue {
	switch key {
	case "cacheinfo":
		if !n.HasCacheInfo {
			return lua.LNil
		}
		c := n.CacheInfo
		return neighCacheFields.Table([]lua.LValue{lua.LNumber(c.Confirmed), lua.LNumber(c.Used), lua.LNumber(c.Updated), lua.LNumber(c.RefCnt)})
	}
	return lua.LNil
}

// ruleFields are rtnl.RuleFields as Lua reads them: the everyday ones eagerly.
var ruleFields = objectFields[rtnl.Rule]{fieldList: rtnl.RuleFields, summary: rtnl.RuleSummary}

func ruleTable(L *lua.LState, lz *lazyTables, r *rtnl.Rule) *lua.LTable {
	return ruleFields.table(L, lz, r, r.Malformed)
}

func ruleLazy(L *lua.LState, r *rtnl.Rule, key string) lua.LValue {
	switch key {
	case "uid_range":
		if !r.HasUIDRange {
			return lua.LNil
		}
		t := L.CreateTable(2, 0)
		t.Append(lua.LNumber(r.UIDRange[0]))
		t.Append(lua.LNumber(r.UIDRange[1]))
		return t
	}
	return lua.LNil
}
