-- Raw bytes are sent exactly as given; recv returns every reply.
local s = assert(netlink.open("route"))
local b = netlink.encode{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = 4242, payload = string.rep("\0", 16)}
assert(s:send(b) == 4242, "send returns the seq in the bytes")
local seen_done = false
for _ = 1, 10 do
	local m = assert(s:recv(2))
	assert(m.seq == 4242)
	if m.name == "NLMSG_DONE" then seen_done = true break end
	assert(m.name == "RTM_NEWLINK")
end
assert(seen_done, "the dump ended with NLMSG_DONE")
-- an array of messages goes out as one datagram
local seq = assert(s:send{{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)}})
assert(seq == 1, "first seq of this socket: " .. seq)
s:close()
