-- sock:capture records what a socket sends and receives; netlink.pcap reads
-- it back as message tables with their direction.
test("a dump's request and replies are recorded in order", function()
	local path = os.tmpname()
	local s = assert(netlink.open("route"))
	assert(s:capture(path))
	assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
	assert(s:capture(nil))
	assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
	s:close()
	local recs = assert(netlink.pcap(path))
	os.remove(path)
	local got = {}
	for _, r in ipairs(recs) do
		got[#got + 1] = {r.direction, r.name, r.proto, r.seq}
	end
	eq(got, {
		{"sent", "RTM_GETLINK", netlink.ROUTE, 1},
		{"received", "RTM_NEWLINK", netlink.ROUTE, 1},
		{"received", "NLMSG_DONE", netlink.ROUTE, 1},
	}, "only the first request, before capture(nil)")
end)

test("bad capture files fail cleanly", function()
	local r, msg, errname = netlink.pcap("/nonexistent.pcap")
	eq({r, errname}, {nil, "ENOENT"})
	expect(msg:find("/nonexistent.pcap", 1, true), msg)
	r, msg = netlink.pcap("/etc/hostname")
	eq(r, nil)
	expect(msg:find("not a pcap file", 1, true), msg)
	local s = assert(netlink.open("route"))
	r, msg, errname = s:capture("/nonexistent/dir/x.pcap")
	eq({r, errname}, {nil, "ENOENT"}, msg)
	errors(function() s:capture(5) end, "bad argument #1 to sock:capture (file name or nil expected, got number)")
	errors(function() s:capture("") end, "file name must not be empty")
	s:close()
end)

test("a record holding a broken message is reported, with what could be read", function()
	local path = os.tmpname()
	cleanup(function() os.remove(path) end)
	local good = netlink.encode{type = 18, flags = netlink.F_REQUEST, seq = 1, payload = ""}
	local broken = good .. string.pack("=I4I2I2", 8, 18, 1) -- nlmsg_len 8 < 16
	local function record(data)
		local pseudo = string.pack(">HHHI8H", 4, 824, 0, 0, 0) -- sent, ARPHRD_NETLINK, route
		return string.pack("=I4I4I4I4", 0, 0, #pseudo + #data, #pseudo + #data) .. pseudo .. data
	end
	local f = assert(io.open(path, "wb"))
	f:write(string.pack("=I4I2I2i4I4I4I4", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 253))
	f:write(record(good), record(broken))
	f:close()
	local r, msg, errname, msgs = netlink.pcap(path)
	eq({r, errname}, {nil, "EINVAL"}, msg)
	expect(msg:find("record 2", 1, true), msg)
	eq(#msgs, 2, "the first record's message and the whole one before the damage")
	eq({msgs[1].record, msgs[2].record}, {1, 2})
end)
