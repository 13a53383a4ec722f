-- string.pack/unpack/packsize (Lua 5.3 semantics), which scripts use to
-- build family headers.
test("native, little and big endian", function()
	eq(string.pack("<I4", 1), "\1\0\0\0")
	eq(string.pack(">I4", 1), "\0\0\0\1")
	eq(string.pack("<I2", 0x1234), "\52\18")
	eq(#string.pack("=I4I2I2I4I4", 16, 18, 0, 1, 2), 16, "an nlmsghdr")
end)

test("unpack returns the values and the next position", function()
	local a, b, pos = string.unpack("<I2I2", "\8\0\3\0xyz")
	eq({a, b, pos}, {8, 3, 5})
	eq({string.unpack("z", "abc\0def")}, {"abc", 5})
	eq({string.unpack("s1", "\3abc")}, {"abc", 5})
end)

test("packsize and alignment", function()
	eq(string.packsize("=I4I2I2I4I4"), 16)
	eq(string.packsize("!4 B I4"), 8)
	eq(string.packsize("i1 i2 i8"), 11)
end)

test("a header built with pack decodes", function()
	local hdr = string.pack("=I4I2I2I4I4", 20, 18, 1, 7, 0) .. "abcd"
	local m = assert(netlink.decode(hdr))
	eq({m[1].type, m[1].seq, m[1].payload}, {18, 7, "abcd"})
end)

test("bad formats and short strings raise", function()
	errors(function() string.pack("i17", 1) end, "17")
	errors(function() string.unpack("=I4", "ab") end, "too short")
	errors(function() string.pack("I4") end, "bad argument")
end)
