-- json.encode of every kind of object nlsh decodes reads back equal with
-- json.decode. Binary strings (not UTF-8) come back as their hex text, so
-- the expected value is the object with those strings replaced by hex.
local function exec(argv)
	local ok, out, err = netns.exec(nil, argv)
	if ok == nil then skip(argv[1] .. " is not installed") end
	expect(ok, table.concat(argv, " ") .. ": " .. tostring(err))
	return out
end

-- utf8 reports whether s is valid UTF-8 (Lua 5.1 has no utf8 library).
local function utf8(s)
	local i, n = 1, #s
	while i <= n do
		local c = s:byte(i)
		local len = c < 0x80 and 1 or c >= 0xc2 and c < 0xe0 and 2 or c >= 0xe0 and c < 0xf0 and 3 or c >= 0xf0 and c < 0xf5 and 4
		if not len or i + len - 1 > n then return false end
		for j = i + 1, i + len - 1 do
			local b = s:byte(j)
			if b < 0x80 or b > 0xbf then return false end
		end
		local c2 = s:byte(i + 1)
		if len == 3 and (c == 0xe0 and c2 < 0xa0 or c == 0xed and c2 > 0x9f) then return false end
		if len == 4 and (c == 0xf0 and c2 < 0x90 or c == 0xf4 and c2 > 0x8f) then return false end
		i = i + len
	end
	return true
end

-- expected is v as json should give it back: binary strings as hex.
local function expected(v)
	if type(v) == "string" and not utf8(v) then
		return (v:gsub(".", function(c) return string.format("%02x", c:byte()) end))
	elseif type(v) == "table" then
		local t = {}
		for k, x in pairs(v) do t[expected(k)] = expected(x) end
		return t
	end
	return v
end

local function roundtrip(what, v)
	expect(type(v) == "table" and next(v) ~= nil, what .. ": nothing to encode")
	local text = json.encode(v)
	eq(json.decode(text), expected(v), what)
	eq(json.encode(json.decode(text)), text, what .. ": encoding the decoded value gives the same text")
end

test("rtnl objects: links (with stats), addresses, routes, neighbours, rules", function()
	local s = assert(netlink.open("route"))
	assert(rtnl.link_add(s, {name = "j0", kind = "veth", peer = "j1"}))
	assert(rtnl.link_set(s, "j0", {up = true}))
	assert(rtnl.addr_add(s, "j0", "10.9.0.1/24"))
	assert(rtnl.addr_add(s, "j0", "fd00::1/64"))
	exec{"ip", "neigh", "add", "10.9.0.2", "lladdr", "02:00:00:00:00:02", "dev", "j0"}
	exec{"ip", "rule", "add", "from", "10.9.0.0/24", "table", "100", "priority", "100"}
	local links = assert(rtnl.links(s))
	for _, l in ipairs(links) do local _ = l.stats end -- lazy fields are encoded once read
	roundtrip("links", links)
	roundtrip("addrs", assert(rtnl.addrs(s)))
	roundtrip("routes", assert(rtnl.routes(s)))
	roundtrip("neighbours", assert(rtnl.neighbours(s)))
	roundtrip("rules", assert(rtnl.rules(s)))
	s:close()
end)

test("genl families", function()
	local s = assert(netlink.open("generic"))
	roundtrip("families", assert(genl.families(s)))
	s:close()
end)

test("nf_tables tables, chains, rules and sets", function()
	exec{"nft", "flush", "ruleset"}
	exec{"nft", "add", "table", "inet", "j"}
	exec{"nft", "add", "chain", "inet", "j", "c", "{ type filter hook input priority 0; }"}
	exec{"nft", "add", "rule", "inet", "j", "c", "udp", "dport", "53", "counter", "accept"}
	exec{"nft", "add", "set", "inet", "j", "s", "{ type ipv4_addr; }"}
	local s = assert(netlink.open("netfilter"))
	roundtrip("tables", assert(nfnl.tables(s)))
	roundtrip("chains", assert(nfnl.chains(s)))
	roundtrip("rules", assert(nfnl.rules(s)))
	roundtrip("sets", assert(nfnl.sets(s)))
	s:close()
	exec{"nft", "flush", "ruleset"}
end)

