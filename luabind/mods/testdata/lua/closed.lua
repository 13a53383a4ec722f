-- close is idempotent; every later call says nil, "socket closed", "EBADF".
local s = assert(netlink.open("route"))
assert(s:close() == true)
assert(s:close() == true, "double close is fine")
local calls = {
	function() return s:seq() end,
	function() return s:join(1) end,
	function() return s:leave(1) end,
	function() return s:groups() end,
	function() return s:set_rcvbuf(65536) end,
	function() return s:rcvbuf() end,
	function() return s:send{type = 18} end,
	function() return s:recv(0.1) end,
	function() return s:request{type = 18, flags = netlink.F_DUMP} end,
	function() return s:portid() end,
	function() return s:fd() end,
}
for i, f in ipairs(calls) do
	local v, msg, errname = f()
	assert(v == nil and msg == "socket closed" and errname == "EBADF", "call " .. i .. ": " .. tostring(msg))
end
assert(tostring(s):find("closed", 1, true))
