-- Receive buffers: the kernel doubles what is asked (for its bookkeeping),
-- caps it at net.core.rmem_max unless forced, and never goes below its
-- minimum.
test("the kernel doubles the size asked for", function()
	local s = assert(netlink.open("route"))
	assert(s:set_rcvbuf(65536))
	eq(s:rcvbuf(), 131072)
	s:close()
end)

test("force passes rmem_max", function()
	local s = assert(netlink.open("route"))
	local f = io.open("/proc/sys/net/core/rmem_max")
	local max = f and tonumber(f:read("*l"))
	if f then f:close() end
	if not max then skip("cannot read net.core.rmem_max") end
	if max > 2 ^ 26 then skip("rmem_max is too large to force past it in an int") end
	assert(s:set_rcvbuf(max * 4))
	eq(s:rcvbuf(), max * 2, "capped at rmem_max, doubled")
	assert(s:set_rcvbuf(max * 4, true))
	eq(s:rcvbuf(), max * 8, "SO_RCVBUFFORCE as root")
	s:close()
end)

test("tiny sizes are raised to the kernel's minimum", function()
	local s = assert(netlink.open("route"))
	assert(s:set_rcvbuf(1))
	expect(s:rcvbuf() >= 2048, "minimum: " .. s:rcvbuf())
	s:close()
end)
