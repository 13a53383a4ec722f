-- NLM_F_DUMP_INTR: an address dump that races an address change is marked
-- interrupted by the kernel; a dump that does not race is not.
local N = 1200
local GETADDR = {type = 20 + 2, flags = netlink.F_DUMP, payload = string.pack("=BBBBI4", 2, 0, 0, 0, 0)}

local function is_intr(m)
	return math.floor(m.flags / netlink.F_DUMP_INTR) % 2 == 1
end

-- Enough addresses for a dump of several datagrams; added counts those the
-- cases add.
local setup = assert(netlink.open("route"))
assert(rtnl.link_set(setup, "lo", {up = true}))
for i = 1, N do
	assert(rtnl.addr_add(setup, "lo", string.format("10.%d.%d.1/32", math.floor(i / 256), i % 256)))
end
setup:close()
local added = 0

test("a quiet dump is consistent", function()
	local s = assert(netlink.open("route"))
	local r = assert(s:request(GETADDR))
	eq(#r, N + 1 + added, "N, 127.0.0.1 and those added")
	eq(r.interrupted, nil)
	for _, m in ipairs(r) do
		expect(not is_intr(m), "no message is marked")
	end
	s:close()
end)

test("a change in the middle of the dump marks it interrupted", function()
	local d = assert(netlink.open("route"))
	local actor = assert(netlink.open("route"))
	local seq = assert(d:send{type = GETADDR.type, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = GETADDR.payload})
	local first = assert(d:recv(2)) -- the kernel has filled the first datagrams only
	eq(first.seq, seq)
	assert(rtnl.addr_add(actor, "lo", "10.250.0.1/32"))
	added = added + 1
	local marked, done = 0, false
	for _ = 1, N + 10 do
		local m = assert(d:recv(2))
		if is_intr(m) then marked = marked + 1 end
		if m.name == "NLMSG_DONE" then
			done = true
			break
		end
	end
	expect(done, "the dump ended")
	expect(marked >= 1, "the kernel marked the rest of the dump NLM_F_DUMP_INTR")
	d:close()
	actor:close()
end)

test("request with retries returns a consistent dump", function()
	local s = assert(netlink.open("route"))
	local r = assert(s:request(GETADDR, {retries = 3}))
	eq(#r, N + 1 + added, "all addresses, including any added mid-dump")
	eq(r.interrupted, nil)
	s:close()
end)
