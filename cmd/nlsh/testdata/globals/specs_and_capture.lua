-- Run by TestGlobalsBeforeTest as `nlsh --specs DIR --capture FILE test`:
-- the spec directory reaches the ynl module, the capture records the file's
-- sockets.
test("--specs given before test", function()
	local path = assert(ynl.path("nlsh-globals-probe"))
	expect(path:find("nlsh-globals-probe.yaml", 1, true))
end)

test("a request to capture", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link(s, "lo"))
	s:close()
end)
