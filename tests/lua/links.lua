-- Link lifecycle: create a veth pair, change it, rename it, delete it; the
-- decoded link tables say what the kernel says.
local s

local function has(list, v)
	for _, x in ipairs(list) do
		if x == v then return true end
	end
	return false
end

test("setup", function()
	s = assert(netlink.open("route"))
end)

test("create a veth pair", function()
	assert(rtnl.link_add(s, {name = "v0", kind = "veth", peer = "v1", mtu = 1400}))
	local v0 = assert(rtnl.link(s, "v0"))
	eq(v0.kind, "veth")
	eq(v0.mtu, 1400)
	expect(not has(v0.flags, "UP"), "created down")
	local v1 = assert(rtnl.link(s, "v1"))
	eq(v1.kind, "veth", "the peer exists too")
	expect(v0.index ~= v1.index and v0.index > 1 and v1.index > 1, "own indexes")
end)

test("set up, mtu and address", function()
	assert(rtnl.link_set(s, "v0", {up = true, mtu = 1300, address = "02:00:00:00:00:01"}))
	local v0 = assert(rtnl.link(s, "v0"))
	expect(has(v0.flags, "UP"), "UP: " .. table.concat(v0.flags, ","))
	eq(v0.mtu, 1300)
	eq(v0.address, "02:00:00:00:00:01")
end)

test("change by index", function()
	local v0 = assert(rtnl.link(s, "v0"))
	assert(rtnl.link_set(s, v0.index, {mtu = 1280}))
	eq(assert(rtnl.link(s, "v0")).mtu, 1280)
end)

test("rename", function()
	assert(rtnl.link_set(s, "v0", {up = false}))
	assert(rtnl.link_set(s, "v0", {name = "renamed0"}))
	local _, msg, errname = rtnl.link(s, "v0")
	eq(errname, "ENODEV", msg)
	eq(assert(rtnl.link(s, "renamed0")).kind, "veth")
end)

test("a second link with the same name is EEXIST", function()
	local ok, msg, errname = rtnl.link_add(s, {name = "renamed0", kind = "veth", peer = "zz"})
	eq({ok, errname}, {nil, "EEXIST"}, msg)
	expect(msg:find("RTM_NEWLINK", 1, true), "the message names the request: " .. msg)
end)

test("delete takes the peer along", function()
	assert(rtnl.link_del(s, "renamed0"))
	eq(select(3, rtnl.link(s, "v1")), "ENODEV")
	eq(#assert(rtnl.links(s)), 1, "only lo is left")
	local ok, msg, errname = rtnl.link_del(s, "renamed0")
	eq({ok, errname}, {nil, "ENODEV"}, msg)
end)

test("teardown", function()
	s:close()
end)