test("sockets", function()
	local s = assert(netlink.open("sock_diag"))
	exec{"sh", "-c", "python3 -c 'import socket,time; s=socket.socket(); s.bind((\"0.0.0.0\",4243)); s.listen(); time.sleep(5)' >/dev/null 2>&1 &"}
	local socks
	for _ = 1, 250 do
		socks = assert(diag.sockets(s, {family = "inet", protocol = "tcp"}))
		if #socks > 0 then break end
		netns.exec(nil, {"sleep", "0.02"})
	end
	roundtrip("sockets", socks)
	s:close()
end)

test("monitor events and captured messages", function()
	local events, mon = assert(netlink.monitor{groups = {"link"}})
	local path = os.tmpname()
	local s = assert(netlink.open("route"))
	assert(s:capture(path))
	assert(rtnl.link_add(s, {name = "k0", kind = "veth", peer = "k1"}))
	assert(s:capture(nil))
	roundtrip("event", assert(events()))
	mon:close()
	s:close()
	local recs = assert(netlink.pcap(path))
	os.remove(path)
	roundtrip("captured messages", recs)
end)

test("a counter above 2^53 stays exact", function()
	-- RTM_NEWLINK for ifindex 7 with IFLA_STATS64 whose rx_bytes is 2^53+1
	-- (a Lua number cannot hold 2^53+1: the halves are packed, low first
	-- on a little-endian host)
	local big = string.pack("=I2", 1):byte() == 1 and string.pack("=I4I4", 1, 0x200000) or string.pack("=I4I4", 0x200000, 1)
	local stats = string.pack("=I8I8", 1, 2) .. big .. string.rep("\0", 8 * 21)
	local payload = string.pack("=BxHiII", 0, 1, 7, 0, 0) .. netlink.attr(23, stats)
	local msg = netlink.decode(netlink.encode{type = rtnl.RTM_NEWLINK, payload = payload}, netlink.ROUTE)[1]
	local rx = msg.body.stats.rx_bytes
	eq(tostring(rx), "9007199254740993")
	expect(json.encode(msg.body.stats):find('"rx_bytes":9007199254740993', 1, true), json.encode(msg.body.stats))
	expect(json.decode(json.encode(msg.body.stats)).rx_bytes == rx, "decodes back to an equal nlsh.int")
	eq(json.decode(json.encode(msg.body.stats)), msg.body.stats, "eq compares nlsh.int values by value")
	eq(tostring(rx + 1), "9007199254740994")
	eq(msg.body.stats.rx_packets, 1, "small counters stay plain numbers")
end)

test("nft counters above 2^53 stay exact, as nft lists them", function()
	exec{"nft", "flush", "ruleset"}
	exec{"nft", "add", "table", "inet", "big"}
	exec{"nft", "add", "chain", "inet", "big", "c"}
	exec{"nft", "add", "rule", "inet", "big", "c", "counter", "packets", "9007199254740993", "bytes", "18446744073709551615"}
	local listed = exec{"nft", "list", "chain", "inet", "big", "c"}
	local packets, bytes = listed:match("counter packets (%d+) bytes (%d+)")
	local s = assert(netlink.open("netfilter"))
	local counter = assert(nfnl.rules(s))[1].exprs[1]
	s:close()
	eq({counter.name, tostring(counter.packets), tostring(counter.bytes)}, {"counter", packets, bytes})
	local text = json.encode(counter)
	expect(text:find('"bytes":18446744073709551615,', 1, true) and text:find('"packets":9007199254740993,', 1, true), text)
	exec{"nft", "flush", "ruleset"}
end)

test("a rule's 64-bit tun_id stays exact, as ip rule shows it", function()
	exec{"ip", "rule", "add", "tun_id", "18446744073709551615", "table", "5", "priority", "5"}
	local shown = exec{"ip", "rule", "show", "priority", "5"}:match("tun_id (%d+)")
	local s = assert(netlink.open("route"))
	for _, r in ipairs(assert(rtnl.rules(s))) do
		if r.priority == 5 then
			eq(tostring(r.tun_id), shown)
			eq(json.encode({r.tun_id}), "[" .. shown .. "]")
		end
	end
	s:close()
end)
