//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

var routeFields = luabind.NewFieldSet("family", "dst", "table", "protocol", "scope", "type", "gateway", "via",
	"prefsrc", "src", "ifindex", "metric", "nexthops")

func routeTable(L *lua.LState, lz *lazyTables, r *rtnl.Route) *lua.LTable {
	var v [13]lua.LValue
	v[0] = numName(rtnl.FamilyName(r.Family), uint64(r.Family))
	if p := r.Prefix(); p.IsValid() {
		v[1] = lua.LString(p.String())
	}
	v[2] = lua.LNumber(r.Table)
	v[3] = lstr(rtnl.ProtocolName(r.Protocol))
	v[4] = lstr(rtnl.ScopeName(r.Scope))
	v[5] = lstr(rtnl.RouteTypeName(r.Type))
	v[6] = addrValue(r.Gateway)
	v[7] = addrValue(r.Via)
	v[8] = addrValue(r.PrefSrc)
	if r.Src.IsValid() {
		v[9] = lua.LString(r.Src.String() + "/" + itoa(int(r.SrcLen)))
	}
	if r.OIF != 0 {
		v[10] = lua.LNumber(r.OIF)
	}
	if r.Priority != 0 || r.Family == rtnl.AF_INET6 {
		v[11] = lua.LNumber(r.Priority)
	}
	if r.MultiPath != nil {
		v[12] = nexthopList(L, r.MultiPath)
	}
	return newObject(L, lz, routeFields, v[:], r.Malformed, r)
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
	case "oif": // the old name of ifindex (see openRtnl)
		if r.OIF == 0 {
			return lua.LNil
		}
		return lua.LNumber(r.OIF)
	case "table_name":
		return lstr(rtnl.TableName(r.Table))
	case "flags":
		return nameList(L, r.FlagNames())
	case "pref":
		if !r.HasPref {
			return lua.LNil
		}
		return numName(rtnl.RoutePrefName(r.Pref), uint64(r.Pref))
	case "metrics":
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
	var v uint32
	switch key {
	case "dst_len":
		v = uint32(r.DstLen)
	case "src_len":
		v = uint32(r.SrcLen)
	case "tos":
		v = uint32(r.TOS)
	case "rtm_flags":
		v = r.Flags
	case "iif":
		v = r.IIF
	case "mark":
		v = r.Mark
	case "expires":
		v = r.Expires
	case "nhid":
		v = r.NHID
	case "encap_type":
		v = uint32(r.EncapType)
	default:
		return lua.LNil
	}
	return lua.LNumber(v)
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
