-- netlink.open's bad inputs: clear errors, never a crash or a leak.
local raises = dofile("testdata/lua/lib/raises.lua")
-- protocol 99: the kernel says EPROTONOSUPPORT
local s, msg, errname = netlink.open(99)
assert(s == nil and errname == "EPROTONOSUPPORT", tostring(msg) .. " " .. tostring(errname))
assert(msg:find("99", 1, true), "message names the protocol: " .. msg)
-- argument mistakes raise, naming the function and the argument
raises("bad argument #1 to netlink.open", netlink.open, -1)
raises("bad argument #1 to netlink.open", netlink.open, {})
raises("unknown netlink protocol", netlink.open, "routing")
raises("bad argument #2 to netlink.open", netlink.open, "route", 42)
-- names are case-insensitive; numbers work
assert(netlink.open("ROUTE")):close()
assert(netlink.open(0)):close()
