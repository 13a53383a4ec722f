-- Sequence numbers: per socket, 1, 2, 3, ..., used by send and carried back
-- by the kernel's replies.
local GETLINK = {type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)}

test("a new socket counts from 1", function()
	local s = assert(netlink.open("route"))
	eq(s:seq(), 1)
	eq(s:seq(), 2)
	eq(s:seq(), 3)
	s:close()
end)

test("each socket counts on its own", function()
	local a = assert(netlink.open("route"))
	local b = assert(netlink.open(netlink.ROUTE))
	eq({a:seq(), a:seq(), b:seq(), a:seq(), b:seq()}, {1, 2, 1, 3, 2})
	a:close()
	b:close()
end)

test("send takes the next seq and the reply carries it", function()
	local s = assert(netlink.open("route"))
	s:seq()
	local used = assert(s:send(GETLINK))
	eq(used, 2, "send used the next seq")
	local m = assert(s:recv(5))
	eq(m.seq, used, "reply seq")
	eq(m.pid, s:portid(), "reply port id")
	s:close()
end)

test("an explicit seq in raw bytes is sent as given", function()
	local s = assert(netlink.open("route"))
	local bytes = netlink.encode{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = 777, payload = string.rep("\0", 16)}
	eq(s:send(bytes), 777)
	local m = assert(s:recv(5))
	eq(m.seq, 777)
	eq(s:seq(), 1, "raw sends do not consume the counter")
	s:close()
end)

test("requests use fresh seqs and only their own replies", function()
	local s = assert(netlink.open("route"))
	local seen = {}
	for i = 1, 5 do
		local r = assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
		eq(#r, 1, "one link (lo) in a fresh namespace")
		seen[i] = r[1].seq
	end
	eq(seen, {1, 2, 3, 4, 5})
	s:close()
end)
