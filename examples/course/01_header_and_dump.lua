-- Lesson 1: the netlink header and a first dump.
--
--   nlsh examples/course/01_header_and_dump.lua
--
-- Netlink is a datagram protocol between a process and the kernel. Every
-- message starts with the same 16-byte header, struct nlmsghdr, in host
-- byte order:
--
--   len   u32  the whole message, header included
--   type  u16  what the message is: RTM_GETLINK (18), RTM_NEWLINK (16), ...
--   flags u16  NLM_F_REQUEST, NLM_F_DUMP, NLM_F_MULTI, NLM_F_ACK, ...
--   seq   u32  chosen by the sender, echoed in the replies
--   pid   u32  the port id of the socket (0 means the kernel)
--
-- A "dump" asks for every object of a kind: here, every network interface
-- (RTM_GETLINK with NLM_F_DUMP). We do it in a fresh network namespace,
-- which the kernel creates with just one interface, lo.

local ns = assert(netns.new())              -- a throwaway namespace, gone at exit
local sock = assert(netlink.open("route", ns)) -- NETLINK_ROUTE (0), created inside ns

-- The request: header fields plus the payload, a struct ifinfomsg (16 bytes,
-- all zero: "any family, any interface").
local req = {type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP,
             seq = sock:seq(), payload = string.rep("\0", 16)}
local bytes = netlink.encode(req)
print(("request: %d bytes"):format(#bytes))
-- The header as the kernel will read it: string.unpack with "=" (native order).
local len, typ, flags, seq, pid = string.unpack("=I4I2I2I4I4", bytes)
print(("  len=%d type=%d flags=0x%x seq=%d pid=%d"):format(len, typ, flags, seq, pid))

-- sock:send puts exactly these bytes on the socket. The kernel answers
-- with our seq: one RTM_NEWLINK per interface, then NLMSG_DONE.
assert(sock:send(bytes))
local first
while true do
  local m = assert(sock:recv(5))
  if m.name == "NLMSG_DONE" then break end
  first = first or m
  -- Each reply is a message table: the header fields, name, and body (the
  -- ifinfomsg and attributes decoded by nlsh's rtnl module).
  print(("reply: %s len=%d seq=%d pid=%d -> %s mtu %d"):format(
    m.name, m.len, m.seq, m.pid, m.body.name, m.body.mtu))
end
-- (sock:request(msg) does all of this in one call, with a fresh seq of its
-- own: lesson 3.) The reply's pid is our socket's port id: the kernel
-- addresses us.
print(("our port id is %d: %s"):format(sock:portid(), tostring(first.pid == sock:portid())))
-- expect: request: 32 bytes
-- expect: len=32 type=18 flags=0x301
-- expect: reply: RTM_NEWLINK
-- expect: seq=1 pid=
-- expect: -> lo mtu 65536
-- expect: true
