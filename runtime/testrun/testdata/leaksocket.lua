-- Passes, but leaves a socket open (leak.lua leaves a namespace too, which
-- needs root).
test("opens and forgets", function()
	assert(netlink.open("route"))
end)
