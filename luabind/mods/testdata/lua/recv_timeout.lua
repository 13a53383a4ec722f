-- recv with a timeout on a quiet socket returns nil, "timeout", "timeout".
local s = assert(netlink.open("route"))
local m, msg, errname = s:recv(0.1)
assert(m == nil and msg == "timeout" and errname == "timeout", tostring(msg))
-- and the socket still works
assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
s:close()
