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
	-- a name that is no group is an argument mistake, as for sock:join;
	-- a generic family the kernel does not know is a kernel answer
	errors(function() netlink.monitor{groups = {"link", "bogus"}} end, 'bad argument #1 to netlink.monitor (groups: unknown object "bogus"')
	local it, msg = netlink.monitor{groups = {"nosuchfamily:x"}}
	eq(it, nil)
	expect(msg:find("nosuchfamily", 1, true), msg)
	errors(function() netlink.monitor{groups = 5} end, "bad argument #1 to netlink.monitor (field 'groups' must be a non-empty array")
	errors(function() netlink.monitor{} end, "bad argument #1 to netlink.monitor")
	-- a misspelt option must not silently watch the host namespace
	errors(function() netlink.monitor{groups = {"link"}, netns = {name = "x"}} end,
		'bad argument #1 to netlink.monitor (unknown option "netns" (known: groups, ns, rcvbuf, force, resync))')
end)
