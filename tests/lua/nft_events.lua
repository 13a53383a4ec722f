-- nf_tables events caused by our own changes: every change is announced as
-- its object, followed by a NEWGEN that names the generation and our
-- process; dumps count exactly what was made.
local function drain(s)
	local got = {}
	while true do
		local m = s:recv(0.3)
		if not m then return got end
		got[#got + 1] = m
	end
end

local function names(msgs)
	local out = {}
	for _, m in ipairs(msgs) do out[#out + 1] = m.name end
	return out
end

test("add table and chain: object events then NEWGEN each", function()
	local ev = assert(netlink.open("netfilter"))
	assert(ev:join("nftables"))
	local s = assert(netlink.open("netfilter"))
	assert(nfnl.add_table(s, "inet", "ev"))
	assert(nfnl.add_chain(s, "inet", {table = "ev", name = "c1"}))
	local got = drain(ev)
	eq(names(got), {"NFT_MSG_NEWTABLE", "NFT_MSG_NEWGEN", "NFT_MSG_NEWCHAIN", "NFT_MSG_NEWGEN"})
	eq({got[1].body.object, got[1].body.family, got[1].body.name}, {"table", "inet", "ev"})
	eq({got[3].body.object, got[3].body.table, got[3].body.name}, {"chain", "ev", "c1"})
	eq(got[2].body.object, "gen")
	expect(got[4].body.id > got[2].body.id, "generations grow")
	assert(nfnl.del_table(s, "inet", "ev"))
	local del = drain(ev)
	expect(#del >= 2 and del[#del].name == "NFT_MSG_NEWGEN", "deletion announced: " .. table.concat(names(del), ","))
	local seen = {}
	for _, m in ipairs(del) do seen[m.name] = true end
	expect(seen.NFT_MSG_DELTABLE, "DELTABLE among " .. table.concat(names(del), ","))
	s:close()
	ev:close()
end)

test("dumps count exactly", function()
	local s = assert(netlink.open("netfilter"))
	eq(#assert(nfnl.tables(s)), 0, "a fresh namespace has no tables")
	for i = 1, 5 do
		assert(nfnl.add_table(s, "ip", "t" .. i))
		assert(nfnl.add_chain(s, "ip", {table = "t" .. i, name = "a"}))
		assert(nfnl.add_chain(s, "ip", {table = "t" .. i, name = "b"}))
	end
	eq(#assert(nfnl.tables(s)), 5)
	eq(#assert(nfnl.chains(s)), 10)
	for i = 1, 5 do assert(nfnl.del_table(s, "ip", "t" .. i)) end
	eq(#assert(nfnl.tables(s)), 0)
	s:close()
end)

test("a refused batch announces nothing", function()
	local ev = assert(netlink.open("netfilter"))
	assert(ev:join("nftables"))
	local s = assert(netlink.open("netfilter"))
	local ok, msg, errname = nfnl.batch(s, {{"add_table", "inet", "x"}, {"del_table", "inet", "missing"}})
	eq({ok, errname}, {nil, "ENOENT"})
	expect(msg:find("change 2", 1, true), "names the refused change: " .. msg)
	eq(drain(ev), {})
	eq(#assert(nfnl.tables(s)), 0)
	s:close()
	ev:close()
end)
