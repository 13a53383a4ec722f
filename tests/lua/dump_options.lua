-- The dumps' options: rtnl.addrs/routes/neighbours/rules(sock, {family=})
-- and rtnl.routes(sock, {table=}) list only what they select; mistakes in
-- the options raise errors naming the function and the option.
local s = assert(netlink.open("route"))
cleanup(function() s:close() end)

local function families(list)
	local seen, out = {}, {}
	for _, o in ipairs(list) do
		if not seen[o.family] then seen[o.family] = true; out[#out + 1] = o.family end
	end
	table.sort(out)
	return out
end

-- IPv6 link-local addresses and their routes appear asynchronously once a
-- link has carrier, so two dumps taken one after the other may differ in
-- their IPv6 entries: counts below compare IPv4 only, and IPv6 by family.

-- fresh makes the up pair d0/d1 with 192.0.2.1/24 and 2001:db8::1/64 on d0,
-- and a route in table 100 and one in table 1000 (above rtm_table's 255).
local function fresh()
	assert(rtnl.link_add(s, {name = "d0", kind = "veth", peer = "d1"}))
	cleanup(function() rtnl.link_del(s, "d0") end)
	assert(rtnl.link_set(s, "d1", {up = true}))
	assert(rtnl.link_set(s, "d0", {up = true}))
	assert(rtnl.addr_add(s, "d0", "192.0.2.1/24"))
	assert(rtnl.addr_add(s, "d0", "2001:db8::1/64"))
	assert(rtnl.route_add(s, {dst = "198.51.100.0/24", dev = "d0", table = 100}))
	assert(rtnl.route_add(s, {dst = "203.0.113.0/24", dev = "d0", table = 1000}))
end

test("addrs by family", function()
	fresh()
	eq(families(assert(rtnl.addrs(s))), {"inet", "inet6"})
	eq(families(assert(rtnl.addrs(s, {family = "inet"}))), {"inet"})
	eq(families(assert(rtnl.addrs(s, {family = "inet6"}))), {"inet6"})
	eq(families(assert(rtnl.addrs(s, {family = 2}))), {"inet"})
	eq(families(assert(rtnl.addrs(s, {family = "unspec"}))), {"inet", "inet6"})
	eq(families(assert(rtnl.addrs(s, {}))), {"inet", "inet6"})
	-- the kernel answers AF_BRIDGE with every family's addresses: none is bridge's
	eq(#assert(rtnl.addrs(s, {family = "bridge"})), 0)
end)

test("routes by family and table", function()
	fresh()
	eq(families(assert(rtnl.routes(s))), {"inet", "inet6"})
	local all = assert(rtnl.routes(s, {family = "inet"}))
	eq(families(assert(rtnl.routes(s, {family = "inet6"}))), {"inet6"})
	local t100 = assert(rtnl.routes(s, {table = 100}))
	eq(#t100, 1)
	eq({t100[1].dst, t100[1].table}, {"198.51.100.0/24", 100})
	local t1000 = assert(rtnl.routes(s, {table = "1000", family = "inet"}))
	eq(#t1000, 1)
	eq({t1000[1].dst, t1000[1].table}, {"203.0.113.0/24", 1000})
	local main, n = assert(rtnl.routes(s, {table = "main", family = "inet"})), 0
	for _, r in ipairs(all) do if r.table == 254 then n = n + 1 end end
	expect(n > 0, "routes in main")
	eq(#main, n)
	for _, r in ipairs(main) do eq(r.table, 254) end
	eq(#assert(rtnl.routes(s, {table = "local", family = "inet6"})) > 0, true)
	eq(#assert(rtnl.routes(s, {table = "all", family = "inet"})), #all)
	eq(families(assert(rtnl.routes(s, {table = "all"}))), {"inet", "inet6"})
	eq(#assert(rtnl.routes(s, {table = 4242})), 0, "a table with no routes is empty, not an error")
	eq(#assert(rtnl.routes(s, {table = 4242, family = "inet"})), 0, "also asked of one family")
	eq(#assert(rtnl.routes(s, {family = "bridge"})), 0)
end)

test("neighbours and rules by family", function()
	fresh()
	assert(rtnl.link_add(s, {name = "br9", kind = "bridge"}))
	cleanup(function() rtnl.link_del(s, "br9") end)
	assert(rtnl.link_set(s, "d1", {master = "br9"}))
	local fdb = assert(rtnl.neighbours(s, {family = "bridge"}))
	expect(#fdb > 0, "the bridge's forwarding database")
	eq(families(fdb), {"bridge"})
	for _, n in ipairs(assert(rtnl.neighbours(s, {family = "inet6"}))) do eq(n.family, "inet6") end
	eq(families(assert(rtnl.rules(s, {family = "inet6"}))), {"inet6"})
	eq(families(assert(rtnl.rules(s, {family = "inet"}))), {"inet"})
	local none, msg, errname = rtnl.rules(s, {family = "bridge"})
	eq({none, errname}, {nil, "EAFNOSUPPORT"}, msg)
	expect(msg:find("rtnl.rules", 1, true), msg)
end)

test("mistakes in the options raise", function()
	errors(function() rtnl.addrs(s, "inet6") end, "bad argument #2 to rtnl.addrs (options table expected, got string)")
	errors(function() rtnl.addrs(s, {family = "bogus"}) end,
		'bad argument #2 to rtnl.addrs (option \'family\': unknown family "bogus" (known: unspec, inet, bridge, inet6, link, mpls, ipmr, ip6mr))')
	errors(function() rtnl.addrs(s, {family = true}) end, "option 'family' must be a family name or number, got boolean")
	errors(function() rtnl.routes(s, {family = 300}) end, "bad argument #2 to rtnl.routes (option 'family' must be an integer from 0 to 255, got 300)")
	errors(function() rtnl.neighbours(s, {famly = "inet"}) end, 'bad argument #2 to rtnl.neighbours (unknown option "famly" (known: family, ifindex, master, where))')
	errors(function() rtnl.rules(s, {table = 1}) end, 'bad argument #2 to rtnl.rules (unknown option "table" (known: family, where))')
	errors(function() rtnl.addrs(s, {"inet"}) end, 'unknown option "1" (known: family, ifindex, where)')
	errors(function() rtnl.routes(s, {table = "nope"}) end, "bad argument #2 to rtnl.routes (option 'table': unknown table \"nope\"")
	errors(function() rtnl.routes(s, {table = -1}) end, "option 'table' must be an integer from 0 to 4294967295, got -1")
	errors(function() rtnl.routes(s, {table = {}}) end, "option 'table' must be a table number or name, got table")
	errors(function() rtnl.links(s, {family = "inet"}) end, "bad argument #2 to rtnl.links (option 'family' does not apply to links")
	errors(function() rtnl.links(s, {name = "lo"}) end, 'bad argument #2 to rtnl.links (unknown option "name" (known: master, kind, where))')
	errors(function() rtnl.links(s, 5) end, "bad argument #2 to rtnl.links (options table expected, got number)")
	eq(#assert(rtnl.links(s, {})), #assert(rtnl.links(s)))
end)
