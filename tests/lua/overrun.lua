-- The overrun fixture: a tiny receive buffer and a flood of events. The loss
-- is reported (nil, msg, "ENOBUFS"), counted, and the socket recovers: a
-- fresh dump sees everything. Each case floods its own range of addresses.
local N = 300
local actor = assert(netlink.open("route"))
cleanup(function() actor:close() end)
assert(rtnl.link_set(actor, "lo", {up = true}))

-- overrun opens a listener with a 4 KiB buffer, floods it with N address
-- events in 10.<net>.0.0/16 and reads until the kernel's report.
local function overrun(net)
	local listener = assert(netlink.open("route"))
	cleanup(function() listener:close() end)
	assert(listener:set_rcvbuf(4096))
	expect(listener:rcvbuf() < 16384, "the kernel kept a small buffer: " .. listener:rcvbuf())
	assert(listener:join("ipv4-ifaddr"))
	for i = 1, N do
		assert(rtnl.addr_add(actor, "lo", string.format("10.%d.%d.%d/32", net, math.floor(i / 256), i % 256)))
	end
	local events, reports = 0, 0
	for _ = 1, N + 10 do
		local m, msg, errname = listener:recv(0.3)
		if m then
			events = events + 1
		elseif errname == "ENOBUFS" then
			reports = reports + 1
			expect(#msg > 0, "a message says what happened")
		else
			eq(errname, "timeout", msg)
			break
		end
	end
	return listener, events, reports
end

local function count_in(s, prefix)
	local n = 0
	for _, a in ipairs(assert(rtnl.addrs(s))) do
		if a.address:sub(1, #prefix) == prefix then n = n + 1 end
	end
	return n
end

test("overrun is reported once as ENOBUFS and counted", function()
	local listener, events, reports = overrun(71)
	eq(reports, 1, "one report per overrun")
	expect(events < N, "events were lost, as the kernel said (" .. events .. " read)")
	expect(events > 0, "events that fit were delivered")
	eq(listener:stats().overruns, 1, "counted")
end)

test("recovery: the socket still works and a dump sees every address", function()
	local listener = overrun(72)
	eq(count_in(listener, "10.72."), N, "the dump after the overrun sees all of the flood")
	assert(rtnl.addr_add(actor, "lo", "10.172.0.1/32"))
	local ev = assert(listener:recv(5))
	eq({ev.name, ev.body.address}, {"RTM_NEWADDR", "10.172.0.1"}, "new events arrive again")
end)
