-- Lesson 6: creating a veth pair.
--
-- RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL creates an interface. Its kind
-- goes in IFLA_LINKINFO/IFLA_INFO_KIND ("veth"); a veth's peer is described
-- inside IFLA_INFO_DATA/VETH_INFO_PEER as a second ifinfomsg with its own
-- IFLA_IFNAME -- nesting three levels deep. rtnl.link_add builds all that.
-- NLM_F_EXCL makes a second create fail with EEXIST instead of silently
-- succeeding.

local ns = assert(netns.new())
local sock = assert(netlink.open("route", ns))

assert(rtnl.link_add(sock, {name = "veth0", kind = "veth", peer = "veth1"}))
local r, msg, errname = rtnl.link_add(sock, {name = "veth0", kind = "veth", peer = "veth9"})
print(("creating veth0 again: %s %s"):format(tostring(r), errname))

assert(rtnl.link_set(sock, "veth0", {up = true, mtu = 9000}))
assert(rtnl.addr_add(sock, "veth0", "10.0.0.1/24"))

for _, l in ipairs(assert(rtnl.links(sock))) do
  print(("%d %-6s %-5s mtu %-5d %s"):format(l.index, l.name, l.kind or "-", l.mtu, table.concat(l.flags, ",")))
end
for _, a in ipairs(assert(rtnl.addrs(sock))) do
  if a.family == "inet" then print(("address %s/%d on index %d"):format(a.address, a.prefixlen, a.index)) end
end
-- What `ip` sees in the same namespace:
local ok, out = netns.exec(ns, {"ip", "-br", "link", "show", "veth0"})
if ok then io.write("ip -br link: ", out) end
-- Deleting one end deletes the pair.
assert(rtnl.link_del(sock, "veth0"))
print(("after link_del veth0: %d interface(s) left"):format(#assert(rtnl.links(sock))))
-- expect: creating veth0 again: nil EEXIST
-- expect: veth0  veth  mtu 9000  BROADCAST,MULTICAST,UP
-- expect: address 10.0.0.1/24 on index
-- expect: after link_del veth0: 1 interface(s) left
