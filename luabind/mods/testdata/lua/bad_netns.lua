-- Namespaces that are not there or are not network namespaces.
local s, msg, errname = netlink.open("route", {name = "nlsh-no-such-namespace"})
assert(s == nil and errname == "ENOENT", tostring(msg) .. " " .. tostring(errname))
assert(msg:find("nlsh-no-such-namespace", 1, true), msg)
-- a regular file
s, msg, errname = netlink.open("route", {path = "/etc/passwd"})
assert(s == nil and type(errname) == "string", tostring(msg))
assert(msg:find("/etc/passwd", 1, true) and msg:find("not a", 1, true), msg)
-- another kind of namespace
s, msg, errname = netlink.open("route", {path = "/proc/self/ns/uts"})
assert(s == nil and msg:find("uts", 1, true), tostring(msg))
-- a pid that does not exist
s, msg, errname = netlink.open("route", {pid = 999999999})
assert(s == nil and type(msg) == "string" and type(errname) == "string", tostring(msg))
-- "host" and our own pid work
assert(netlink.open("route", "host")):close()
