-- Address lifecycle on a veth: IPv4 and IPv6, duplicates and deletions of
-- addresses that are not there. Each case starts from a fresh pair.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

local function find(address)
	for _, a in ipairs(assert(rtnl.addrs(s))) do
		if a.address == address then return a end
	end
end

-- fresh makes the pair a0/a1 with 192.0.2.1/24 and 2001:db8::1/64 on a0.
local function fresh()
	assert(rtnl.link_add(s, {name = "a0", kind = "veth", peer = "a1"}))
	cleanup(function() rtnl.link_del(s, "a0") end)
	assert(rtnl.addr_add(s, "a0", "192.0.2.1/24"))
	assert(rtnl.addr_add(s, "a0", "2001:db8::1/64"))
	return assert(rtnl.link(s, "a0")).index
end

test("IPv4 and IPv6 addresses as added", function()
	local idx = fresh()
	local v4 = find("192.0.2.1")
	eq({v4.family, v4.prefixlen, v4.index}, {"inet", 24, idx})
	local v6 = find("2001:db8::1")
	eq({v6.family, v6.prefixlen, v6.index}, {"inet6", 64, idx})
end)

test("the same address twice is EEXIST with the kernel's text", function()
	fresh()
	local ok, msg, errname = rtnl.addr_add(s, "a0", "192.0.2.1/24")
	eq({ok, errname}, {nil, "EEXIST"})
	expect(msg:find("Address already assigned", 1, true), msg)
end)

test("deleting an address that is not there is EADDRNOTAVAIL", function()
	fresh()
	local ok, msg, errname = rtnl.addr_del(s, "a0", "192.0.2.99/24")
	eq({ok, errname}, {nil, "EADDRNOTAVAIL"}, msg)
end)

test("delete one, the other stays", function()
	fresh()
	assert(rtnl.addr_del(s, "a0", "192.0.2.1/24"))
	eq(find("192.0.2.1"), nil)
	expect(find("2001:db8::1"), "the IPv6 address stays")
end)

test("addresses go with their link", function()
	fresh()
	assert(rtnl.link_del(s, "a0"))
	eq(find("2001:db8::1"), nil)
	eq(find("192.0.2.1"), nil)
end)
