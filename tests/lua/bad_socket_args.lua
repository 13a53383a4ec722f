-- Socket method misuse raises errors naming the method and the argument; a
-- dot call says to use a colon; none of it hurts the socket.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

test("dot calls say use a colon", function()
	errors(function() return s.join(1) end, "use sock:join(...) (colon), not sock.join")
	errors(function() return s.leave() end, "use sock:leave(...) (colon)")
	errors(function() return s.request() end, "use sock:request(...) (colon), not sock.request")
	errors(function() return s.recv() end, "(colon)")
end)

test("join and leave", function()
	errors(function() s:join(-1) end, "bad argument #1 to sock:join")
	errors(function() s:join({}) end, "bad argument #1 to sock:join (group number or name expected, got table)")
	errors(function() s:join("no-such-group") end, "unknown route group")
end)

test("request and send", function()
	errors(function() s:request("x") end, "bad argument #1 to sock:request (message table expected, got string)")
	errors(function() s:request({}) end, "needs a numeric 'type' field")
	errors(function() s:request({type = 5}) end, "type 5 is a netlink control type")
	errors(function() s:request({type = 18, payload = 1}) end, "field 'payload' must be a string")
	errors(function() s:request({type = 18}, {timout = 1}) end, 'unknown option "timout"')
	errors(function() s:request({type = 18}, {timeout = -1}) end, "option 'timeout' must be a number of seconds")
	-- 0 (or a value that rounds to 0ns) would silently mean the default, 5s
	errors(function() s:request({type = 18}, {timeout = 0}) end, "option 'timeout' must be more than 0 seconds")
	errors(function() s:request({type = 18}, {timeout = 1e300}) end, "(at most 1e9), got 1e+300")
	local c = assert(netlink.open("connector")) -- the kernel never answers this
	local t0 = os.time()
	local r, msg, errname = c:request({type = 16}, {timeout = 1e-12})
	eq({r, errname}, {nil, "timeout"})
	expect(os.time() - t0 < 2, "a tiny timeout is not the 5s default")
	c:close()
	errors(function() s:send() end, "bad argument #1 to sock:send (message table or string of bytes expected, got nil)")
	errors(function() s:send({type = 18, flags = "x"}) end, "field 'flags' must be a number")
end)

test("recv and set_rcvbuf", function()
	errors(function() s:recv("soon") end, "bad argument #1 to sock:recv (timeout must be a number of seconds")
	errors(function() s:recv(-1) end, "bad argument #1 to sock:recv")
	errors(function() s:set_rcvbuf() end, "bad argument #1 to sock:set_rcvbuf")
	errors(function() s:set_rcvbuf(-1) end, "positive integer")
	errors(function() s:set_rcvbuf(1.5) end, "bad argument #1 to sock:set_rcvbuf")
end)

test("the socket still works", function()
	eq(#assert(s:request({type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}, {timeout = 5, retries = 2})), 1)
end)
