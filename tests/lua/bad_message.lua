-- A message table with a decoded 'body' but no 'payload' is refused: the
-- body is never encoded, and the message would go out empty.
test("body without payload", function()
	local want = "field 'body' is not encoded"
	errors(function() netlink.encode{type = 16, body = {name = "x"}} end, "bad argument #1 to netlink.encode (" .. want)
	local s = assert(netlink.open("route"))
	errors(function() s:send{type = 16, body = {name = "x"}} end, "bad argument #1 to sock:send (" .. want)
	errors(function() s:request{type = 18, body = {}} end, "bad argument #1 to sock:request (" .. want)
	-- a decoded message (body and payload) still encodes to the same bytes
	local dump = assert(s:request{type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)})
	expect(dump[1].body ~= nil, "the reply is decoded")
	eq(netlink.decode(netlink.encode(dump[1]), "route")[1].payload, dump[1].payload)
	s:close()
end)
