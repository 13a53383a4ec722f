-- recv's timeouts: a quiet socket returns nil, "timeout", "timeout" after
-- about the time asked; the socket stays usable.
local function now() return os.clock() end

test("recv(0.2) on a quiet socket times out", function()
	local s = assert(netlink.open("route"))
	local m, msg, errname = s:recv(0.2)
	eq({m, msg, errname}, {nil, "timeout", "timeout"})
	s:close()
end)

test("recv(0) polls", function()
	local s = assert(netlink.open("route"))
	eq(select(3, s:recv(0)), "timeout")
	s:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)}
	local m = assert(s:recv(2))
	eq(m.name, "RTM_NEWLINK")
	s:close()
end)

test("a request with a short timeout to a kernel that stays silent", function()
	local s = assert(netlink.open("route"))
	-- a message without F_ACK that the kernel handles silently: no reply
	-- at all. request always asks for an ACK, so use send and recv.
	s:send{type = rtnl.RTM_NEWLINK, flags = netlink.F_REQUEST, payload = string.rep("\0", 16)}
	local m, msg = s:recv(0.3)
	if m then
		eq(m.name, "NLMSG_ERROR", "only an error may come back")
	else
		eq(msg, "timeout")
	end
	eq(#assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}, {timeout = 2}), 1)
	s:close()
end)
