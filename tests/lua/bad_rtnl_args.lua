-- rtnl's argument mistakes raise errors naming the function, the argument
-- and the field.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

test("a socket of the wrong protocol", function()
	local g = assert(netlink.open("generic"))
	errors(function() rtnl.links(g) end, "bad argument #1 to rtnl.links (route socket expected, got a generic socket)")
	g:close()
	errors(function() rtnl.links() end, "bad argument #1 to rtnl.links")
end)

test("link_add needs name and kind and knows its fields", function()
	errors(function() rtnl.link_add(s, {kind = "veth"}) end, "field 'name' is required")
	errors(function() rtnl.link_add(s, {name = "x"}) end, "field 'kind' is required")
	errors(function() rtnl.link_add(s, {name = "x", kind = "veth", bogus = 1}) end, "unknown field bogus")
	errors(function() rtnl.link_add(s, "x") end, "bad argument #2 to rtnl.link_add (table expected, got string)")
end)

test("link_set checks its fields", function()
	errors(function() rtnl.link_set(s, "lo", {mtu = -1}) end, "field 'mtu' must be an integer")
	errors(function() rtnl.link_set(s, "lo", {up = "yes"}) end, "field 'up' must be a boolean")
	errors(function() rtnl.link_set(s, "", {}) end, "link name must not be empty")
	errors(function() rtnl.link_set(s, {}, {}) end, "link name or index expected")
end)

test("addresses and routes must parse", function()
	errors(function() rtnl.addr_add(s, "lo", "10.0.0.300/24") end, '"10.0.0.300/24" is not an address or prefix')
	errors(function() rtnl.addr_add(s, "lo", 5) end, "address/prefix string expected")
	errors(function() rtnl.route_add(s, "10.0.0.0/8") end, "bad argument #2 to rtnl.route_add (table expected, got string)")
	errors(function() rtnl.route_add(s, {dst = "nowhere"}) end, "field 'dst'")
end)

test("a missing link is a kernel failure, not an error", function()
	local ok, msg, errname = rtnl.link_set(s, "nope0", {up = true})
	eq({ok, errname}, {nil, "ENODEV"})
	expect(msg:find("nope0", 1, true), "names the link: " .. msg)
end)
