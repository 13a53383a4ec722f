-- A closed socket: close is idempotent; every other method returns nil,
-- "socket closed", "EBADF"; nothing raises.
test("every method of a closed socket says EBADF", function()
	local s = assert(netlink.open("route"))
	eq(s:close(), true)
	eq(s:close(), true, "double close")
	local calls = {
		seq = function() return s:seq() end,
		join = function() return s:join(1) end,
		leave = function() return s:leave(1) end,
		groups = function() return s:groups() end,
		set_rcvbuf = function() return s:set_rcvbuf(65536) end,
		rcvbuf = function() return s:rcvbuf() end,
		send = function() return s:send{type = 18} end,
		recv = function() return s:recv(0.1) end,
		request = function() return s:request{type = 18, flags = netlink.F_DUMP} end,
		portid = function() return s:portid() end,
		fd = function() return s:fd() end,
	}
	for name, f in pairs(calls) do
		eq({f()}, {nil, "socket closed", "EBADF"}, name)
	end
	expect(tostring(s):find("closed", 1, true), tostring(s))
end)

test("closing wakes nothing and leaks nothing", function()
	for _ = 1, 50 do
		local s = assert(netlink.open("route"))
		assert(s:join("link"))
		s:close()
	end
end)
