-- netlink.open's bad inputs (API.md "Errors"): argument mistakes raise an
-- error naming the function and the argument; kernel refusals return nil,
-- message, errname.
test("wrong argument types raise, naming netlink.open", function()
	errors(function() netlink.open() end, "bad argument #1 to netlink.open")
	errors(function() netlink.open({}) end, "bad argument #1 to netlink.open")
	errors(function() netlink.open(-1) end, "bad argument #1 to netlink.open")
	errors(function() netlink.open("routing") end, "unknown netlink protocol")
	errors(function() netlink.open("route", 42) end, "bad argument #2 to netlink.open")
	errors(function() netlink.open("route", {pid = "x"}) end, "namespace field 'pid' must be a number")
	errors(function() netlink.open("route", {bogus = 1}) end, 'unknown namespace field "bogus"')
end)

test("an unsupported protocol is the kernel's EPROTONOSUPPORT", function()
	local s, msg, errname = netlink.open(99)
	eq({s, errname}, {nil, "EPROTONOSUPPORT"})
	expect(msg:find("99", 1, true), "names the protocol: " .. msg)
end)

test("names are case-insensitive; numbers and constants work", function()
	for _, p in ipairs({"ROUTE", "route", 0, netlink.ROUTE}) do
		local s = assert(netlink.open(p))
		eq(s:protocol(), netlink.ROUTE)
		s:close()
	end
	for name, num in pairs({generic = netlink.GENERIC, netfilter = netlink.NETFILTER, sock_diag = netlink.SOCK_DIAG, xfrm = netlink.XFRM}) do
		local s = assert(netlink.open(name))
		eq(s:protocol(), num, name)
		s:close()
	end
end)

test("the constants hold the kernel's numbers", function()
	eq({netlink.ROUTE, netlink.GENERIC, netlink.NETFILTER, netlink.SOCK_DIAG, netlink.AUDIT, netlink.XFRM}, {0, 16, 12, 4, 9, 6})
end)
