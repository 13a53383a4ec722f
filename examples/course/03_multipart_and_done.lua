-- Lesson 3: multi-part dumps and NLMSG_DONE.
--
-- A dump's answer does not fit in one message, and often not in one
-- datagram. The kernel sends the objects as messages flagged NLM_F_MULTI
-- ("more follow"), packs as many as fit in each datagram (up to ~32 KiB),
-- and ends with NLMSG_DONE (type 3), whose 4-byte payload is an error code
-- (0). A reader must keep reading until DONE; sock:request does that.

local ns = assert(netns.new())
local sock = assert(netlink.open("route", ns))
-- Give the namespace a few more interfaces so the dump has several parts.
for i = 1, 3 do
  assert(rtnl.link_add(sock, {name = "d" .. i, kind = "veth", peer = "p" .. i}))
end

assert(sock:send({type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP,
                  seq = 1, payload = string.rep("\0", 16)}))
local n = 0
while true do
  local m = assert(sock:recv(2))
  -- Lua 5.1 has no & operator: test the flag bit arithmetically.
  local multi = math.floor(m.flags / netlink.F_MULTI) % 2 == 1
  if m.name == "NLMSG_DONE" then
    print(("NLMSG_DONE type=%d multi=%s error=%d: the dump is complete"):format(m.type, tostring(multi), m.error))
    break
  end
  n = n + 1
  print(("part %d: %s %-3s multi=%s"):format(n, m.name, m.body.name, tostring(multi)))
end
print(("%d interfaces: lo and three veth pairs"):format(n))
-- expect: part 1: RTM_NEWLINK lo  multi=true
-- expect: NLMSG_DONE type=3 multi=true error=0: the dump is complete
-- expect: 7 interfaces
