-- A recv without a timeout on a quiet socket: the file's timeout ends it.
test("hangs in recv", function()
	local s = assert(netlink.open("route"))
	s:recv()
end)

test("never runs", function() end)
