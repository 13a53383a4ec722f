-- Deliberately failing: `nlsh test` must show file:line, both values and
-- exit 1 (cmd/nlsh/test_test.go).
test("lo is up", function()
	local s = assert(netlink.open("route"))
	local lo = assert(rtnl.link(s, "lo"))
	s:close()
	eq(lo.mtu, 1500, "lo's mtu")
end)

test("links", function()
	local s = assert(netlink.open("route"))
	local names = {}
	for _, l in ipairs(assert(rtnl.links(s))) do names[#names + 1] = l.name end
	s:close()
	eq(names, {"lo", "eth0"})
end)

test("passes", function()
	expect(true)
end)

test("skips", function()
	skip("needs hardware")
end)
