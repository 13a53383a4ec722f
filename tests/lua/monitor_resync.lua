-- netlink.monitor{resync = true} after an overrun: the events kept plus the
-- resync findings (resync = true, object set) account for every nexthop and
-- tc class a burst left, as rtnl.nexthops and rtnl.classes dump them.
test("resync accounts for nexthops and tc classes lost in an overrun", function()
	local s = assert(netlink.open("route"))
	cleanup(function() s:close() end)
	assert(rtnl.link_set(s, "lo", {up = true})) -- blackhole nexthops need it
	assert(rtnl.link_add(s, {name = "rz0", kind = "veth", peer = "rz1"}))
	assert(rtnl.qdisc_add(s, {dev = "rz0", parent = "root", handle = "1:", kind = "htb",
		options = {init = {version = 3, rate2quantum = 10, defcls = 0}}}))
	local events, mon = assert(netlink.monitor{groups = {"nexthop", "tc"}, rcvbuf = 1, resync = true})
	cleanup(function() mon:close() end)

	local N = 120
	for i = 1, N do assert(rtnl.nexthop_add(s, {id = i, blackhole = true})) end
	for i = 1, N, 2 do assert(rtnl.nexthop_del(s, i)) end
	local rate = {parms = {rate = {rate = 125000}, ceil = {rate = 125000}, buffer = 200000, cbuffer = 200000}}
	for i = 1, 40 do
		assert(rtnl.class_add(s, {dev = "rz0", parent = "1:", handle = string.format("1:%x", i), kind = "htb", options = rate}))
	end
	for i = 1, 40, 4 do assert(rtnl.class_del(s, {dev = "rz0", handle = string.format("1:%x", i)})) end

	-- The burst is over before the first read: the one overrun's resync
	-- re-dumps after it, and its note is the last event.
	local present, overruns, found = {}, 0, 0
	for ev in events do
		if ev.overrun then
			overruns = overruns + 1
		elseif ev.resync and not ev.object then
			expect(ev.summary:find("^resync: re%-dumped nexthop, tc: "), ev.summary)
			break
		else
			local sign, id = ev.summary:match("^([+~-])nexthop .* id (%d+)")
			if not id then
				sign, id = ev.summary:match("^([+~-])class htb (%S+) ifindex")
				id = id and "class " .. id
			end
			if id then
				present[id] = sign ~= "-"
				if ev.resync then found = found + 1 end
			end
		end
	end
	eq(overruns, 1, "the burst overran the buffer once")
	expect(found > 0, "the resync found changes")

	local want = {}
	for _, nh in ipairs(assert(rtnl.nexthops(s))) do want[tostring(nh.id)] = true end
	for _, c in ipairs(assert(rtnl.classes(s, {dev = "rz0"}))) do want["class " .. c.handle] = true end
	for id, p in pairs(present) do
		if not p then present[id] = nil end
	end
	eq(present, want, "events and resyncs agree with the dumps")
	eq(#assert(rtnl.nexthops(s)), N / 2)
end)
