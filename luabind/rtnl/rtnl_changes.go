//go:build linux

package rtnl

import (
	"fmt"
	"math"
	"net/netip"
	"strings"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// Neighbour and rule changes, encoded through the built-in rt-neigh and
// rt-rule descriptions (nlsock/rtnl/neigh_change.go, rule_change.go);
// rtnl.neighbours and rtnl.rules keep their own decoders.

// rtnl.neigh_add(sock, {dev=, dst=, lladdr=, state=, family=, proxy=, router=, replace=})
func luaRtnlNeighAdd(L *lua.LState) int { return neighChange(L, "rtnl.neigh_add", true) }

// rtnl.neigh_del(sock, {dev=, dst=, family=, proxy=})
func luaRtnlNeighDel(L *lua.LState) int { return neighChange(L, "rtnl.neigh_del", false) }

func neighChange(L *lua.LState, fn string, adding bool) int {
	s, n := routeSocket(L, fn, 1)
	if s == nil {
		return n
	}
	known := []string{"dev", "dst", "family", "proxy", "router"}
	if adding {
		known = append(known, "lladdr", "state", "replace")
	}
	t := luabind.OptTable(L, fn, 2, known...)
	var spec rtnl.NeighSpec
	var ok bool
	if spec.Dst, ok = luabind.OptString(L, fn, 2, t, "dst"); !ok {
		luabind.ArgError(L, fn, 2, "field 'dst' is required")
	}
	if t.RawGetString("dev") == lua.LNil {
		luabind.ArgError(L, fn, 2, "field 'dev' is required")
	}
	spec.Family = tableFamily(L, fn, t, spec.Family)
	spec.LLAddr = optMAC(L, fn, 2, t, "lladdr")
	if st, ok := luabind.OptString(L, fn, 2, t, "state"); ok {
		if spec.State, ok = rtnl.ParseNeighState(st); !ok {
			luabind.ArgError(L, fn, 2, "field 'state': %q is not a neighbour state (permanent, reachable, stale, noarp, ...)", st)
		}
	}
	spec.Proxy, _ = luabind.OptBool(L, fn, 2, t, "proxy")
	spec.Router, _ = luabind.OptBool(L, fn, 2, t, "router")
	spec.Replace, _ = luabind.OptBool(L, fn, 2, t, "replace")
	if adding && spec.LLAddr == nil && !spec.Proxy {
		luabind.ArgError(L, fn, 2, "field 'lladdr' is required (but for a proxy entry)")
	}
	idx, _, n := optLink(L, s, fn, 2, t, "dev")
	if n > 0 {
		return n
	}
	spec.Ifindex = idx
	if err := spec.Check(); err != nil {
		luabind.ArgError(L, fn, 2, "%v", err)
	}
	ctx := luabind.Context(L)
	if adding {
		return luabind.Done(L, ctx, "neighbour add", spec.Dst, rtnl.NeighAdd(ctx, s.Sock, spec))
	}
	return luabind.Done(L, ctx, "neighbour del", spec.Dst, rtnl.NeighDel(ctx, s.Sock, spec))
}

// rtnl.rule_add(sock, {family=, priority=, table=, action=, goto=, src=, dst=,
// iif=, oif=, fwmark=, fwmask=, protocol=, invert=})
func luaRtnlRuleAdd(L *lua.LState) int { return ruleChange(L, "rtnl.rule_add", true) }

// rtnl.rule_del(sock, {...}): the first rule that matches the fields given.
func luaRtnlRuleDel(L *lua.LState) int { return ruleChange(L, "rtnl.rule_del", false) }

func ruleChange(L *lua.LState, fn string, adding bool) int {
	s, t, n := routeOptions(L, fn, 2, "family", "priority", "table", "action", "goto", "src", "dst",
		"iif", "oif", "fwmark", "fwmask", "protocol", "invert")
	if s == nil {
		return n
	}
	var r rtnl.RuleSpec
	r.Family = tableFamily(L, fn, t, r.Family)
	if p, ok := luabind.OptUint(L, fn, 2, t, "priority", math.MaxUint32); ok {
		r.Priority = &p
	}
	switch v := t.RawGetString("table").(type) {
	case *lua.LNilType:
	case lua.LNumber:
		r.Table = uint32(luabind.IntIn(L, fn, 2, "field 'table'", float64(v), 1, math.MaxUint32))
	case lua.LString:
		tb, ok := rtnl.ParseTable(string(v))
		if !ok || tb == 0 {
			luabind.ArgError(L, fn, 2, "field 'table': %q is not a table (main, local, default or a number)", string(v))
		}
		r.Table = tb
	default:
		luabind.ArgError(L, fn, 2, "field 'table' must be a table name or number, got %s", luabind.TypeName(v))
	}
	r.Action, _ = luabind.OptString(L, fn, 2, t, "action")
	r.Goto, _ = luabind.OptUint(L, fn, 2, t, "goto", math.MaxUint32)
	r.Src = optPrefix(L, fn, t, "src")
	r.Dst = optPrefix(L, fn, t, "dst")
	r.IIf, _ = luabind.OptString(L, fn, 2, t, "iif")
	r.OIf, _ = luabind.OptString(L, fn, 2, t, "oif")
	if m, ok := luabind.OptUint(L, fn, 2, t, "fwmark", math.MaxUint32); ok {
		r.FWMark = &m
	}
	if m, ok := luabind.OptUint(L, fn, 2, t, "fwmask", math.MaxUint32); ok {
		r.FWMask = &m
	}
	if p, ok := luabind.OptString(L, fn, 2, t, "protocol"); ok {
		if r.Protocol, ok = rtnl.ParseProtocol(p); !ok {
			luabind.ArgError(L, fn, 2, "field 'protocol': unknown protocol %q", p)
		}
	}
	r.Invert, _ = luabind.OptBool(L, fn, 2, t, "invert")
	if adding {
		if err := r.Check(); err != nil {
			luabind.ArgError(L, fn, 2, "%v", err)
		}
	}
	what := "rule"
	if r.Priority != nil {
		what = fmt.Sprintf("rule %d", *r.Priority)
	}
	ctx := luabind.Context(L)
	if adding {
		return luabind.Done(L, ctx, "add", what, rtnl.RuleAdd(ctx, s.Sock, r))
	}
	return luabind.Done(L, ctx, "del", what, rtnl.RuleDel(ctx, s.Sock, r))
}

// optPrefix reads a prefix field ("10.0.0.0/8"; a bare address is a host).
func optPrefix(L *lua.LState, fn string, t *lua.LTable, key string) netip.Prefix {
	s, ok := luabind.OptString(L, fn, 2, t, key)
	if !ok {
		return netip.Prefix{}
	}
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			luabind.ArgError(L, fn, 2, "field '%s': %q is not an address or prefix", key, s)
		}
		return netip.PrefixFrom(a, a.BitLen())
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		luabind.ArgError(L, fn, 2, "field '%s': %q is not an address or prefix", key, s)
	}
	return p
}
