-- Link events: a listener that joined "link" sees RTM_NEWLINK and
-- RTM_DELLINK for a veth pair created and deleted by another socket, and
-- nothing once it left the group.
local function next_event(s, name)
	for _ = 1, 20 do
		local m, msg = s:recv(2)
		expect(m, "an event arrives: " .. tostring(msg))
		if m.name == name then return m end
	end
	expect(false, "no " .. name .. " within 20 messages")
end

test("new and deleted links are announced", function()
	local listener = assert(netlink.open("route"))
	assert(listener:join("link"))
	local actor = assert(netlink.open("route"))
	assert(rtnl.link_add(actor, {name = "ev0", kind = "veth", peer = "ev1"}))
	local ev = next_event(listener, "RTM_NEWLINK")
	eq(ev.group, rtnl.RTNLGRP_LINK, "delivered through the link group")
	expect(ev.body.name == "ev0" or ev.body.name == "ev1", "names one of the pair: " .. tostring(ev.body.name))
	assert(rtnl.link_del(actor, "ev0"))
	local del = next_event(listener, "RTM_DELLINK")
	expect(del.body.name == "ev0" or del.body.name == "ev1", "names one of the pair")
	listener:close()
	actor:close()
end)

test("no events after leave", function()
	local listener = assert(netlink.open("route"))
	assert(listener:join("link"))
	assert(listener:leave("link"))
	local actor = assert(netlink.open("route"))
	assert(rtnl.link_add(actor, {name = "q0", kind = "veth", peer = "q1"}))
	local m, msg = listener:recv(0.3)
	eq({m, msg}, {nil, "timeout"})
	actor:close()
	listener:close()
end)

test("a socket that never joined sees no events", function()
	local quiet = assert(netlink.open("route"))
	local actor = assert(netlink.open("route"))
	assert(rtnl.link_add(actor, {name = "n0", kind = "veth", peer = "n1"}))
	eq(select(2, quiet:recv(0.2)), "timeout")
	quiet:close()
	actor:close()
end)
