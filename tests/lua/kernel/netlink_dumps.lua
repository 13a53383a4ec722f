-- The kernel's tools/testing/selftests/net/netlink-dumps.c, re-expressed:
-- dump requests that fail validation while the receive buffer is full, a
-- policy dump that takes more than one datagram, and a socket closed while
-- its dump is still running. Each file runs in a fresh namespace.

local F = netlink
local NDMSG = "=BxxxiHBB" -- struct ndmsg: family, pad, ifindex, state, flags, type
local NDA_FLAGS_EXT = 15
local ENOBUFS, EBUSY, EINVAL = 105, 16, 22

-- The bad neighbour dump of the C test: family 123 and NDA_FLAGS_EXT with
-- every bit set, which the attribute's mask policy rejects under
-- NETLINK_GET_STRICT_CHK (nlsh turns it on for route sockets).
local function bad_neigh_dump()
	local body = string.pack(NDMSG, 123, 0, 0, 0, 0) ..
		netlink.attr(NDA_FLAGS_EXT, string.pack("=I4", 0xffffffff))
	return netlink.encode({type = rtnl.RTM_GETNEIGH, seq = 1,
		flags = F.F_REQUEST + F.F_ACK + F.F_DUMP, payload = body})
end

local function has_flag(flags, bit)
	return math.floor(flags / bit) % 2 == 1
end

test("dump_extack: 80 rejected dumps overrun the buffer, then EINVAL with the ext-ack offset", function()
	local s = assert(netlink.open("route"))
	cleanup(function() s:close() end)
	local req = bad_neigh_dump()
	local offset = 16 + string.packsize(NDMSG) -- where NDA_FLAGS_EXT starts: 28
	eq(offset, 28)
	eq(netlink.attrs(req:sub(offset + 1))[1].type, NDA_FLAGS_EXT, "the offset points at the bad attribute")
	for _ = 1, 80 do s:send(req) end

	local m, msg, errname = s:recv(1)
	eq({m, errname}, {nil, "ENOBUFS"}, "the first read reports the overrun: " .. tostring(msg))

	local read, rejected, last = 0, 0, nil
	for _ = 1, 80 do
		m, msg, errname = s:recv(0.2)
		if not m then
			eq(errname, "timeout", msg)
			break
		end
		read = read + 1
		eq({m.seq, m.pid}, {1, s:portid()}, "a reply to our own requests")
		if m.name == "NLMSG_ERROR" and (m.error == -ENOBUFS or m.error == -EBUSY) then
			-- a dump that could not start while another was queued
		else
			last = m
			rejected = rejected + 1
			expect(m.name == "NLMSG_DONE" or m.name == "NLMSG_ERROR", "a control message, got " .. tostring(m.name))
			eq(m.error, -EINVAL, "the dump was rejected")
			expect(has_flag(m.flags, F.F_ACK_TLVS), "NLM_F_ACK_TLVS is set: the message carries an ext-ack")
			eq(m.extack and m.extack.offset, offset, "ext-ack offset")
			eq(m.extack and m.extack.msg, "reserved bit set", "the mask validation's message")
		end
	end
	expect(read >= 10, "at least 10 messages survived the overrun, got " .. read)
	expect(rejected >= 2, "several rejected dumps were reported, got " .. rejected)
	expect(last ~= nil, "some dump was reported as rejected")
	eq(last and last.name, "NLMSG_DONE", "the last message is a full DONE")
	eq(last and last.extack and last.extack.offset, offset, "and carries the ext-ack")
end)

-- An independent reader (python3, 8 KiB buffer, as the C test reads):
-- sends one CTRL_CMD_GETPOLICY dump and prints "datagrams N", then the hex
-- payload of each message before DONE, one a line.
local reader = [[
import socket, struct, sys
fam = sys.argv[1].encode() + b"\0"
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
attr = struct.pack("=HH", 4 + len(fam), 2) + fam + b"\0" * (-len(fam) % 4)
body = struct.pack("=BBH", 10, 2, 0) + attr
s.send(struct.pack("=IHHII", 16 + len(body), 16, 0x301, 1, 0) + body)
datagrams, payloads, done = 0, [], False
while not done:
    d = s.recv(8192)
    datagrams += 1
    off = 0
    while off < len(d):
        ln, typ = struct.unpack_from("=IH", d, off)
        if typ in (2, 3):
            done = True
            break
        payloads.append(d[off + 16:off + ln].hex())
        off += (ln + 3) & ~3
print("datagrams", datagrams)
print("\n".join(payloads))
]]

local function policy_dump_by_python(family)
	local ok, out, err = netns.exec(nil, {"python3", "-c", reader, family})
	assert(ok, "python3 reader: " .. tostring(out) .. tostring(err))
	local lines = {}
	for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
	local datagrams = tonumber(table.remove(lines, 1):match("^datagrams (%d+)$"))
	return datagrams, lines
