-- Lesson 7: multicast groups and events.
--
-- Besides answering requests, the kernel announces changes to sockets that
-- joined a multicast group: RTNLGRP_LINK (1) for interfaces, ipv4-ifaddr
-- for addresses, and so on. An event is an ordinary message -- RTM_NEWLINK,
-- RTM_DELLINK -- that arrives unasked, from the kernel, with the group in
-- the sender address. Link events carry seq 0 and pid 0; address and route
-- events copy the seq and port id of the request that caused them, so they
-- look like replies to it. That is why a careful reader never tells events
-- from replies by seq alone: nlsh checks the sender's group too.

local ns = assert(netns.new())
local watcher = assert(netlink.open("route", ns))
assert(watcher:join("link"))
print("joined: " .. table.concat(assert(watcher:groups()), ","))

local actor = assert(netlink.open("route", ns))
assert(rtnl.link_add(actor, {name = "ev0", kind = "veth", peer = "ev1"}))
assert(rtnl.link_del(actor, "ev0"))

-- Four events: two interfaces appear, two vanish.
for _ = 1, 4 do
  local m = assert(watcher:recv(2))
  print(("%s %s group=%d seq=%d pid=%d"):format(m.name, m.body.name, m.group, m.seq, m.pid))
end

-- The same, decoded and summarised, with netlink.monitor (what `nlsh
-- monitor link` prints):
local events = assert(netlink.monitor{ns = ns, groups = {"link"}})
assert(rtnl.link_add(actor, {name = "ev2", kind = "veth", peer = "ev3"}))
for _ = 1, 2 do print("monitor: " .. events().summary) end
-- expect: joined: link
-- expect: RTM_NEWLINK ev1 group=1 seq=0 pid=0
-- expect: RTM_DELLINK
-- expect: monitor: +link ev
