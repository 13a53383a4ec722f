-- netlink.encode/decode/attrs/attr: round trips, and malformed bytes give
-- nil, a message naming the offset, "EINVAL" -- never a crash.
test("encode then decode gives the message back", function()
	local bytes = netlink.encode{type = 18, flags = 5, seq = 3, pid = 9, payload = "abcd"}
	eq(#bytes, 20)
	local m = assert(netlink.decode(bytes))
	eq(#m, 1)
	eq({m[1].len, m[1].type, m[1].flags, m[1].seq, m[1].pid, m[1].payload}, {20, 18, 5, 3, 9, "abcd"})
end)

test("several messages in one buffer, padded to 4 bytes", function()
	local bytes = netlink.encode{{type = 18, payload = "a"}, {type = 19, payload = "bcdef"}}
	eq(#bytes, 20 + 24)
	local m = assert(netlink.decode(bytes))
	eq({m[1].type, m[1].payload, m[2].type, m[2].payload}, {18, "a", 19, "bcdef"})
end)

test("attributes: padding, nesting flag and offsets", function()
	local a = netlink.attr(1, "abc")
	eq(a, "\7\0\1\0abc\0", "length 7, padded to 8")
	local nested = netlink.attr(0x8000 + 2, netlink.attr(3, "x"))
	local list = assert(netlink.attrs(a .. nested))
	eq(#list, 2)
	eq({list[1].type, list[1].data, list[1].nested, list[1].offset}, {1, "abc", false, 0})
	eq({list[2].type, list[2].nested, list[2].offset}, {2, true, 8})
	eq(assert(netlink.attrs(list[2].data))[1].data, "x")
end)

test("decode of malformed bytes fails cleanly", function()
	local cases = {
		{"abc", "3 trailing bytes"},
		{string.rep("\255", 40), "exceeds"},
		{string.pack("=I4I2I2I4I4", 8, 18, 0, 0, 0), "nlmsg_len"},
	}
	for _, c in ipairs(cases) do
		local r, msg, errname = netlink.decode(c[1])
		eq({r, errname}, {nil, "EINVAL"}, c[2])
		expect(msg:find(c[2], 1, true) and msg:find("offset", 1, true), msg)
	end
	eq(assert(netlink.decode("")), {}, "no bytes, no messages")
end)

test("attrs of malformed bytes fails cleanly", function()
	local r, msg, errname = netlink.attrs("\3\0")
	eq({r, errname}, {nil, "EINVAL"})
	expect(msg:find("offset 0", 1, true), msg)
	r, msg, errname = netlink.attrs("\200\0\1\0")
	eq({r, errname}, {nil, "EINVAL"})
	expect(msg:find("nla_len 200", 1, true), msg)
end)

test("random bytes never crash decode", function()
	math.randomseed(42)
	for _ = 1, 300 do
		local n = math.random(0, 64)
		local t = {}
		for i = 1, n do t[i] = string.char(math.random(0, 255)) end
		local b = table.concat(t)
		netlink.decode(b)
		netlink.decode(b, "route")
		netlink.attrs(b)
	end
end)

test("argument mistakes raise", function()
	errors(function() netlink.decode(42) end, "bad argument #1 to netlink.decode (bytes (a string) expected, got number)")
	errors(function() netlink.attr("x", "y") end, "bad argument #1 to netlink.attr")
	errors(function() netlink.attr(70000, "y") end, "from 0 to 65535")
	errors(function() netlink.encode({}) end, "needs a numeric 'type' field")
	errors(function() netlink.encode("x") end, "bad argument #1 to netlink.encode (message table expected, got string)")
end)

test("flag constants", function()
	eq({netlink.F_REQUEST, netlink.F_MULTI, netlink.F_ACK, netlink.F_ECHO, netlink.F_DUMP_INTR}, {1, 2, 4, 8, 16})
	eq({netlink.F_ROOT, netlink.F_MATCH, netlink.F_DUMP}, {256, 512, 768})
	eq({netlink.F_REPLACE, netlink.F_EXCL, netlink.F_CREATE}, {256, 512, 1024})
end)
