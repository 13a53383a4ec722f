//go:build linux

package rtnl

import (
	"sync"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// routeField is the everyday field key of r exactly as routeTable sets it
// from rtnl.RouteFields (nil for one it leaves out), computed alone, so that
// reading r.dst of a compact route costs one field, not the table; ok is
// false for a key it does not compute (nexthops, the lazy fields), which
// fill the table. It names the fields itself rather than reading the list:
// a switch on the key costs half of the list's lookup and getter, which
// rtnl.each.routes pays once a route (BenchmarkRtnlEachRoutes).
// TestRouteFieldMatchesRouteTable checks it against routeTable for every
// field routeFields.eager lists.
func routeField(r *rtnl.Route, key string) (v lua.LValue, ok bool) {
	switch key {
	case "family":
		return numName(rtnl.FamilyName(r.Family), uint64(r.Family)), true
	case "dst":
		if p := r.Prefix(); p.IsValid() {
			// p.String() in one allocation instead of three
			var buf [64]byte
			return lua.LString(p.AppendTo(buf[:0])), true
		}
		return lua.LNil, true
	case "table":
		return lua.LNumber(r.Table), true
	case "protocol":
		return lstr(rtnl.ProtocolName(r.Protocol)), true
	case "scope":
		return lstr(rtnl.ScopeName(r.Scope)), true
	case "type":
		return lstr(rtnl.RouteTypeName(r.Type)), true
	case "gateway":
		return addrValue(r.Gateway), true
	case "via":
		return addrValue(r.Via), true
	case "prefsrc":
		return addrValue(r.PrefSrc), true
	case "src":
		if r.Src.IsValid() {
			return lua.LString(r.Src.String() + "/" + itoa(int(r.SrcLen))), true
		}
		return lua.LNil, true
	case "ifindex", "oif": // oif: the old name (README, "Naming")
		if r.OIF != 0 {
			return lua.LNumber(r.OIF), true
		}
		return lua.LNil, true
	case "metric":
		if r.Priority != 0 || r.Family == rtnl.AF_INET6 {
			return lua.LNumber(r.Priority), true
		}
		return lua.LNil, true
	}
	return nil, false
}

// routeFieldOf decodes a route payload and computes one field (routeField).
func routeFieldOf() func(payload []byte, key string) (lua.LValue, bool) {
	var pool sync.Pool
	return func(payload []byte, key string) (lua.LValue, bool) {
		if _, ok := routeField(&rtnl.Route{}, key); !ok {
			return nil, false
		}
		r, _ := pool.Get().(*rtnl.Route)
		if r == nil {
			r = new(rtnl.Route)
		}
		defer pool.Put(r)
		if r.Decode(payload) != nil {
			return nil, false // the table fills, and shows the error
		}
		v, _ := routeField(r, key)
		if v == nil {
			v = lua.LNil
		}
		return v, true
	}
}
