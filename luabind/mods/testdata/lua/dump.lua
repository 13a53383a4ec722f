-- A dump request returns every entry as a message table.
local s = assert(netlink.open("route"))
assert(s:protocol() == netlink.ROUTE)
assert(s:portid() > 0 and s:fd() >= 0)
local r = assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
assert(#r >= 1)
local m = r[1]
assert(m.type == 16 and m.name == "RTM_NEWLINK", tostring(m.name))
assert(m.len == 16 + #m.payload and m.pid == s:portid())
assert(m.flags % 4 >= 2, "multi-part flag set")
local attrs = assert(netlink.attrs(m.payload:sub(17)))
local name
for _, a in ipairs(attrs) do
	if a.type == 3 then name = a.data end
end
assert(name and name:sub(1, 2) == "lo", "first link is lo")
-- the kernel's own error for a bad request: nil, msg, errname
local bad, msg, errname = s:request{type = 0x7ff0}
assert(bad == nil and type(msg) == "string" and (errname == "EOPNOTSUPP" or errname == "ENOTSUP"), tostring(msg) .. " " .. tostring(errname))
s:close()
