-- The kernel's tools/net/ynl/tests/test_ynl_cli.sh, re-expressed: new, dump
-- and delete of a route, an address, a link, a neighbour and a rule with the
-- values the script uses, each state cross-checked with `ip -j`. Routes,
-- addresses and links go through the ynl module and the kernel's 6.12 specs
-- (rt_route.yaml, rt_addr.yaml, rt_link.yaml, whose attribute names carry
-- their rta-/ifa- prefixes); 6.12 has no rt-neigh or rt-rule spec, so
-- neighbours and rules are raw rtnetlink messages. The script's netdevsim
-- device nsim1338 is veth_a here (this kernel has no netdevsim), and its
-- dummy0 link is of kind ifb (nor dummy).

local dir = os.getenv("NLSH_KERNEL_YNL")
assert(dir and dir ~= "", "NLSH_KERNEL_YNL is unset: export NLSH_KERNEL_YNL=$(scripts/kernel-ynl.sh)")
local specs = dir .. "/Documentation/netlink/specs/"

local s = assert(netlink.open("route"))
cleanup(function() s:close() end)
assert(rtnl.link_add(s, {name = "veth_a", kind = "veth", peer = "veth_b"}))
assert(rtnl.link_set(s, "veth_a", {up = true}))
assert(rtnl.link_set(s, "veth_b", {up = true}))
local DEV = "veth_a"
local ifindex = assert(rtnl.link(s, DEV)).index

local function family(spec)
	local fam = assert(ynl.family(specs .. spec, s))
	return fam
end

local function ipv4(bytes)
	return bytes and #bytes == 4 and string.format("%d.%d.%d.%d", bytes:byte(1, 4)) or nil
end

