-- Passes, but forgets to close a socket and a namespace.
test("opens and forgets", function()
	local s = assert(netlink.open("route"))
	eq(s:protocol(), 0)
	assert(netns.new())
end)
