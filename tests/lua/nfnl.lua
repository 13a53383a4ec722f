-- nf_tables from Lua: tables and chains created and deleted through
-- batches, the ruleset dumped, and NFNLGRP_NFTABLES events read as tables.
local function nft(...)
	local ok, out, err = netns.exec(nil, {"nft", ...})
	if ok == nil then skip("nft not installed (apt-get install nftables)") end
	expect(ok, "nft " .. table.concat({...}, " ") .. ": " .. tostring(err))
	return out
end

-- The cases of a file share its namespace: each starts from an empty ruleset.
local function fresh()
	nft("flush", "ruleset")
end

test("add_table and del_table agree with nft list tables", function()
	fresh()
	local s = assert(netlink.open("netfilter"))
	assert(nfnl.add_table(s, "inet", "lua"))
	expect(nft("list", "tables"):find("table inet lua"), "nft sees the table")
	local x, msg, errname = nfnl.add_table(s, "inet", "lua")
	eq(errname, "EEXIST")
	expect(msg:find("NFT_MSG_NEWTABLE"), msg)
	assert(nfnl.del_table(s, "inet", "lua"))
	eq(nft("list", "tables"), "")
	x, msg, errname = nfnl.del_table(s, "inet", "lua")
	eq(errname, "ENOENT")
	s:close()
end)

test("an nft add table arrives as an event table", function()
	fresh()
	local s = assert(netlink.open("netfilter"))
	assert(s:join("nftables"))
	nft("add", "table", "ip", "evt")
	local m = assert(s:recv(2))
	eq(m.name, "NFT_MSG_NEWTABLE")
	eq(m.group, nfnl.NFNLGRP_NFTABLES)
	eq(m.body.object, "table")
	eq(m.body.family, "ip")
	eq(m.body.name, "evt")
	local gen = assert(s:recv(2))
	eq(gen.name, "NFT_MSG_NEWGEN")
	eq(gen.body.proc, "nft")
	s:close()
end)

test("a batch applies all changes or none", function()
	fresh()
	local s = assert(netlink.open("netfilter"))
	local ok, msg, errname = nfnl.batch(s, {
		{"add_table", "ip", "a"},
		{"add_chain", "ip", {table = "missing", name = "c"}},
	})
	eq(errname, "ENOENT")
	expect(msg:find("change 2 of the batch"), msg)
	eq(#assert(nfnl.tables(s)), 0)
	assert(nfnl.batch(s, {
		{"add_table", "ip", "a"},
		{"add_chain", "ip", {table = "a", name = "in", hook = "input", prio = 10, policy = "drop"}},
	}))
	local chains = assert(nfnl.chains(s))
	eq(#chains, 1)
	local c = chains[1]
	eq({c.table, c.name, c.hook, c.prio, c.policy, c.type}, {"a", "in", "input", 10, "drop", "filter"})
	expect(nft("list", "chain", "ip", "a", "in"):find("hook input priority filter %+ 10; policy drop;"), "nft agrees")
	s:close()
end)

test("rules made by nft decode with their expressions", function()
	fresh()
	nft("add", "table", "inet", "f")
	nft("add", "chain", "inet", "f", "c", "{ type filter hook input priority 0; }")
	nft("add", "rule", "inet", "f", "c", "udp", "dport", "53", "counter", "accept")
	local s = assert(netlink.open("netfilter"))
	local rules = assert(nfnl.rules(s))
	eq(#rules, 1)
	local names = {}
	for _, x in ipairs(rules[1].exprs) do names[#names + 1] = x.name end
	eq(names, {"meta", "cmp", "payload", "cmp", "counter", "immediate"})
	eq(rules[1].exprs[2].data, "\17") -- IPPROTO_UDP
	eq(rules[1].exprs[4].data, "\0\53")
	eq(rules[1].exprs[6].data, "accept")
	local handle = nft("-a", "list", "chain", "inet", "f", "c"):match("accept # handle (%d+)")
	eq(rules[1].handle, tonumber(handle))
	s:close()
end)
