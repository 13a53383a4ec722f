-- netlink.monitor yields decoded events; its sockets close with the state.
local events = assert(netlink.monitor{groups = {"link"}})
local s = assert(netlink.open("route"))
assert(rtnl.link_add(s, {name = "mon0", kind = "veth", peer = "mon1"}))
local seen = {}
while not (seen["+mon0"] and seen["+mon1"]) do
	local ev = assert(events())
	assert(not ev.overrun, "overrun")
	assert(ev.name == "RTM_NEWLINK" and ev.object == "link", tostring(ev.name))
	seen[ev.summary:match("^(%+%S+ %S+)"):gsub("link ", "")] = true
end
assert(rtnl.link_del(s, "mon0"))
local ev
repeat ev = assert(events()) until ev.name == "RTM_DELLINK"
assert(ev.summary:find("^%-link mon"), ev.summary)
-- a second monitor left open on purpose: Env.Close must close it
assert(netlink.monitor{groups = {"link", "nlctrl:notify"}, rcvbuf = 1048576})
local ok, err = pcall(netlink.monitor, {groups = {}})
assert(not ok and tostring(err):find("groups", 1, true), tostring(err))
ok, err = pcall(netlink.monitor, {groups = {"nonsense"}})
assert(not ok and tostring(err):find('unknown object "nonsense"', 1, true), tostring(err))
