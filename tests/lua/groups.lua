-- Multicast groups: join and leave by number, constant or name; the kernel's
-- list of memberships comes back as names.
local function has(list, v)
	for _, x in ipairs(list) do
		if x == v then return true end
	end
	return false
end

test("join by name, number and constant", function()
	local s = assert(netlink.open("route"))
	assert(s:join("link"))
	assert(s:join(5)) -- RTNLGRP_IPV4_IFADDR
	assert(s:join(rtnl.RTNLGRP_IPV6_ROUTE))
	local g = assert(s:groups())
	table.sort(g)
	eq(g, {"ipv4-ifaddr", "ipv6-route", "link"})
	s:close()
end)

test("leave removes the membership", function()
	local s = assert(netlink.open("route"))
	assert(s:join("link"))
	assert(s:join("neigh"))
	assert(s:leave("link"))
	eq(assert(s:groups()), {"neigh"})
	assert(s:leave("neigh"))
	eq(assert(s:groups()), {})
	s:close()
end)

test("leaving a group never joined is fine", function()
	local s = assert(netlink.open("route"))
	eq(s:leave(7), true)
	s:close()
end)

test("the kernel refuses group 0 and groups past the last", function()
	local s = assert(netlink.open("route"))
	local ok, msg, errname = s:join(0)
	eq({ok, errname}, {nil, "EINVAL"}, msg)
	ok, msg, errname = s:join(1000)
	eq({ok, errname}, {nil, "EINVAL"}, msg)
	s:close()
end)

test("generic netlink family:group resolves through the kernel", function()
	local s = assert(netlink.open("generic"))
	assert(s:join("nlctrl:notify"))
	expect(has(assert(s:groups()), "nlctrl:notify"), "listed by the name used")
	local ok, msg, errname = s:join("nlctrl:no-such-group")
	eq({ok, errname}, {nil, "ENOENT"}, msg)
	s:close()
end)
