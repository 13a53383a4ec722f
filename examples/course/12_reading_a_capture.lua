-- Lesson 12: recording and reading a capture.
--
-- sock:capture(path) records every datagram the socket sends and receives
-- as a pcap file with link type 253 (LINKTYPE_NETLINK): the format of an
-- nlmon device, which Wireshark and tshark decode -- no nlmon device
-- needed. Each record is one datagram behind a 16-byte pseudo-header that
-- marks the direction (4 = sent by us, 0 = received) and the netlink
-- protocol. netlink.pcap(path) reads a capture (ours or nlmon's) back as
-- message tables; `nlsh explain FILE` dissects one from the shell, and
-- `nlsh --capture FILE script.lua` records a whole session.

local ns = assert(netns.new())
local sock = assert(netlink.open("route", ns))
local path = os.tmpname()

assert(sock:capture(path))
assert(rtnl.link_add(sock, {name = "cap0", kind = "veth", peer = "cap1"}))
assert(rtnl.links(sock))
assert(sock:capture(nil))

for _, m in ipairs(assert(netlink.pcap(path))) do
  print(("record %d %-8s %-12s seq=%d%s"):format(m.record, m.direction, m.name or m.type, m.seq,
    m.body and m.body.name and (" " .. m.body.name) or (m.error and (" error=" .. m.error) or "")))
end
print("tshark -r FILE shows the same records, decoded by Wireshark's netlink dissectors")
os.remove(path)
-- expect: record 1 sent     RTM_NEWLINK  seq=1 cap0
-- expect: record 2 received NLMSG_ERROR  seq=1 error=0
-- expect: sent     RTM_GETLINK
-- expect: received RTM_NEWLINK  seq=2 lo
-- expect: received NLMSG_DONE
