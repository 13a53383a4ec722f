//go:build linux

package luabind

import (
	"context"
	"fmt"
	"math"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	lua "github.com/yuin/gopher-lua"
)

// The rtnl objects read through nlsh's built-in YNL descriptions
// (nlsock/rtnl/nexthop.go, netconf.go): their tables are the decoded
// values converted by goToLua, so the fields are the description's names
// with underscores, renamed where ip -j names them otherwise.
//
//	nexthop: id family scope protocol flags ifindex gateway blackhole fdb
//	         group{{id=, weight=}} type ("mpath", "resilient") resilient{buckets=, idle_timer=, ...}
//	netconf: family ifindex interface ("all", "default") forwarding rp_filter
//	         mc_forwarding proxy_neigh ignore_routes_with_linkdown input bc_forwarding

// pushAttrs returns a dump's result to Lua: the objects as an array of
// tables, or nil, msg, errname for err (named after fn).
func pushAttrs(L *lua.LState, ctx context.Context, fn string, objs []ynl.Attrs, err error) int {
	if err != nil {
		return ioFailure(L, ctx, fmt.Errorf("%s: %w", fn, err))
	}
	t := L.CreateTable(len(objs), 0)
	for i, o := range objs {
		t.RawSetInt(i+1, goToLua(L, o))
	}
	L.Push(t)
	return 1
}

// rtnl.nexthops(sock) -> array of nexthop tables.
func luaRtnlNexthops(L *lua.LState) int {
	const fn = "rtnl.nexthops"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	if L.GetTop() > 1 {
		argError(L, fn, 2, "rtnl.nexthops takes no options")
	}
	ctx := ctxOf(L)
	objs, err := rtnl.Nexthops(ctx, s.s)
	return pushAttrs(L, ctx, fn, objs, err)
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
		t := optTable(L, fn, 2, "family")
		if v := t.RawGetString("family"); v != lua.LNil {
			family = optFamily(L, fn, v)
		}
	}
	ctx := ctxOf(L)
	objs, err := rtnl.Netconf(ctx, s.s, family)
	return pushAttrs(L, ctx, fn, objs, err)
}

// rtnl.nexthop_add(sock, {id=, gateway=, dev=, blackhole=, fdb=, onlink=,
// family=, protocol=, group={{id=, weight=}, ...}, type=, buckets=, idle_timer=})
func luaRtnlNexthopAdd(L *lua.LState) int {
	const fn = "rtnl.nexthop_add"
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	t := optTable(L, fn, 2, "id", "gateway", "dev", "ifindex", "blackhole", "fdb", "onlink",
		"family", "protocol", "group", "type", "buckets", "idle_timer")
	var spec rtnl.NexthopSpec
	spec.ID, _ = optUint(L, fn, 2, t, "id", math.MaxUint32)
	spec.Gateway, _ = optString(L, fn, 2, t, "gateway")
	spec.Blackhole, _ = optBool(L, fn, 2, t, "blackhole")
	spec.FDB, _ = optBool(L, fn, 2, t, "fdb")
	spec.OnLink, _ = optBool(L, fn, 2, t, "onlink")
	spec.GroupType, _ = optString(L, fn, 2, t, "type")
	b, _ := optUint(L, fn, 2, t, "buckets", math.MaxUint16)
	spec.Buckets = uint16(b)
	spec.IdleTimer, _ = optUint(L, fn, 2, t, "idle_timer", math.MaxUint32/100)
	if v := t.RawGetString("family"); v != lua.LNil {
		spec.Family = optFamily(L, fn, v)
	}
	if p, ok := optString(L, fn, 2, t, "protocol"); ok {
		if spec.Protocol, ok = rtnl.ParseProtocol(p); !ok {
			argError(L, fn, 2, "field 'protocol': unknown protocol %q", p)
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
		spec.Ifindex = idx
	}
	spec.Group = nexthopGroup(L, fn, t.RawGetString("group"))
	if err := spec.Check(); err != nil {
		argError(L, fn, 2, "%v", err)
	}
	ctx := ctxOf(L)
	return done(L, ctx, "nexthop add", fmt.Sprintf("id %d", spec.ID), rtnl.NexthopAdd(ctx, s.s, spec))
}

// nexthopGroup reads field group: an array of {id=, weight=}.
func nexthopGroup(L *lua.LState, fn string, v lua.LValue) []rtnl.NexthopMember {
	if v == lua.LNil {
		return nil
	}
	t, ok := v.(*lua.LTable)
	if !ok || t.Len() == 0 {
		argError(L, fn, 2, "field 'group' must be an array of {id=, weight=}, got %s", typeName(v))
	}
	var out []rtnl.NexthopMember
	for i := 1; i <= t.Len(); i++ {
		mt, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			argError(L, fn, 2, "field 'group'[%d] must be a table {id=, weight=}, got %s", i, typeName(t.RawGetInt(i)))
		}
		mt.ForEach(func(k, _ lua.LValue) {
			if k.String() != "id" && k.String() != "weight" {
				argError(L, fn, 2, "field 'group'[%d]: unknown field %s (known: id, weight)", i, k.String())
			}
		})
		id, ok := optUint(L, fn, 2, mt, "id", math.MaxUint32)
		if !ok || id == 0 {
			argError(L, fn, 2, "field 'group'[%d] needs an id", i)
		}
		w, hasWeight := optUint(L, fn, 2, mt, "weight", 256)
		if hasWeight && w == 0 { // rtnl reads an unset weight (0) as 1
			argError(L, fn, 2, "field 'group'[%d]: weight 0 is no weight (1..256, 1 when left out)", i)
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
		id = uint32(intIn(L, fn, 2, "nexthop id", float64(v), 1, math.MaxUint32))
	case *lua.LTable:
		t := optTable(L, fn, 2, "id")
		var ok bool
		if id, ok = optUint(L, fn, 2, t, "id", math.MaxUint32); !ok || id == 0 {
			argError(L, fn, 2, "field 'id' is required")
		}
	default:
		argError(L, fn, 2, "nexthop id or {id=} expected, got %s", typeName(v))
	}
	ctx := ctxOf(L)
	return done(L, ctx, "nexthop del", fmt.Sprintf("id %d", id), rtnl.NexthopDel(ctx, s.s, id))
}

// describedRouteBody is m.body of a nexthop or netconf message (the same
// table rtnl.nexthops and rtnl.netconf give); nil for other types.
func describedRouteBody(L *lua.LState, m nlsock.Message) lua.LValue {
	obj, ok, err := rtnl.DecodeDescribed(m.Header.Type, m.Payload)
	return decodedBody(L, obj, ok, err)
}

// decodedBody is m.body from a description decoder's result (obj,
// whether the message is one it reads, the decoding error): nil when it
// is not, else obj's table with the error, if any, as its field error
// (what was read before it stays).
func decodedBody(L *lua.LState, obj ynl.Attrs, ok bool, err error) lua.LValue {
	if !ok {
		return lua.LNil
	}
	t := goToLua(L, obj).(*lua.LTable)
	if err != nil {
		t.RawSetString("error", lua.LString(err.Error()))
	}
	return t
}
