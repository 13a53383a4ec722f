-- sock_diag sees a listening TCP socket that a program opened inside the
-- test's namespace, with its port and state, as ss would show it.
local function wait_for(s, filter, pred)
	for _ = 1, 100 do
		for _, x in ipairs(assert(diag.sockets(s, filter))) do
			if pred(x) then return x end
		end
		netns.exec(nil, {"sleep", "0.02"})
	end
end

test("a python listener on port 4242 is LISTEN", function()
	local ok = netns.exec(nil, {"python3", "-c", "pass"})
	if not ok then skip("python3 is not available") end
	local s = assert(netlink.open("sock_diag"))
	-- the listener lives 2 s, detached, with its output closed
	assert(netns.exec(nil, {"sh", "-c",
		"python3 -c 'import socket,time; s=socket.socket(); s.bind((\"0.0.0.0\",4242)); s.listen(); time.sleep(2)' >/dev/null 2>&1 &"}))
	local l = wait_for(s, {family = "inet", protocol = "tcp"}, function(x) return x.sport == 4242 end)
	expect(l, "the listener shows up")
	eq({l.state, l.netid, l.src, l.uid}, {"LISTEN", "tcp", "0.0.0.0", 0})
	eq(#assert(diag.sockets(s, {family = "inet", protocol = "udp"})), 0, "no udp sockets")
	eq(#assert(diag.sockets(s, {family = "inet6"})), 0, "no inet6 sockets")
	s:close()
end)