end

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- The dump as nlsh reads it (32 KiB buffer), recorded: the reply and the
-- received datagrams (capture records) it was assembled from.
local function policy_dump_by_nlsh(family)
	local s = assert(netlink.open("generic"))
	cleanup(function() s:close() end)
	local path = os.tmpname()
	cleanup(function() os.remove(path) end)
	assert(s:capture(path))
	local reply = assert(genl.request(s, genl.GENL_ID_CTRL, genl.CTRL_CMD_GETPOLICY,
		{{genl.CTRL_ATTR_FAMILY_NAME, family}}, {dump = true, version = 2}))
	s:capture(nil)
	local received = {}
	for _, r in ipairs(assert(netlink.pcap(path))) do
		if r.direction == "received" then received[#received + 1] = r end
	end
	return reply, received
end

for _, family in ipairs({"nlctrl", "ethtool"}) do
	test("policy dump of " .. family .. " over several datagrams assembles whole", function()
		local datagrams, want = policy_dump_by_python(family)
		expect(#want > 0, "the reader saw policy messages")
		expect(datagrams >= 2, "an 8 KiB reader needs more than one recv, got " .. datagrams)
		local reply, received = policy_dump_by_nlsh(family)
		local got = {}
		for i, m in ipairs(reply) do
			got[i] = hex(m.payload)
			expect(has_flag(m.flags, F.F_MULTI), "part " .. i .. " has NLM_F_MULTI")
		end
		eq(got, want, "nlsh's reply holds the reader's messages, in order, byte for byte")
		local records, last = {}, received[#received]
		for _, r in ipairs(received) do records[r.record] = true end
		local n = 0
		for _ in pairs(records) do n = n + 1 end
		expect(n >= 2, "nlsh read the dump in more than one datagram, got " .. n)
		eq(last.name, "NLMSG_DONE", "the capture ends with DONE")
		eq(#received, #reply + 1, "every received message but DONE is in the reply")
	end)
end

test("ethtool's policy dump is bigger than one 8 KiB read", function()
	local total = 0
	for _, m in ipairs((policy_dump_by_nlsh("ethtool"))) do total = total + m.len end
	expect(total > 8192, "policy bytes: " .. total)
end)

-- netlink_sockets lists the generic netlink sockets of ns as
-- /proc/net/netlink shows them there: {[portid] = {rmem=, dump=}}.
local function netlink_sockets(ns)
	local ok, out = netns.exec(ns, {"cat", "/proc/net/netlink"})
	assert(ok, out)
	local socks = {}
	for eth, pid, rmem, dump in out:gmatch("\n%x+%s+(%d+)%s+(%d+)%s+%x+%s+(%d+)%s+%d+%s+(%d+)") do
		if eth == "16" and pid ~= "0" then
			socks[tonumber(pid)] = {rmem = tonumber(rmem), dump = tonumber(dump)}
		end
	end
	return socks
end

-- netlink_sockets_after_close lists ns's sockets once a closed one has
-- gone. close(2) drops this process's reference at once, but a child that
-- another test file forks at that moment holds a copy of the fd table until
-- it execs, and the kernel releases the socket only then; so wait for that,
-- a few hundred reads of /proc at most, before calling the socket stranded.
local function netlink_sockets_after_close(ns)
	local socks
	for _ = 1, 200 do
		socks = netlink_sockets(ns)
		if next(socks) == nil then break end
	end
	return socks
end

test("close_in_progress: a socket closed mid-dump goes away, later sockets work", function()
	local ns = assert(netns.new())
	cleanup(function() ns:close() end)
	local body = string.pack("=BBH", genl.CTRL_CMD_GETPOLICY, 2, 0) ..
		netlink.attr(genl.CTRL_ATTR_FAMILY_NAME, "ethtool\0")
	for round = 1, 20 do
		local s = assert(netlink.open("generic", ns))
		s:send({type = genl.GENL_ID_CTRL, flags = F.F_REQUEST + F.F_ACK + F.F_DUMP, payload = body})
		local before = netlink_sockets(ns)
		local me = before[s:portid()]
		expect(me ~= nil, "round " .. round .. ": the socket is listed")
		eq(me and me.dump, 1, "round " .. round .. ": its dump is still running")
		expect(me and me.rmem > 0, "round " .. round .. ": the first part waits unread")
		s:close()
		eq(netlink_sockets_after_close(ns), {}, "round " .. round .. ": the closed socket is gone")
	end
	local s = assert(netlink.open("generic", ns))
	cleanup(function() s:close() end)
	local fam = assert(genl.family(s, "ethtool"))
	eq(fam.name, "ethtool", "a later socket resolves families")
	local p = assert(genl.policy(s, "ethtool"))
	expect(next(p.policies) ~= nil, "and completes a whole policy dump")
	eq(netlink_sockets(ns)[s:portid()].dump, 0, "with no dump left running")
end)
