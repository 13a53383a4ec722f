-- A plain script without test(): its top level is the one case.
local s = assert(netlink.open("route"))
assert(#rtnl.links(s) == 1)
s:close()
