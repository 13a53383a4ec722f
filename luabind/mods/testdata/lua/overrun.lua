-- 300 address events into a tiny receive buffer: recv reports the loss as
-- nil, msg, "ENOBUFS", and the socket keeps working.
local function u32(n) return string.char(n % 256, math.floor(n / 256) % 256, math.floor(n / 65536) % 256, math.floor(n / 16777216) % 256) end
local listener = assert(netlink.open("route"))
assert(listener:set_rcvbuf(4096))
assert(listener:join("ipv4-ifaddr"))
local actor = assert(netlink.open("route"))
for i = 1, 300 do
	local ip = string.char(10, 77, math.floor(i / 256), i % 256)
	assert(actor:request{
		type = 20, flags = netlink.F_CREATE + netlink.F_EXCL,
		payload = string.char(2, 32, 0, 0) .. u32(1) .. netlink.attr(2, ip) .. netlink.attr(1, ip),
	})
end
local overrun, events = false, 0
for _ = 1, 400 do
	local m, msg, errname = listener:recv(0.5)
	if m then
		events = events + 1
	elseif errname == "ENOBUFS" then
		overrun = true
		assert(type(msg) == "string" and #msg > 0)
	else
		assert(errname == "timeout", "unexpected failure: " .. tostring(msg))
		break
	end
end
assert(overrun, "the overrun was reported (" .. events .. " events read)")
assert(events < 300, "some events were lost, as the kernel said")
assert(listener:stats().overruns >= 1, "and counted")
-- still usable: a dump of the addresses sees all 300
local r = assert(listener:request{type = 22, flags = netlink.F_DUMP, payload = string.char(2, 0, 0, 0) .. u32(0)})
local n = 0
for _, m in ipairs(r) do
	if m.type == 20 then n = n + 1 end
end
assert(n >= 300, "dump after the overrun sees the addresses, got " .. n)
listener:close()
actor:close()
