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

test("20 veth pairs give 40 more links, raw and decoded", function()
	local s = assert(netlink.open("route"))
	local before = #assert(rtnl.links(s))
	for i = 1, 20 do
		assert(rtnl.link_add(s, {name = "a" .. i, kind = "veth", peer = "b" .. i}))
	end
	eq(#assert(rtnl.links(s)), before + 40)
	local r = assert(s:request(GETLINK))
	eq(#r, before + 40, "one message per link, DONE not included")
	eq(count(r, "RTM_NEWLINK"), before + 40)
	for i = 1, 20 do
		assert(rtnl.link_del(s, "a" .. i))
	end
	s:close()
end)

test("500 addresses give exactly 500 more (multi-part dump)", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "m0", kind = "veth", peer = "m1"}))
	local function on_m0()
		local n, idx = 0, assert(rtnl.link(s, "m0")).index
		for _, a in ipairs(assert(rtnl.addrs(s))) do
			if a.index == idx and a.family == "inet" then n = n + 1 end
		end
		return n
	end
	eq(on_m0(), 0)
	for i = 1, 500 do
		assert(rtnl.addr_add(s, "m0", string.format("10.5.%d.%d/32", math.floor(i / 256), i % 256)))
	end
	eq(on_m0(), 500)
	assert(rtnl.link_del(s, "m0"))
	s:close()
end)

test("deleted links are gone from the next dump", function()
	local s = assert(netlink.open("route"))
	for i = 1, 10 do
		assert(rtnl.link_add(s, {name = "x" .. i, kind = "veth", peer = "y" .. i}))
	end
	local before = #assert(rtnl.links(s))
	for i = 1, 10 do
		assert(rtnl.link_del(s, "x" .. i)) -- the peer goes with it
	end
	eq(#assert(rtnl.links(s)), before - 20)
	s:close()
end)
