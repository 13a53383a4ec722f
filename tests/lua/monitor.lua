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
		'bad argument #1 to netlink.monitor (unknown option "netns" (known: groups, ns, rcvbuf, force, resync, all_netns))')
	errors(function() netlink.monitor{groups = {"link"}, all_netns = true, resync = true} end,
		"bad argument #1 to netlink.monitor (resync re-dumps one namespace; it cannot follow all_netns)")
end)

test("events say their family; a bridge port leaving says bridge", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "fb0", kind = "bridge"}))
	assert(rtnl.link_add(s, {name = "fp0", kind = "veth", peer = "fp1"}))
	local events, mon = assert(netlink.monitor{groups = {"link"}})
	assert(rtnl.link_set(s, "fp0", {master = "fb0"}))
	assert(rtnl.link_set(s, "fp0", {master = false}))
	local left
	for _ = 1, 50 do -- the kernel sends about a dozen
		local ev = assert(events())
		expect(ev.family == "unspec" or ev.family == "bridge", ev.summary .. " family " .. tostring(ev.family))
		if ev.family == "bridge" and ev.name == "RTM_DELLINK" then
			left = ev
			break
		end
	end
	expect(left, "no RTM_DELLINK of family bridge")
	expect(left.summary:find("-link bridge fp0 ", 1, true), left.summary)
	eq(left.body.name, "fp0")
	mon:close()
	eq(assert(rtnl.link(s, "fp0")).name, "fp0", "the port still exists")
	s:close()
end)

test("address events carry their flags", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "fa0", kind = "veth", peer = "fa1"}))
	local events, mon = assert(netlink.monitor{groups = {"address"}})
	assert(rtnl.addr_add(s, "fa0", "2001:db8::7/64"))
	local ev = assert(events())
	eq({ev.name, ev.family, ev.body.address}, {"RTM_NEWADDR", "inet6", "2001:db8::7"})
	-- the link is down: the address waits for duplicate address detection
	eq(ev.body.flags, {"tentative", "permanent"})
	expect(ev.summary:find(" tentative permanent", 1, true), ev.summary)
	mon:close()
	s:close()
end)

test("all_netns hears another namespace, each event with its nsid", function()
	local events, mon = assert(netlink.monitor{groups = {"link"}, all_netns = true})
	local s = assert(netlink.open("route"))
	local ns = netns.new()
	-- a veth end moved into ns gives ns an nsid here: its events then come
	assert(rtnl.link_add(s, {name = "an0", kind = "veth", peer = "an1"}))
	assert(rtnl.link_set(s, "an1", {netns = ns}))
	local t = assert(netlink.open("route", ns))
	assert(rtnl.link_add(t, {name = "in0", kind = "veth", peer = "in1"}))
	local seen, nsid = {}, nil
	for _ = 1, 100 do
		local ev = assert(events())
		if ev.nsid then
			nsid = nsid or ev.nsid
			eq(ev.nsid, nsid, "one namespace, one nsid")
			eq(ev.netns, "nsid " .. nsid, "an unnamed namespace is named by its nsid")
			if ev.body and ev.name == "RTM_NEWLINK" then seen[ev.body.name] = true end
		else
			expect(not (ev.body and (ev.body.name == "in0" or ev.body.name == "in1")), "ns's link without nsid: " .. ev.summary)
		end
		if seen.in0 and seen.in1 then break end
	end
	expect(seen.in0 and seen.in1, "in0 and in1 arrive from ns")
	mon:close()
	t:close()
	s:close()
	ns:close()
end)

test("resync=true re-dumps nf_tables after an overrun", function()
	local events, mon = assert(netlink.monitor{groups = {"nftables"}, rcvbuf = 4096, force = true, resync = true})
	local s = assert(netlink.open("netfilter"))
	local batch = {}
	for i = 1, 200 do batch[i] = {"add_table", "ip", "rs" .. i} end
	assert(nfnl.batch(s, batch)) -- one commit: far more events than 8 KiB holds
	local overruns, note, seen = 0, nil, {}
	for _ = 1, 10000 do
		local ev = assert(events())
		if ev.overrun then
			overruns = overruns + 1
		elseif ev.resync and not ev.object then
			note = ev.summary
			break
		else
			local name = ev.summary:match("^%+table ip (rs%d+)$")
			if name then seen[name] = true end
		end
	end
	expect(overruns > 0, "the 8 KiB buffer overran")
	expect(note and note:find("^resync: re%-dumped table, chain, set, rule: "), tostring(note))
	for i = 1, 200 do
		expect(seen["rs" .. i], "table rs" .. i .. " neither seen nor resynced")
	end
	mon:close()
	batch = {}
	for i = 1, 200 do batch[i] = {"del_table", "ip", "rs" .. i} end
	assert(nfnl.batch(s, batch))
	s:close()
end)
