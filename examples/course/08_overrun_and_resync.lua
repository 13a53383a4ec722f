-- Lesson 8: an overrun, and how to resync.
--
-- Events wait in the socket's receive buffer until read. When it is full
-- the kernel drops them and sets an error on the socket: the next read
-- fails with ENOBUFS, once. The events are gone -- the only way back to the
-- truth is to dump again ("resync") and compare with what you knew.
-- The default buffer (~208 KiB) holds about 90 link events; creating veth
-- pairs emits thousands per second. nlsh monitor therefore raises the
-- buffer (SO_RCVBUFFORCE) and says when loss happened anyway.

local ns = assert(netns.new())
local watcher = assert(netlink.open("route", ns))
assert(watcher:join("link"))
assert(watcher:set_rcvbuf(1)) -- the kernel rounds up to its minimum
print(("receive buffer: %d bytes"):format(watcher:rcvbuf()))

local actor = assert(netlink.open("route", ns))
for i = 1, 40 do
  assert(rtnl.link_add(actor, {name = "o" .. i, kind = "veth", peer = "q" .. i}))
end

-- Read what survived; one read reports the loss.
local got, lost = 0, false
while true do
  local m, msg, errname = watcher:recv(0.2)
  if m then
    got = got + 1
  elseif errname == "ENOBUFS" then
    lost = true
    print("recv: " .. msg)
  else
    break -- timeout: nothing more
  end
end
print(("events read: %d of at least 80; loss reported: %s"):format(got, tostring(lost)))

-- Resync: dump the truth.
print(("a dump finds %d interfaces (lo + 80 veth ends)"):format(#assert(rtnl.links(watcher))))

-- netlink.monitor does both: the overrun is an event of its own, and with
-- resync=true it re-dumps and reports what changed while events were lost.
local events = assert(netlink.monitor{ns = ns, groups = {"link"}, rcvbuf = 1, resync = true})
for i = 1, 40 do assert(rtnl.link_del(actor, "o" .. i)) end
while true do
  local ev = events()
  if ev.overrun then print("monitor: " .. ev.summary) end
  if ev.resync and not ev.object then print("monitor: " .. ev.summary) break end
end
-- expect: receive buffer:
-- expect: recv: receive on route socket
-- expect: loss reported: true
-- expect: a dump finds 81 interfaces
-- expect: monitor: overrun: the kernel dropped events (rcvbuf
-- expect: monitor: resync: re-dumped link:
-- expect: removed, 0 changed while events were lost
