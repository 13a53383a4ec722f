-- Link lifecycle: create a veth pair, change it, rename it, delete it; the
-- decoded link tables say what the kernel says. Each case makes its own pair.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

local function has(list, v)
	for _, x in ipairs(list) do
		if x == v then return true end
	end
	return false
end

-- pair makes the veth pair NAME/NAME-peer, deleted after the case.
local function pair(name, opts)
	local spec = {name = name, kind = "veth", peer = name .. "p"}
	for k, v in pairs(opts or {}) do spec[k] = v end
	assert(rtnl.link_add(s, spec))
	cleanup(function() rtnl.link_del(s, name) end)
end

test("create a veth pair", function()
	pair("c0", {mtu = 1400})
	local c0 = assert(rtnl.link(s, "c0"))
	eq(c0.kind, "veth")
	eq(c0.mtu, 1400)
	expect(not has(c0.flags, "UP"), "created down")
	local peer = assert(rtnl.link(s, "c0p"))
	eq(peer.kind, "veth", "the peer exists too")
	expect(c0.index ~= peer.index and c0.index > 1 and peer.index > 1, "own indexes")
end)

test("set up, mtu and address", function()
	pair("u0")
	assert(rtnl.link_set(s, "u0", {up = true, mtu = 1300, address = "02:00:00:00:00:01"}))
	local u0 = assert(rtnl.link(s, "u0"))
	expect(has(u0.flags, "UP"), "UP: " .. table.concat(u0.flags, ","))
	eq(u0.mtu, 1300)
	eq(u0.address, "02:00:00:00:00:01")
end)

test("change by index", function()
	pair("i0")
	assert(rtnl.link_set(s, assert(rtnl.link(s, "i0")).index, {mtu = 1280}))
	eq(assert(rtnl.link(s, "i0")).mtu, 1280)
end)

test("rename", function()
	pair("n0")
	assert(rtnl.link_set(s, "n0", {name = "renamed0"}))
	cleanup(function() rtnl.link_del(s, "renamed0") end)
	local _, msg, errname = rtnl.link(s, "n0")
	eq(errname, "ENODEV", msg)
	eq(assert(rtnl.link(s, "renamed0")).kind, "veth")
end)

test("a second link with the same name is EEXIST", function()
	pair("e0")
	local ok, msg, errname = rtnl.link_add(s, {name = "e0", kind = "veth", peer = "zz"})
	eq({ok, errname}, {nil, "EEXIST"}, msg)
	expect(msg:find("RTM_NEWLINK", 1, true), "the message names the request: " .. msg)
end)

test("delete takes the peer along", function()
	assert(rtnl.link_add(s, {name = "d0", kind = "veth", peer = "d0p"}))
	assert(rtnl.link_del(s, "d0"))
	eq(select(3, rtnl.link(s, "d0p")), "ENODEV")
	local ok, msg, errname = rtnl.link_del(s, "d0")
	eq({ok, errname}, {nil, "ENODEV"}, msg)
end)

test("cleanups leave only lo", function()
	eq(#assert(rtnl.links(s)), 1)
end)
