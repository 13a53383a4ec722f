-- netlink.explain: a dissection for teaching, of bytes, message tables,
-- dumps and error replies (with the ext-ack offset named in the request).
local ifinfomsg = string.rep("\0", 16)

local function has(text, want)
	expect(text:find(want, 1, true), ("no %q in\n%s"):format(want, text))
end

test("a link dump message, from a message table", function()
	local s = assert(netlink.open("route"))
	cleanup(function() s:close() end)
	local links = assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = ifinfomsg})
	local text = netlink.explain(links[1], "route")
	has(text, "nlmsg_type    16 = RTM_NEWLINK")
	has(text, "nlmsg_flags   0x0002 = MULTI")
	has(text, "ifinfomsg (16 bytes)")
	has(text, 'IFLA_IFNAME (type 3) len 7: "lo"')
	has(text, "hex dump (offsets in decimal")
	expect(not text:find("\n$"), "no trailing newline")
end)

test("a whole dump: each message", function()
	local s = assert(netlink.open("route"))
	cleanup(function() s:close() end)
	local links = assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = ifinfomsg})
	local text = netlink.explain({links[1], links[1]}, "route", {hexdump = false})
	has(text, "== message 2 of 2")
	expect(not text:find("hex dump (offsets", 1, true), "hexdump=false")
end)

test("raw bytes, a request with its flags read as a GET", function()
	local b = netlink.encode{type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP, seq = 5, payload = ifinfomsg}
	local text = netlink.explain(b, "route")
	has(text, "0x0301 = REQUEST|DUMP (ROOT|MATCH)   [GET: 0x100 ROOT, 0x200 MATCH, 0x400 ATOMIC]")
	has(text, "nlmsg_seq     5")
end)

test("an ERANGE reply points at the 39-byte IFLA_IFNAME", function()
	local s = assert(netlink.open("route"))
	cleanup(function() s:close() end)
	local req = {type = rtnl.RTM_NEWLINK, flags = netlink.F_REQUEST + netlink.F_ACK + netlink.F_CREATE + netlink.F_EXCL, seq = 77,
		payload = ifinfomsg .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("x", 34) .. "\0")}
	assert(s:send(req))
	local reply = assert(s:recv())
	eq(reply.errname, "ERANGE")
	local text = netlink.explain(reply, "route")
	has(text, "-34 = ERANGE (numerical result out of range)")
	has(text, "NLMSGERR_ATTR_OFFS (type 2) len 8: 32 → IFLA_IFNAME (type 3, 39 bytes)")
	has(text, "<-- the ext-ack offset points here")
	-- the same from request's extack table: it carries the request as sent,
	-- with the seq sock:request gave it (not the 77 of the table as written)
	local r, msg, errname, extack = s:request(req)
	eq(r, nil)
	has(msg, "(offset 32: IFLA_IFNAME)")
	eq(extack.attr, "IFLA_IFNAME")
	local sent_seq = string.unpack("=I4", extack.request, 9)
	expect(sent_seq ~= 77, "sock:request gives its own seq")
	for _, t in ipairs{netlink.explain(extack), netlink.explain(extack, "route", {request = req, error = -34})} do
		has(t, ("kernel error for the RTM_NEWLINK request (seq %d): -34 = ERANGE"):format(sent_seq))
		has(t, "offset 32 → IFLA_IFNAME (type 3, 39 bytes)")
	end
	-- an extack table without its request cannot name the attribute
	text = netlink.explain({msg = extack.msg, offset = extack.offset}, "route")
	has(text, "the request's bytes are not known here")
end)

test("generic netlink: nlctrl's own family", function()
	local s = assert(netlink.open("generic"))
	cleanup(function() s:close() end)
	local r = assert(s:request{type = 16, payload = string.pack("BBI2", 3, 1, 0) .. netlink.attr(2, "nlctrl\0")})
	local text = netlink.explain(r[1], "generic")
	has(text, "cmd           1 = CTRL_CMD_NEWFAMILY")
	has(text, 'CTRL_ATTR_FAMILY_NAME (type 2) len 11: "nlctrl"')
end)

test("malformed bytes are explained as far as they go", function()
	local b = netlink.encode{type = rtnl.RTM_NEWLINK, payload = ifinfomsg .. "\64\0\3\0abcd"}
	local text = netlink.explain(b .. "xyz", "route")
	has(text, "malformed: attribute type 3 has nla_len 64 but only 8 bytes are left")
	has(text, "malformed: message 1 at offset 40: 3 trailing bytes")
	has(netlink.explain(""), "(no bytes: an empty datagram)")
end)

test("argument mistakes name the function", function()
	errors(function() netlink.explain(42) end, "bad argument #1 to netlink.explain")
	errors(function() netlink.explain("", "nosuch") end, "bad argument #2 to netlink.explain")
	errors(function() netlink.explain({}) end, "bad argument #1 to netlink.explain")
	errors(function() netlink.explain("", nil, {request = 5}) end, "bad argument #3 to netlink.explain")
end)

test("families names a generic netlink family by id", function()
	local b = netlink.encode{type = 27, flags = netlink.F_REQUEST, payload = string.pack("BBI2", 1, 1, 0)}
	has(netlink.explain(b, "generic", {families = {[27] = "tcp_metrics"}}), 'generic netlink family "tcp_metrics" (id 27)')
	-- without families, nlsh asks the kernel's nlctrl (ids are global)
	local named = 0
	for id = 17, 64 do
		local m = netlink.encode{type = id, flags = netlink.F_REQUEST, payload = string.pack("BBI2", 1, 1, 0)}
		if netlink.explain(m, "generic"):find('generic netlink family "', 1, true) then named = named + 1 end
	end
	assert(named > 0, "no generic family named by nlctrl")
	local none = netlink.encode{type = 1023, flags = netlink.F_REQUEST, payload = string.pack("BBI2", 1, 1, 0)}
	has(netlink.explain(none, "generic"), "generic netlink family id 1023 (nlctrl knows no such family")
end)
