package rtnl

import (
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// Every rtnl object kind names its interface ifindex and keeps the older
// name (index for links and addresses, oif for routes and their nexthops)
// as an alias with the same value, outside pairs(); routes and rules give
// table as a number and table_name beside it; dumps, message bodies and
// the monitor agree.
func TestObjectNamingConvention(t *testing.T) {
	ns := nlsocktest.NewNamespace(t)
	for _, args := range [][]string{
		{"link", "add", "n0", "type", "veth", "peer", "name", "n1"},
		{"link", "set", "n0", "up"}, {"link", "set", "n1", "up"},
		{"addr", "add", "10.8.0.1/24", "dev", "n0"},
		{"route", "add", "10.7.0.0/24", "table", "100", "nexthop", "via", "10.8.0.2", "nexthop", "via", "10.8.0.3"},
		{"neigh", "add", "10.8.0.9", "lladdr", "02:00:00:00:00:09", "dev", "n0"},
		{"rule", "add", "priority", "100", "table", "100"},
	} {
		if out, err := ipIn(ns.NetNS(), args...); err != nil {
			t.Fatalf("ip %v: %v %s", args, err, out)
		}
	}
	L, _ := newState(t, ns.NetNS())
	luabindtest.MustRun(t, L, `
		local s = assert(netlink.open("route"))
		local function listed(o, key)
			for k in pairs(o) do if k == key then return true end end
			return false
		end
		local function same(o, old, what)
			assert(type(o.ifindex) == "number" and o.ifindex > 0, what .. ": ifindex " .. tostring(o.ifindex))
			assert(listed(o, "ifindex"), what .. ": pairs() lacks ifindex")
			assert(not listed(o, old), what .. ": pairs() lists the alias " .. old)
			assert(o[old] == o.ifindex, what .. ": " .. old .. " = " .. tostring(o[old]))
		end
		local n0 = assert(rtnl.link(s, "n0"))
		same(n0, "index", "link")
		for _, a in ipairs(rtnl.addrs(s, {family = "inet"})) do
			if a.address == "10.8.0.1" then same(a, "index", "address"); assert(a.ifindex == n0.ifindex) end
		end
		local found = {}
		for _, r in ipairs(rtnl.routes(s, {table = "all"})) do
			assert(type(r.table) == "number", "route table " .. tostring(r.table))
			if r.dst == "10.8.0.0/24" and r.table == 254 then
				same(r, "oif", "route"); assert(r.table_name == "main"); found.route = true
			end
			if r.dst == "10.7.0.0/24" then
				assert(r.table == 100 and r.table_name == "100", "table_name " .. tostring(r.table_name))
				for _, h in ipairs(r.nexthops) do
					assert(h.ifindex == n0.ifindex and h.oif == h.ifindex, "nexthop ifindex")
				end
				found.multipath = #r.nexthops == 2
			end
		end
		assert(found.route and found.multipath, "routes not found")
		for _, n in ipairs(rtnl.neighbours(s, {family = "inet"})) do
			if n.dst == "10.8.0.9" then assert(n.ifindex == n0.ifindex); found.neigh = true end
		end
		for _, r in ipairs(rtnl.rules(s, {family = "inet"})) do
			assert(type(r.table) == "number")
			if r.priority == 100 then assert(r.table == 100 and r.table_name == "100"); found.rule = true end
			if r.table == 255 then assert(r.table_name == "local") end
		end
		assert(found.neigh and found.rule, "neighbour or rule not found")

		-- an event's body and a monitor event use the same names
		local mon = netlink.monitor{groups = {"ipv4-route"}}
		assert(rtnl.route_add(s, {dst = "10.6.0.0/24", dev = "n0", table = 200}))
		for ev in mon do
			if ev.name == "RTM_NEWROUTE" and ev.body.dst == "10.6.0.0/24" then
				same(ev.body, "oif", "monitor route")
				assert(ev.body.table == 200 and ev.body.table_name == "200")
				break
			end
		end
	`)
}
