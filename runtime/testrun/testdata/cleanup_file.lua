-- A socket opened at the top level, closed by a file-level cleanup after
-- the cases: no leak, even when -run selects one case.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

test("uses the shared socket", function()
	eq(#assert(rtnl.links(s)), 1)
end)

test("so does this one", function()
	eq(s:protocol(), netlink.ROUTE)
end)
