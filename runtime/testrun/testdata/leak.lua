-- Passes, but leaves a socket and a namespace open.
test("opens and forgets", function()
	assert(netlink.open("route"))
	assert(netns.new())
end)