-- ip_objects runs `ip -j ARGS...` here and returns its top-level JSON
-- objects as strings (ip's output is an array of objects).
local function ip_objects(...)
	local ok, out, err = netns.exec(nil, {"ip", "-j", ...})
	assert(ok, "ip -j " .. table.concat({...}, " ") .. ": " .. tostring(out) .. tostring(err))
	local objs, depth, start = {}, 0, nil
	for i = 1, #out do
		local c = out:sub(i, i)
		if c == "{" then
			depth = depth + 1
			if depth == 1 then start = i end
		elseif c == "}" then
			depth = depth - 1
			if depth == 0 then objs[#objs + 1] = out:sub(start, i) end
		end
	end
	return objs
end

-- first returns the first element of list for which pred holds, or nil:
-- the object a test made, out of a dump.
local function first(list, pred)
	for _, v in ipairs(list) do
		if pred(v) then return v end
	end
	return nil
end

-- find returns the first object holding every "key":value pair of want
-- (values as ip prints them: strings quoted, numbers bare).
local function find(objs, want)
	for _, o in ipairs(objs) do
		local all = true
		for k, v in pairs(want) do
			local text = type(v) == "string" and ('"%s":"%s"'):format(k, v) or ('"%s":%s'):format(k, tostring(v))
			if not o:find(text, 1, true) then all = false end
		end
		if all then return o end
	end
	return nil
end

test("rt-route: newroute, getroute dump, delroute", function()
	local rt = family("rt_route.yaml")
	-- 192.0.2.0/24 dev nsim1338 scope link (proto boot, table main)
	local route = {["rta-dst"] = "192.0.2.0", ["rta-oif"] = ifindex, ["rtm-dst-len"] = 24,
		["rtm-family"] = 2, ["rtm-scope"] = 253, ["rtm-type"] = 1, ["rtm-protocol"] = 3, ["rtm-table"] = 254}
	assert(rt:call("newroute", route, {flags = {"create"}}))
	local function ours()
		return first(assert(rt:dump("getroute")), function(r) return ipv4(r["rta-dst"]) == "192.0.2.0" end)
	end
	local r = ours()
	expect(r ~= nil, "the dump holds 192.0.2.0")
	eq({r["rtm-dst-len"], r["rta-oif"], r["rtm-scope"], r["rtm-protocol"], r["rta-table"], r["rtm-type"]},
		{24, ifindex, 253, 3, 254, "unicast"}, "as created")
	expect(find(ip_objects("-d", "route", "show", "table", "main"),
		{dst = "192.0.2.0/24", dev = DEV, scope = "link", protocol = "boot", type = "unicast"}), "ip -j route agrees")
	assert(rt:call("delroute", route))
	eq(ours(), nil, "gone from the dump")
	eq(find(ip_objects("route", "show", "table", "main"), {dst = "192.0.2.0/24"}), nil, "and from ip route")
end)

test("rt-addr: newaddr, getaddr dump, deladdr", function()
	local ra = family("rt_addr.yaml")
	local addr = {["ifa-index"] = ifindex, ["ifa-local"] = "192.0.2.100", ["ifa-prefixlen"] = 24, ["ifa-family"] = 2}
	assert(ra:call("newaddr", addr))
	local function ours()
		return first(assert(ra:dump("getaddr")), function(a) return ipv4(a["ifa-local"]) == "192.0.2.100" end)
	end
	local a = ours()
	expect(a ~= nil, "the dump holds 192.0.2.100")
	eq({a["ifa-index"], a["ifa-prefixlen"], ipv4(a["ifa-address"])}, {ifindex, 24, "192.0.2.100"}, "as created")
	expect(find(ip_objects("addr", "show", "dev", DEV), {["local"] = "192.0.2.100", prefixlen = 24}), "ip -j addr agrees")
	assert(ra:call("deladdr", addr))
	eq(ours(), nil, "gone from the dump")
	eq(find(ip_objects("addr", "show", "dev", DEV), {["local"] = "192.0.2.100"}), nil, "and from ip addr")
end)

test("rt-link: newlink, getlink dump, dellink", function()
	local rl = family("rt_link.yaml")
	assert(rl:call("newlink", {ifname = "dummy0", linkinfo = {kind = "ifb"}}, {flags = {"create"}}))
	local names = {}
	for _, l in ipairs(assert(rl:dump("getlink"))) do names[l.ifname] = l end
	expect(names[DEV] and names.dummy0, "the dump holds " .. DEV .. " and dummy0")
	eq(names.dummy0 and names.dummy0.linkinfo and names.dummy0.linkinfo.kind, "ifb")
	expect(find(ip_objects("-d", "link", "show", "dummy0"), {ifname = "dummy0", info_kind = "ifb"}), "ip -j link agrees")
	assert(rl:call("dellink", {ifname = "dummy0"}))
	local gone = true
	for _, l in ipairs(assert(rl:dump("getlink"))) do gone = gone and l.ifname ~= "dummy0" end
	expect(gone, "gone from the dump")
	eq(find(ip_objects("link", "show"), {ifname = "dummy0"}), nil, "and from ip link")
end)

-- RTM_NEWNEIGH/RTM_DELNEIGH: struct ndmsg, NDA_DST (1), NDA_LLADDR (2).
local function neigh_msg(typ, flags, state)
	local body = string.pack("=BxxxiHBB", 2, ifindex, state, 0, 0) ..
		netlink.attr(1, string.char(192, 0, 2, 1)) ..
		netlink.attr(2, string.char(0x11, 0x22, 0x33, 0x44, 0x55, 0x66))
	return {type = typ, flags = flags, payload = body}
end

test("neighbour: new, dump, del (raw messages)", function()
	local PERMANENT = 128
	assert(s:request(neigh_msg(rtnl.RTM_NEWNEIGH, netlink.F_CREATE, PERMANENT)))
	local function ours()
		return first(assert(rtnl.neighbours(s, {family = "inet"})), function(n) return n.dst == "192.0.2.1" end)
	end
	local n = ours()
	expect(n ~= nil, "the dump holds 192.0.2.1")
	eq({n.ifindex, n.lladdr, n.state}, {ifindex, "11:22:33:44:55:66", {"PERMANENT"}}, "as created")
	expect(find(ip_objects("neigh", "show", "dev", DEV), {dst = "192.0.2.1", lladdr = "11:22:33:44:55:66"}), "ip -j neigh agrees")
	assert(s:request(neigh_msg(rtnl.RTM_DELNEIGH, 0, 0)))
	eq(ours(), nil, "gone from the dump")
	eq(find(ip_objects("neigh", "show", "dev", DEV), {dst = "192.0.2.1"}), nil, "and from ip neigh")
end)

-- RTM_NEWRULE/RTM_DELRULE: struct fib_rule_hdr {family, dst_len, src_len,
-- tos, table, res1, res2, action, flags}, FRA_SRC (2). The script's
-- {"family": 2, "src-len": 24, "src": "192.0.2.0", "table": 100} fills the
-- header's table (and leaves the action unspecified: ip shows "none").
local function rule_msg(typ)
	local body = string.pack("=BBBBBBBBI4", 2, 0, 24, 0, 100, 0, 0, 0, 0) ..
		netlink.attr(2, string.char(192, 0, 2, 0))
	return {type = typ, payload = body}
end

test("rule: new, dump, del (raw messages)", function()
	assert(s:request(rule_msg(rtnl.RTM_NEWRULE)))
	local function ours()
		return first(assert(rtnl.rules(s, {family = "inet"})), function(r) return r.src == "192.0.2.0/24" end)
	end
	local r = ours()
	expect(r ~= nil, "the dump holds from 192.0.2.0/24")
	eq(r and r.table, 100, "lookup 100")
	expect(find(ip_objects("rule", "show"), {src = "192.0.2.0", srclen = 24, table = "100", action = "none"}),
		"ip -j rule agrees")
	assert(s:request(rule_msg(rtnl.RTM_DELRULE)))
	eq(ours(), nil, "gone from the dump")
	eq(find(ip_objects("rule", "show"), {src = "192.0.2.0"}), nil, "and from ip rule")
end)

-- The script's netdev and ethtool checks: dev-get and a queue-get dump on
-- the device, linkinfo-get on veth_a (rings-get needs netdevsim: veth has
-- no ring parameters).
test("netdev dev-get and queue-get, ethtool linkinfo-get", function()
	local nd = assert(ynl.family(specs .. "netdev.yaml"))
	cleanup(function() nd:close() end)
	eq(assert(nd:call("dev-get", {ifindex = ifindex})).ifindex, ifindex)
	local queues = assert(nd:dump("queue-get", {ifindex = ifindex}))
	expect(#queues >= 2, "an rx and a tx queue, got " .. #queues)
	for _, q in ipairs(queues) do eq(q.ifindex, ifindex, "queue " .. tostring(q.id) .. " of the device") end
	local et = assert(ynl.family(specs .. "ethtool.yaml"))
	cleanup(function() et:close() end)
	local info = assert(et:call("linkinfo-get", {header = {["dev-name"] = DEV}}))
	eq(info.header and info.header["dev-name"], DEV, "the reply's header names the device")
	eq(info.header and info.header["dev-index"], ifindex)
end)
