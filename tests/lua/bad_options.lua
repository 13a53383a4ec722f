-- Option and filter tables reject fields they do not know: a typo must not
-- be silently ignored. Dump helpers name themselves in argument errors.
test("netlink.explain options", function()
	local hdr = string.pack("=I4HHI4I4", 16, 16, 0, 0, 0)
	errors(function() netlink.explain(hdr, "route", {hexdmp = false}) end,
		'bad argument #3 to netlink.explain (unknown option "hexdmp" (known: request, error, families, hexdump))')
	expect(not netlink.explain(hdr, "route", {hexdump = false}):find("hex dump", 1, true), "hexdump=false still works")
	errors(function() netlink.explain(hdr, "generic", {families = {tcp_metrics = 27}}) end,
		"bad argument #3 to netlink.explain (field 'families': key tcp_metrics is not a family id)")
	errors(function() netlink.explain(hdr, "generic", {families = {[27] = true}}) end,
		"bad argument #3 to netlink.explain (field 'families': name of family 27 must be a string, got boolean)")
end)

test("genl.request options", function()
	local g = assert(netlink.open("generic"))
	errors(function() genl.request(g, "nlctrl", genl.CTRL_CMD_GETFAMILY, nil, {dmup = true}) end,
		'bad argument #5 to genl.request (unknown option "dmup" (known: dump, flags, version, header, timeout))')
	g:close()
end)

test("diag.sockets filter", function()
	local d = assert(netlink.open("sock_diag"))
	errors(function() diag.sockets(d, {familly = "inet"}) end,
		'bad argument #2 to diag.sockets (unknown filter field "familly" (known: family, protocol, states))')
	assert(diag.sockets(d, {family = "inet", protocol = "tcp"}))
	d:close()
end)

test("nfnl chain fields and dump names", function()
	local n = assert(netlink.open("netfilter"))
	assert(nfnl.add_table(n, "inet", "t"))
	errors(function() nfnl.add_chain(n, "inet", {table = "t", name = "c", hok = "input"}) end,
		'bad argument #3 to nfnl.add_chain (unknown chain field "hok"')
	errors(function() nfnl.batch(n, {{"add_chain", "inet", {table = "t", name = "c", polcy = "drop"}}}) end,
		'bad argument #2 to nfnl.batch (change 1: unknown chain field "polcy"')
	eq(#assert(nfnl.chains(n)), 0, "nothing was added")
	for _, f in ipairs{"tables", "chains", "rules", "sets"} do
		errors(function() nfnl[f]() end, "bad argument #1 to nfnl." .. f .. " (netfilter socket expected, got nil)")
	end
	n:close()
end)

test("netlink.explain of a table without len", function()
	-- the length is what encoding gives, not 0 ("but 20 bytes are here")
	local text = netlink.explain({type = 16, payload = "abcd"}, "route")
	expect(text:find("nlmsg_len     20\n", 1, true), text)
	-- a len given is shown as given, to explain a wrong one
	expect(netlink.explain({type = 16, len = 99}, "route"):find("nlmsg_len     99  (but 16 bytes are here)", 1, true))
end)
