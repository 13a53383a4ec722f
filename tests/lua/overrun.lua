-- The overrun fixture: a tiny receive buffer and a flood of events. The loss
-- is reported (nil, msg, "ENOBUFS"), counted, and the socket recovers: a
-- fresh dump sees everything.
local N = 300

local function flood(actor)
	assert(rtnl.link_set(actor, "lo", {up = true}))
	for i = 1, N do
		assert(rtnl.addr_add(actor, "lo", string.format("10.77.%d.%d/32", math.floor(i / 256), i % 256)))
	end
end

local listener, actor

test("setup: a tiny buffer listening to address events", function()
	listener = assert(netlink.open("route"))
	assert(listener:set_rcvbuf(4096))
	expect(listener:rcvbuf() < 16384, "the kernel kept a small buffer: " .. listener:rcvbuf())
	assert(listener:join("ipv4-ifaddr"))
	actor = assert(netlink.open("route"))
	flood(actor)
end)

test("overrun is reported once as ENOBUFS", function()
	local overruns, events = 0, 0
	for _ = 1, N + 10 do
		local m, msg, errname = listener:recv(0.3)
		if m then
			events = events + 1
		elseif errname == "ENOBUFS" then
			overruns = overruns + 1
			expect(#msg > 0, "a message says what happened")
		else
			eq(errname, "timeout", msg)
			break
		end
	end
	eq(overruns, 1, "one report per overrun")
	expect(events < N, "events were lost, as the kernel said (" .. events .. " read)")
	expect(events > 0, "events that fit were delivered")
	eq(listener:stats().overruns, 1, "counted")
end)

test("recovery: the socket still works and a dump sees every address", function()
	local r = assert(listener:request{type = rtnl.RTM_GETADDR, flags = netlink.F_DUMP, payload = string.pack("=BBBBI4", 2, 0, 0, 0, 0)})
	local n = 0
	for _, m in ipairs(r) do
		if m.name == "RTM_NEWADDR" then n = n + 1 end
	end
	eq(n, N + 1, "the flood plus 127.0.0.1")
	-- and new events arrive again
	assert(rtnl.addr_add(actor, "lo", "10.78.0.1/32"))
	local ev = assert(listener:recv(5))
	eq(ev.name, "RTM_NEWADDR")
	eq(ev.body.address, "10.78.0.1")
end)

test("teardown", function()
	listener:close()
	actor:close()
end)
