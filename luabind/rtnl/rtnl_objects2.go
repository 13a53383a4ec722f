//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// routeEager are a route's everyday fields, rtnl.RouteFields' first ones,
// and its next hops.
var routeEager = luabind.NewFieldSet(append(fieldNames(rtnl.RouteFields[:rtnl.RouteSummary]), "nexthops")...)

// routeFieldIndex finds the fields of rtnl.RouteFields by name.
var routeFieldIndex = rtnl.FieldIndex(rtnl.RouteFields)

func routeTable(L *lua.LState, lz *lazyTables, r *rtnl.Route) *lua.LTable {
	var v [rtnl.RouteSummary + 1]lua.LValue
	for i := range rtnl.RouteSummary {
		v[i] = fieldValue(L, &rtnl.RouteFields[i], r)
	}
	if r.MultiPath != nil {
		v[rtnl.RouteSummary] = nexthopList(L, r.MultiPath)
	}
	return newObject(L, lz, routeEager, v[:], r.Malformed, r)
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
	if i, ok := routeFieldIndex[key]; ok {
		return fieldValue(L, &rtnl.RouteFields[i], r)
	}
	if key != "metrics" || r.Metrics == nil {
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

// neighEager are a neighbour's everyday fields, rtnl.NeighFields' first ones.
var neighEager = luabind.NewFieldSet(fieldNames(rtnl.NeighFields[:rtnl.NeighSummary])...)

// neighLazyFields finds the other fields of rtnl.NeighFields by name.
var neighLazyFields = rtnl.FieldIndex(rtnl.NeighFields)

func neighTable(L *lua.LState, lz *lazyTables, n *rtnl.Neighbour) *lua.LTable {
	var v [rtnl.NeighSummary]lua.LValue
	for i := range v {
		v[i] = fieldValue(L, &rtnl.NeighFields[i], n)
	}
	return newObject(L, lz, neighEager, v[:], n.Malformed, n)
}

var neighCacheFields = luabind.NewFieldSet("confirmed", "used", "updated", "refcnt")

func neighLazy(L *lua.LState, n *rtnl.Neighbour, key string) lua.LValue {
	if i, ok := neighLazyFields[key]; ok {
		return fieldValue(L, &rtnl.NeighFields[i], n)
	}
	if key == "cacheinfo" && n.HasCacheInfo {
		c := n.CacheInfo
		return neighCacheFields.Table([]lua.LValue{lua.LNumber(c.Confirmed), lua.LNumber(c.Used), lua.LNumber(c.Updated), lua.LNumber(c.RefCnt)})
	}
	return lua.LNil
}

// ruleEager are a rule's everyday fields, rtnl.RuleFields' first ones.
var ruleEager = luabind.NewFieldSet(fieldNames(rtnl.RuleFields[:rtnl.RuleSummary])...)

// ruleLazyFields finds the other fields of rtnl.RuleFields by name.
var ruleLazyFields = rtnl.FieldIndex(rtnl.RuleFields)

func ruleTable(L *lua.LState, lz *lazyTables, r *rtnl.Rule) *lua.LTable {
	var v [rtnl.RuleSummary]lua.LValue
	for i := range v {
		v[i] = fieldValue(L, &rtnl.RuleFields[i], r)
	}
	return newObject(L, lz, ruleEager, v[:], r.Malformed, r)
}

func ruleLazy(L *lua.LState, r *rtnl.Rule, key string) lua.LValue {
	if i, ok := ruleLazyFields[key]; ok {
		return fieldValue(L, &rtnl.RuleFields[i], r)
	}
	if key == "uid_range" && r.HasUIDRange {
		t := L.CreateTable(2, 0)
		t.Append(lua.LNumber(r.UIDRange[0]))
		t.Append(lua.LNumber(r.UIDRange[1]))
		return t
	}
	return lua.LNil
}
