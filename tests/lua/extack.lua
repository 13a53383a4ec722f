-- Extended ACKs: the kernel's text is part of the message, the extack table
-- carries the text and the offset of the offending attribute in the request
-- as sent.
local ifinfomsg = string.rep("\0", 16)

test("an over-long IFLA_IFNAME: ERANGE, policy text, offset 32", function()
	local s = assert(netlink.open("route"))
	local r, msg, errname, extack = s:request{
		type = rtnl.RTM_NEWLINK,
		flags = netlink.F_CREATE + netlink.F_EXCL,
		payload = ifinfomsg .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("a", 38) .. "\0"),
	}
	eq(r, nil)
	eq(errname, "ERANGE")
	expect(msg:find("Attribute failed policy validation", 1, true), msg)
	expect(not msg:find("\n"), "one line")
	eq(extack.msg, "Attribute failed policy validation")
	eq(extack.offset, 32, "16 bytes of header, 16 of ifinfomsg: the attribute")
	s:close()
end)

test("the offset points at the attribute's header in the sent bytes", function()
	local s = assert(netlink.open("route"))
	local name = string.rep("b", 40) .. "\0"
	local msg = {type = rtnl.RTM_NEWLINK, flags = netlink.F_REQUEST + netlink.F_ACK + netlink.F_CREATE, seq = 9,
		payload = ifinfomsg .. netlink.attr(rtnl.IFLA_MTU, string.pack("=I4", 1500)) .. netlink.attr(rtnl.IFLA_IFNAME, name)}
	local sent = netlink.encode(msg)
	local _, _, _, extack = s:request(msg)
	local len, typ = string.unpack("=I2I2", sent, extack.offset + 1)
	eq(typ, rtnl.IFLA_IFNAME, "the attribute at the offset is IFLA_IFNAME")
	eq(len, 4 + #name)
	eq(extack.offset, 40, "after IFLA_MTU (8 bytes)")
	s:close()
end)

test("an invalid prefix length is explained by ipv4", function()
	local s = assert(netlink.open("route"))
	local _, msg, errname, extack = s:request{
		type = rtnl.RTM_NEWADDR,
		flags = netlink.F_CREATE + netlink.F_EXCL,
		payload = string.pack("=BBBBI4", 2, 33, 0, 0, 1) .. netlink.attr(2, "\10\0\0\1"),
	}
	eq(errname, "EINVAL")
	eq(extack.msg, "ipv4: Invalid prefix length")
	expect(msg:find("ipv4: Invalid prefix length", 1, true), msg)
	s:close()
end)

test("strict checking explains bad dump headers", function()
	local s = assert(netlink.open("route"))
	local _, msg, errname, extack = s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = string.rep("\1", 16)}
	eq(errname, "EINVAL")
	eq(extack.msg, "Invalid values in header for link dump request")
	expect(msg:find("RTM_GETLINK", 1, true), "names the request: " .. msg)
	s:close()
end)

test("an unknown link kind says so", function()
	local s = assert(netlink.open("route"))
	local ok, msg, errname = rtnl.link_add(s, {name = "k0", kind = "no-such-kind"})
	eq(ok, nil)
	expect(errname == "EOPNOTSUPP" or errname == "ENOTSUP", errname)
	expect(msg:find("Unknown device type", 1, true), msg)
	s:close()
end)

test("the socket is fine after errors", function()
	local s = assert(netlink.open("route"))
	for _ = 1, 3 do
		assert(not s:request{type = rtnl.RTM_NEWLINK, flags = netlink.F_CREATE, payload = ifinfomsg .. netlink.attr(rtnl.IFLA_IFNAME, string.rep("c", 39) .. "\0")})
	end
	eq(#assert(s:request{type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP, payload = ifinfomsg}), 1)
	s:close()
end)
