-- Several requests in one datagram, and raw bytes: every reply comes back
-- in order, each dump ending with its own NLMSG_DONE.
local function dump(seq)
	return {type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = seq, payload = string.rep("\0", 16)}
end

test("a raw dump ends with NLMSG_DONE", function()
	local s = assert(netlink.open("route"))
	eq(s:send(netlink.encode(dump(4242))), 4242)
	local names = {}
	for _ = 1, 2 do
		local m = assert(s:recv(2))
		eq(m.seq, 4242)
		names[#names + 1] = m.name
	end
	eq(names, {"RTM_NEWLINK", "NLMSG_DONE"})
	s:close()
end)

-- acked sends message type typ with F_ACK and an ifinfomsg for ifindex
-- index, and returns the answer and the request's sequence number.
local function acked(typ, index)
	local s = assert(netlink.open("route"))
	local seq = assert(s:send{type = typ, flags = netlink.F_REQUEST + netlink.F_ACK,
		payload = string.pack("=BBHiII", 0, 0, 0, index, 0, 0)})
	local m = assert(s:recv(2))
	s:close()
	return m, seq
end

test("an ACK request answers NLMSG_ERROR with error 0", function()
	local m, seq = acked(rtnl.RTM_SETLINK, 1)
	eq({m.name, m.seq, m.error}, {"NLMSG_ERROR", seq, 0})
end)

test("a kernel error arrives as NLMSG_ERROR with errname and the request", function()
	local m, seq = acked(rtnl.RTM_DELLINK, 99)
	eq({m.name, m.errname, m.request.seq, m.request.type}, {"NLMSG_ERROR", "ENODEV", seq, rtnl.RTM_DELLINK})
	expect(m.error < 0, "negative errno")
end)
