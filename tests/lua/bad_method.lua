-- A misspelt method of a socket or namespace names itself and the methods
-- there are, instead of gopher-lua's "attempt to call a non-function object".
test("misspelt methods", function()
	local s = assert(netlink.open("route"))
	errors(function() s:jion(1) end, 'a netlink socket has no method or field "jion" (it has: capture, close, fd, groups, join, ')
	errors(function() return s.portId end, 'no method or field "portId"')
	expect(s:portid() > 0, "real methods still work")
	local ns = netns.new()
	errors(function() ns:clos() end, 'a network namespace object has no method or field "clos" (it has: close, exec)')
	ns:close()
	s:close()
end)
