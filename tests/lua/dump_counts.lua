-- Exact dump counts: a fresh namespace has exactly lo; every object made
-- shows up exactly once, in both the raw and the decoded dump.
local function count(r, name)
	local n = 0
	for _, m in ipairs(r) do
		if m.name == name then n = n + 1 end
	end
	return n
end
local GETLINK = {type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}

test("a fresh namespace has one link, lo, and no inet addresses", function()
	local s = assert(netlink.open("route"))
	local links = assert(rtnl.links(s))
	eq(#links, 1)
	eq(links[1].name, "lo")
	eq(links[1].index, 1)
	eq(#assert(rtnl.addrs(s)), 0, "lo is down: no addresses yet")
	s:close()
end)

test("20 veth pairs give 41 links, raw and decoded", function()
	local s = assert(netlink.open("route"))
	for i = 1, 20 do
		assert(rtnl.link_add(s, {name = "a" .. i, kind = "veth", peer = "b" .. i}))
	end
	eq(#assert(rtnl.links(s)), 41)
	local r = assert(s:request(GETLINK))
	eq(#r, 41, "one message per link, DONE not included")
	eq(count(r, "RTM_NEWLINK"), 41)
	s:close()
end)

test("500 addresses give exactly 501 (multi-part dump)", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link_set(s, "lo", {up = true}))
	for i = 1, 500 do
		assert(rtnl.addr_add(s, "lo", string.format("10.5.%d.%d/32", math.floor(i / 256), i % 256)))
	end
	local addrs = assert(rtnl.addrs(s))
	local v4 = 0
	for _, a in ipairs(addrs) do
		if a.family == "inet" then v4 = v4 + 1 end
	end
	eq(v4, 501, "500 plus 127.0.0.1")
	s:close()
end)

test("deleted links are gone from the next dump", function()
	local s = assert(netlink.open("route"))
	for i = 1, 20 do
		assert(rtnl.link_del(s, "a" .. i)) -- the peer goes with it
	end
	eq(#assert(rtnl.links(s)), 1)
	s:close()
end)
