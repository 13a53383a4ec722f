-- netlink.monitor: decoded events from a group, an early close through the
-- handle it returns, and its argument and group errors.
test("events arrive decoded, and close ends the monitor", function()
	local events, mon = assert(netlink.monitor{groups = {"link"}})
	local s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "m0", kind = "veth", peer = "m1"}))
	local ev = assert(events())
	eq(ev.name, "RTM_NEWLINK")
	expect(ev.summary:find("+link", 1, true), ev.summary)
	expect(ev.body.name == "m0" or ev.body.name == "m1", "names one of the pair")
	mon:close()
	mon:close()
	eq(events(), nil, "a closed monitor ends the loop")
	s:close()
end)

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
