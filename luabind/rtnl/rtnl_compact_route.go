//go:build linux

package rtnl

import (
	"sync"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// routeField is the everyday field key of r exactly as routeTable sets it
// (nil for one it leaves out), computed alone, so that reading r.dst of a
// compact route costs one field, not the table; ok is false for a key it
// does not compute (nexthops, the lazy fields), which fill the table.
// TestRouteFieldMatchesRouteTable checks it against routeTable for every
// field routeFields.eager lists.
func routeField(L *lua.LState, r *rtnl.Route, key string) (v lua.LValue, ok bool) {
	i, ok := routeFields.index[key]
	if !ok || i >= rtnl.RouteSummary {
		return nil, false
	}
	return fieldValue(L, &rtnl.RouteFields[i], r), true
}

// routeFieldOf decodes a route payload and computes one field (routeField).
func routeFieldOf(L *lua.LState) func(payload []byte, key string) (lua.LValue, bool) {
	var pool sync.Pool
	return func(payload []byte, key string) (lua.LValue, bool) {
		if i, ok := routeFields.index[key]; !ok || i >= rtnl.RouteSummary {
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
		v, _ := routeField(L, r, key)
		if v == nil {
			v = lua.LNil
		}
		return v, true
	}
}
