-- Files do not share namespaces: isolation_a.lua and isolation_b.lua (which
-- requires this one) make the same link and address at the top level, in
-- parallel, and never collide.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)
local before = #assert(rtnl.links(s))
assert(rtnl.link_add(s, {name = "iso0", kind = "veth", peer = "iso1"}))
assert(rtnl.addr_add(s, "iso0", "192.0.2.1/24"))

test("the namespace was fresh", function()
	eq(before, 1, "only lo: nothing from the other file")
end)

test("what the top level made is there", function()
	eq(#assert(rtnl.links(s)), 3, "lo and the pair")
	eq(assert(rtnl.link(s, "iso0")).kind, "veth")
end)

test("the host does not see it", function()
	local h = assert(netlink.open("route", "host"))
	eq(select(3, rtnl.link(h, "iso0")), "ENODEV")
	h:close()
end)
