-- sock:capture records every datagram; netlink.pcap reads them back as
-- message tables with direction and proto.
local path = os.tmpname()
local s = assert(netlink.open("route"))
assert(s:capture(path))
local replies = assert(s:request({type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}))
assert(s:capture(nil))
assert(s:request({type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})) -- not recorded
local msgs = assert(netlink.pcap(path))
assert(msgs[1].direction == "sent" and msgs[1].proto == 0 and msgs[1].type == 18, "first is the request")
assert(msgs[1].flags == netlink.F_REQUEST + netlink.F_DUMP, "flags as sent: " .. msgs[1].flags)
local links, done = 0, 0
for i = 2, #msgs do
	local m = msgs[i]
	assert(m.direction == "received", "record " .. m.record .. " " .. tostring(m.direction))
	if m.name == "RTM_NEWLINK" then links = links + 1 end
	if m.name == "NLMSG_DONE" then done = done + 1 end
	assert(m.time > 1e9 and m.record >= 2)
end
assert(links == #replies and done == 1, ("links %d of %d, done %d"):format(links, #replies, done))
assert(#msgs == #replies + 2, "nothing after capture(nil)")
-- misuse
local ok, err = pcall(s.capture, s, 42)
assert(not ok and tostring(err):find("sock:capture", 1, true), tostring(err))
local r, msg = netlink.pcap("/nonexistent/x.pcap")
assert(r == nil and msg:find("no such file", 1, true), tostring(msg))
local f = io.open(path, "wb"); f:write("not a capture at all, no"); f:close()
r, msg = netlink.pcap(path)
assert(r == nil and msg:find("not a pcap file", 1, true), tostring(msg))
-- a capture left running closes with the socket
assert(s:capture(path))
s:close()
assert(s:capture(path) == nil)
os.remove(path)
