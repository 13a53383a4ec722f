-- netlink.monitor's argument and group errors. (Its events are covered by
-- luabind's own scripts: a monitor's sockets close only with the state, so
-- here they would count as left open at the end of the file.)
test("unknown groups and bad arguments", function()
	local it, msg = netlink.monitor{groups = {"bogus"}}
	eq(it, nil)
	expect(msg:find('unknown object "bogus"', 1, true), msg)
	it, msg = netlink.monitor{groups = {"nosuchfamily:x"}}
	eq(it, nil)
	expect(msg:find("nosuchfamily", 1, true), msg)
	errors(function() netlink.monitor{groups = 5} end, "bad argument #1 to netlink.monitor (field 'groups' must be a non-empty array")
	errors(function() netlink.monitor{} end, "bad argument #1 to netlink.monitor")
end)
