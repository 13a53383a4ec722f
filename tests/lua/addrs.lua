-- Address lifecycle on a veth: IPv4 and IPv6, duplicates and deletions of
-- addresses that are not there.
local s

local function find(addrs, address)
	for _, a in ipairs(addrs) do
		if a.address == address then return a end
	end
end

test("setup", function()
	s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "a0", kind = "veth", peer = "a1"}))
end)

test("add IPv4 and IPv6 addresses", function()
	assert(rtnl.addr_add(s, "a0", "192.0.2.1/24"))
	assert(rtnl.addr_add(s, "a0", "2001:db8::1/64"))
	local addrs = assert(rtnl.addrs(s))
	local v4 = find(addrs, "192.0.2.1")
	local idx = assert(rtnl.link(s, "a0")).index
	eq({v4.family, v4.prefixlen, v4.index}, {"inet", 24, idx})
	local v6 = find(addrs, "2001:db8::1")
	eq({v6.family, v6.prefixlen, v6.index}, {"inet6", 64, idx})
end)

test("the same address twice is EEXIST with the kernel's text", function()
	local ok, msg, errname = rtnl.addr_add(s, "a0", "192.0.2.1/24")
	eq({ok, errname}, {nil, "EEXIST"})
	expect(msg:find("Address already assigned", 1, true), msg)
end)

test("deleting an address that is not there is EADDRNOTAVAIL", function()
	local ok, msg, errname = rtnl.addr_del(s, "a0", "192.0.2.99/24")
	eq({ok, errname}, {nil, "EADDRNOTAVAIL"}, msg)
end)

test("delete", function()
	assert(rtnl.addr_del(s, "a0", "192.0.2.1/24"))
	expect(find(assert(rtnl.addrs(s)), "192.0.2.1") == nil, "gone")
	expect(find(assert(rtnl.addrs(s)), "2001:db8::1"), "the other one stays")
end)

test("addresses go with their link", function()
	assert(rtnl.link_del(s, "a0"))
	eq(find(assert(rtnl.addrs(s)), "2001:db8::1"), nil)
end)

test("teardown", function()
	s:close()
end)
