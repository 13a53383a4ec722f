package rtnl

import (
	"context"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/luabind"
	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	lua "github.com/yuin/gopher-lua"
)

// TestRtnlCompactRoutes: the compact tables of rtnl.routes read like the
// ordinary ones of rtnl.each.routes: the same fields through field access,
// pairs (in the same order) and next, the lazy fields, assignment, and # of the array; and they
// are compact (empty until used).
func TestRtnlCompactRoutes(t *testing.T) {
	ns := routeNS(t, 300, 20, 5)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		s = assert(netlink.open("route"))
		local list = assert(rtnl.routes(s))
		local plain, during = {}, {}
		for r in rtnl.each.routes(s) do
			plain[#plain + 1] = r
			-- read while r is the route handed out: from the decoded route
			during[#during + 1] = {r.family, r.dst, r.table, r.protocol, r.scope, r.type, r.gateway, r.prefsrc, r.oif, r.metric}
		end
		assert(#list == #plain and #list > 325, #list)
		assert(rawget(list[1], "family") == nil, "a compact table is empty until used")
		assert(getmetatable(list[1]) == "nlsh.rtnl")

		local function fields(r)
			local out, n, order = {}, 0, {}
			for k, v in pairs(r) do out[k] = v n = n + 1 order[n] = k end
			return out, n, table.concat(order, " ")
		end
		for i = 1, #list do
			local c, p = list[i], plain[i]
			-- half are read through pairs first, half through a field
			if i % 2 == 0 then assert(c.family == p.family) end
			local cf, cn, corder = fields(c)
			local pf, pn, porder = fields(p)
			assert(cn == pn and cn >= 6, i .. ": " .. cn .. " fields, want " .. pn)
			assert(corder == porder and corder:find("^family dst "), i .. ": pairs order " .. corder .. ", want " .. porder)
			for k, v in pairs(pf) do
				if type(v) ~= "table" then assert(cf[k] == v, i .. " " .. k .. ": " .. tostring(cf[k]) .. " ~= " .. tostring(v)) end
			end
			assert(c.dst_len == p.dst_len and c.rtm_flags == p.rtm_flags)
			local d = during[i]
			local again = {p.family, p.dst, p.table, p.protocol, p.scope, p.type, p.gateway, p.prefsrc, p.oif, p.metric}
			for j = 1, 10 do assert(d[j] == again[j], i .. " field " .. j .. ": " .. tostring(d[j]) .. " ~= " .. tostring(again[j])) end
			assert(#c.attrs == #p.attrs)
		end
		-- next fills too, and so does assignment, which is kept
		local fresh = assert(rtnl.routes(s, {table = 100}))
		assert(next(fresh[1]) ~= nil)
		fresh[2].note = "mine"
		assert(fresh[2].note == "mine" and fresh[2].table == 100 and fresh[2].protocol == "static")
		assert(#fresh == 20 and #fresh[3] == 0)
		assert(fresh[4].nosuchfield == nil)
	`)
}

// TestRtnlCompactMaterialize: Materialize, which the pretty printer and
// eq call before walking a table from Go, fills a compact table.
func TestRtnlCompactMaterialize(t *testing.T) {
	ns := routeNS(t, 0, 3, 0)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `r = assert(rtnl.routes(assert(netlink.open("route")), {table = 100}))[1]`)
	r := L.GetGlobal("r").(*lua.LTable)
	if r.RawGetString("dst") != lua.LNil {
		t.Fatal("the compact table was filled before use")
	}
	luabind.Materialize(L, r)
	if got := r.RawGetString("dst").String(); got != "172.16.0.0/32" {
		t.Fatalf("after Materialize dst is %q", got)
	}
	luabind.Materialize(L, r) // a second time changes nothing
	if r.RawGetString("table").String() != "100" {
		t.Fatal("table lost")
	}
}

// TestRouteFieldMatchesRouteTable: routeField, which answers r.dst of a
// compact route without building its table, gives every field routeFields.eager
// lists (nexthops aside) exactly as routeTable does, on the routes of a
// namespace with IPv4 and IPv6, gateway, device, local, blackhole and
// source routes. A field added to or renamed in routeTable fails here.
func TestRouteFieldMatchesRouteTable(t *testing.T) {
	ns := routeNS(t, 10, 10, 5)
	if out, err := luabindtest.RunOut(ns.NetNS(), exec.Command("sh", "-c", `
		ip addr add 2001:db8::1/64 dev v0 nodad &&
		ip route add 2001:db8:1::/48 via 2001:db8::2 metric 7 &&
		ip route add blackhole 198.51.100.0/24 proto static &&
		ip route add 203.0.113.0/24 dev v0 src 192.0.2.1 table 7 &&
		ip -6 route add 2001:db8:2::/48 from 2001:db8::/64 via 2001:db8::2`)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	s, err := nlsock.Open(0, ns.NetNS())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	routes, err := rtnl.Routes(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	L, _ := newState(t, ns.NetNS())
	seen := map[string]bool{}
	for _, r := range routes {
		full := routeTable(L, nil, &r)
		for _, name := range routeFields.ready().eager.Names() {
			if name == "nexthops" {
				continue
			}
			got, ok := routeField(&r, name)
			if !ok {
				t.Fatalf("routeField does not compute %q, which routeTable sets", name)
			}
			if got == nil {
				got = lua.LNil
			}
			if want := full.RawGetString(name); got != want {
				t.Fatalf("route %v field %s: routeField %v, routeTable %v", r.Prefix(), name, got, want)
			}
			if got != lua.LNil {
				seen[name] = true
			}
		}
	}
	for _, name := range []string{"family", "dst", "table", "protocol", "scope", "type", "gateway", "prefsrc", "src", "ifindex", "metric"} {
		if !seen[name] {
			t.Errorf("no route had %s: the comparison did not cover it", name)
		}
	}
}

// TestCompactRouteGivenBack: a compact route passed to a function that
// reads a table's fields is read with its real fields, so the error names
// what is wrong with it, not a field it does have.
func TestCompactRouteGivenBack(t *testing.T) {
	ns := routeNS(t, 10, 1, 1)
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("route"))
		local r = assert(rtnl.routes(s))[1]
		local ok, err = pcall(rtnl.route_del, s, r)
		assert(not ok and err:find("unknown field ifindex", 1, true), err)
	`)
}
