-- A 39-byte IFLA_IFNAME fails policy validation: nil, the ext-ack text,
-- "ERANGE", and the extack table pointing at the attribute (offset 32).
local ifinfomsg = string.rep("\0", 16)
local name = string.rep("a", 38) .. "\0"
local s = assert(netlink.open("route"))
local r, msg, errname, extack = s:request{
	type = 16, -- RTM_NEWLINK
	flags = netlink.F_CREATE + netlink.F_EXCL,
	payload = ifinfomsg .. netlink.attr(3, name), -- IFLA_IFNAME
}
assert(r == nil, "the kernel refused it")
assert(errname == "ERANGE", "errname " .. tostring(errname))
assert(msg:find("Attribute failed policy validation", 1, true), "message has the ext-ack text: " .. msg)
assert(not msg:find("\n"), "one line")
assert(type(extack) == "table" and extack.offset == 32, "extack offset 32, got " .. tostring(extack and extack.offset))
assert(extack.msg == "Attribute failed policy validation")
-- the socket is fine afterwards
assert(s:request{type = 18, flags = netlink.F_DUMP, payload = ifinfomsg})
s:close()
