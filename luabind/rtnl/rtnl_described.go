//go:build linux

package rtnl

import (
	"fmt"
	"math"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// The rtnl objects read through nlsh's built-in YNL descriptions
// (nlsock/rtnl/nexthop.go, netconf.go): their tables are the decoded
// values converted by GoToLua, so the fields are the description's names
// with underscores, renamed where ip -j names them otherwise.
//
//	nexthop: id family scope protocol flags ifindex gateway blackhole fdb
//	         group{{id=, weight=}} type ("mpath", "resilient") resilient{buckets=, idle_timer=, ...}
//	netconf: family ifindex interface ("all", "default") forwarding rp_filter
//	         mc_forwarding proxy_neigh ignore_routes_with_linkdown input bc_forwarding

// rtnl.nexthops(sock) -> array of nexthop tables.
func luaRtnlNexthops(L *lua.LState) int {
	const fn = "rtnl.nexthops"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	if L.GetTop() > 1 {
		luabind.ArgError(L, fn, 2, "rtnl.nexthops takes no options")
	}
	ctx := luabind.Context(L)
	objs, err := rtnl.Nexthops(ctx, s.Sock)
	return luabind.PushAttrs(L, ctx, fn, objs, err)
}

// rtnl.netconf(sock [, {family=}]) -> array of netconf tables.
func luaRtnlNetconf(L *lua.LState) int {
	const fn = "rtnl.netconf"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	family := rtnl.AF_UNSPEC
	if L.Get(2) != lua.LNil {
		t := luabind.OptTable(L, fn, 2, "family")
		family = tableFamily(L, fn, t, family)
	}
	ctx := luabind.Context(L)
	objs, err := rtnl.Netconf(ctx, s.Sock, family)
	return luabind.PushAttrs(L, ctx, fn, objs, err)
}

// rtnl.nexthop_add(sock, {id=, gateway=, dev=, blackhole=, fdb=, onlink=,
// family=, protocol=, group={{id=, weight=}, ...}, type=, buckets=, idle_timer=})
func luaRtnlNexthopAdd(L *lua.LState) int {
	const fn = "rtnl.nexthop_add"
	s, t, n := routeOptions(L, fn, 2, "id", "gateway", "dev", "ifindex", "blackhole", "fdb", "onlink",
		"family", "protocol", "group", "type", "buckets", "idle_timer")
	if s == nil {
		return n
	}
	var spec rtnl.NexthopSpec
	spec.ID, _ = luabind.OptUint(L, fn, 2, t, "id", math.MaxUint32)
	spec.Gateway, _ = luabind.OptString(L, fn, 2, t, "gateway")
	spec.Blackhole, _ = luabind.OptBool(L, fn, 2, t, "blackhole")
	spec.FDB, _ = luabind.OptBool(L, fn, 2, t, "fdb")
	spec.OnLink, _ = luabind.OptBool(L, fn, 2, t, "onlink")
	spec.GroupType, _ = luabind.OptString(L, fn, 2, t, "type")
	b, _ := luabind.OptUint(L, fn, 2, t, "buckets", math.MaxUint16)
	spec.Buckets = uint16(b)
	spec.IdleTimer, _ = luabind.OptUint(L, fn, 2, t, "idle_timer", math.MaxUint32/100)
	spec.Family = tableFamily(L, fn, t, spec.Family)
	if p, ok := luabind.OptString(L, fn, 2, t, "protocol"); ok {
		if spec.Protocol, ok = rtnl.ParseProtocol(p); !ok {
			luabind.ArgError(L, fn, 2, "field 'protocol': unknown protocol %q", p)
		}
	}
	for _, key := range []string{"dev", "ifindex"} {
		if t.RawGetString(key) == lua.LNil {
			continue
		}
		idx, _, n := optLink(L, s, fn, 2, t, key)
		if n > 0 {
			return n
		}
		if spec.Ifindex != 0 && spec.Ifindex != idx {
			luabind.ArgError(L, fn, 2, "fields 'dev' and 'ifindex' name the same thing, the next hop's link, and differ (%d, %d)", spec.Ifindex, idx)
		}
		spec.Ifindex = idx
	}
	spec.Group = nexthopGroup(L, fn, t.RawGetString("group"))
	if err := spec.Check(); err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
	}
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, "nexthop add", fmt.Sprintf("id %d", spec.ID), rtnl.NexthopAdd(ctx, s.Sock, spec))
}

// nexthopGroup reads field group: an array of {id=, weight=}.
func nexthopGroup(L *lua.LState, fn string, v lua.LValue) []rtnl.NexthopMember {
	if v == lua.LNil {
		return nil
	}
	t, ok := v.(*lua.LTable)
	if !ok || t.Len() == 0 {
		luabind.ArgError(L, fn, 2, "field 'group' must be an array of {id=, weight=}, got %s", luabind.TypeName(v))
	}
	var out []rtnl.NexthopMember
	for i := 1; i <= t.Len(); i++ {
		mt, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			luabind.ArgError(L, fn, 2, "field 'group'[%d] must be a table {id=, weight=}, got %s", i, luabind.TypeName(t.RawGetInt(i)))
		}
		mt.ForEach(func(k, _ lua.LValue) {
			if k.String() != "id" && k.String() != "weight" {
				luabind.ArgError(L, fn, 2, "field 'group'[%d]: unknown field %s (known: id, weight)", i, k.String())
			}
		})
		id, ok := luabind.OptUint(L, fn, 2, mt, "id", math.MaxUint32)
		if !ok || id == 0 {
			luabind.ArgError(L, fn, 2, "field 'group'[%d] needs an id", i)
		}
		w, hasWeight := luabind.OptUint(L, fn, 2, mt, "weight", 256)
		if hasWeight && w == 0 { // rtnl reads an unset weight (0) as 1
			luabind.ArgError(L, fn, 2, "field 'group'[%d]: weight 0 is no weight (1..256, 1 when left out)", i)
		}
		out = append(out, rtnl.NexthopMember{ID: id, Weight: uint16(w)})
	}
	return out
}

// rtnl.nexthop_del(sock, id) or rtnl.nexthop_del(sock, {id=})
func luaRtnlNexthopDel(L *lua.LState) int {
	const fn = "rtnl.nexthop_del"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	var id uint32
	switch v := L.Get(2).(type) {
	case lua.LNumber:
		id = uint32(luabind.IntIn(L, fn, 2, "nexthop id", float64(v), 1, math.MaxUint32))
	case *lua.LTable:
		t := luabind.OptTable(L, fn, 2, "id")
		var ok bool
		if id, ok = luabind.OptUint(L, fn, 2, t, "id", math.MaxUint32); !ok || id == 0 {
			luabind.ArgError(L, fn, 2, "field 'id' is required")
		}
	default:
		luabind.ArgError(L, fn, 2, "nexthop id or {id=} expected, got %s", luabind.TypeName(v))
	}
	ctx := luabind.Context(L)
	return luabind.Done(L, ctx, "nexthop del", fmt.Sprintf("id %d", id), rtnl.NexthopDel(ctx, s.Sock, id))
}

// describedRouteBody is m.body of a nexthop or netconf message (the same
// table rtnl.nexthops and rtnl.netconf give); nil for other types.
func describedRouteBody(L *lua.LState, m nlsock.Message) lua.LValue {
	obj, ok, err := rtnl.DecodeDescribed(m.Header.Type, m.Payload)
	return luabind.DecodedBody(L, obj, ok, err)
}
