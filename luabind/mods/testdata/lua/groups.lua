-- Groups by number and by name, listed back as names.
local function has(list, v)
	for _, x in ipairs(list) do if x == v then return true end end
	return false
end
local s = assert(netlink.open("route"))
assert(s:join("link"))
assert(s:join(5))
assert(s:join("RTNLGRP_IPV6_ROUTE"))
local g = assert(s:groups())
assert(has(g, "link") and has(g, "ipv4-ifaddr") and has(g, "ipv6-route"), "groups: " .. table.concat(g, ","))
assert(s:leave("link"))
assert(not has(assert(s:groups()), "link"), "left link")
s:close()
-- generic netlink: "family:group" resolved through the kernel
local gs = assert(netlink.open("generic"))
assert(gs:join("nlctrl:notify"))
assert(has(assert(gs:groups()), "nlctrl:notify"), "genl group listed by the name used")
local ok, msg, errname = gs:join("nlctrl:no-such-group")
assert(ok == nil and errname == "ENOENT", tostring(msg))
ok, msg, errname = gs:join("no-such-family:x")
assert(ok == nil and errname == "ENOENT", tostring(msg))
local pok, perr = pcall(gs.join, gs, "nocolon")
assert(not pok and tostring(perr):find("family:group", 1, true), tostring(perr))
gs:close()
