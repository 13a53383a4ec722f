-- Route lifecycle: a connected route appears with an address, a gateway
-- route goes through it, and bad routes fail with the kernel's reason.
-- Each case starts from a fresh up veth with 192.0.2.1/24.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

local function find(dst)
	for _, r in ipairs(assert(rtnl.routes(s))) do
		if r.dst == dst and r.table == 254 then return r end
	end
end

local function fresh()
	assert(rtnl.link_add(s, {name = "r0", kind = "veth", peer = "r1"}))
	cleanup(function() rtnl.link_del(s, "r0") end)
	assert(rtnl.link_set(s, "r1", {up = true}))
	assert(rtnl.link_set(s, "r0", {up = true}))
	assert(rtnl.addr_add(s, "r0", "192.0.2.1/24"))
end

test("the connected route is there", function()
	fresh()
	local r = find("192.0.2.0/24")
	expect(r, "192.0.2.0/24 in the main table")
	eq({r.protocol, r.scope, r.prefsrc}, {"kernel", "link", "192.0.2.1"})
end)

test("a route through a gateway", function()
	fresh()
	assert(rtnl.route_add(s, {dst = "198.51.100.0/24", gateway = "192.0.2.254"}))
	local r = find("198.51.100.0/24")
	eq(r.gateway, "192.0.2.254")
	eq(r.oif, assert(rtnl.link(s, "r0")).index)
end)

test("a device route with a metric", function()
	fresh()
	assert(rtnl.route_add(s, {dst = "203.0.113.0/24", dev = "r0", metric = 7}))
	eq(find("203.0.113.0/24").metric, 7)
end)

test("an unreachable gateway is ENETUNREACH", function()
	fresh()
	local ok, msg, errname = rtnl.route_add(s, {dst = "10.200.0.0/16", gateway = "10.9.9.9"})
	eq({ok, errname}, {nil, "ENETUNREACH"}, msg)
	expect(msg:find("Nexthop has invalid gateway", 1, true), msg)
end)

test("delete, and delete again", function()
	fresh()
	assert(rtnl.route_add(s, {dst = "198.51.100.0/24", gateway = "192.0.2.254"}))
	assert(rtnl.route_del(s, {dst = "198.51.100.0/24"}))
	eq(find("198.51.100.0/24"), nil)
	local ok, msg, errname = rtnl.route_del(s, {dst = "198.51.100.0/24"})
	eq({ok, errname}, {nil, "ESRCH"}, msg)
end)

test("routes go when the link goes down", function()
	fresh()
	assert(rtnl.route_add(s, {dst = "203.0.113.0/24", dev = "r0"}))
	assert(rtnl.link_set(s, "r0", {up = false}))
	eq(find("203.0.113.0/24"), nil)
	eq(find("192.0.2.0/24"), nil)
end)
