-- Stale replies: the replies of a request nobody waited for (sent with
-- send, never read) never complete a later request; they stay queued for
-- recv and are counted.
local DUMP = {type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}

test("an abandoned dump does not answer later requests", function()
	local s = assert(netlink.open("route"))
	local abandoned = assert(s:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)})
	for i = 1, 3 do
		local r = assert(s:request(DUMP))
		eq(#r, 1, "request " .. i .. " gets exactly its own reply")
		expect(r[1].seq ~= abandoned, "a stale reply completed request " .. i)
	end
	local m = assert(s:recv(2))
	eq(m.seq, abandoned, "the abandoned dump's reply is still there for recv")
	eq(m.name, "RTM_NEWLINK")
	expect(s:stats().stale >= 1, "stale replies are counted")
	s:close()
end)

test("the abandoned dump ends with its DONE, in order", function()
	local s = assert(netlink.open("route"))
	local seq = assert(s:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)})
	assert(s:request(DUMP))
	local names = {}
	for _ = 1, 2 do
		local m = assert(s:recv(2))
		eq(m.seq, seq)
		names[#names + 1] = m.name
	end
	eq(names, {"RTM_NEWLINK", "NLMSG_DONE"})
	eq(select(2, s:recv(0.1)), "timeout")
	s:close()
end)

test("replies go to the socket that asked", function()
	local a = assert(netlink.open("route"))
	local b = assert(netlink.open("route"))
	local sa = assert(a:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)})
	local sb = assert(b:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)})
	local ra = assert(b:request(DUMP))
	eq(ra[1].pid, b:portid())
	local ma = assert(a:recv(2))
	local mb = assert(b:recv(2))
	eq({ma.seq, ma.pid}, {sa, a:portid()})
	eq({mb.seq, mb.pid}, {sb, b:portid()})
	a:close()
	b:close()
end)
