-- Files do not share namespaces: isolation_a.lua and isolation_b.lua both
-- create the same link and address, in parallel, and never collide.
test("my own namespace", function()
	local s = assert(netlink.open("route"))
	eq(#assert(rtnl.links(s)), 1, "nothing from the other file")
	assert(rtnl.link_add(s, {name = "iso0", kind = "veth", peer = "iso1"}))
	assert(rtnl.addr_add(s, "iso0", "192.0.2.1/24"))
	assert(rtnl.link_set(s, "lo", {up = true}))
	s:close()
end)

test("state carries over between cases of one file", function()
	local s = assert(netlink.open("route"))
	eq(#assert(rtnl.links(s)), 3, "lo and the pair made by the first case")
	s:close()
end)

test("the host does not see it", function()
	local h = assert(netlink.open("route", "host"))
	eq(select(3, rtnl.link(h, "iso0")), "ENODEV")
	h:close()
end)
