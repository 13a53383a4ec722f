-- The kernel's tools/testing/selftests/net/nl_nlctrl.py, re-expressed:
-- nlctrl's view of the netdev family (its operations and their flags), the
-- family dump, and the per-operation policies of netdev (split ops: do and
-- dump differ) and ethtool (full ops: they share one). Cross-checked with
-- the kernel's YNL CLI and iproute2's genl.

local dir = os.getenv("NLSH_KERNEL_YNL")
assert(dir and dir ~= "", "NLSH_KERNEL_YNL is unset: export NLSH_KERNEL_YNL=$(scripts/kernel-ynl.sh)")
local specs = dir .. "/Documentation/netlink/specs/"

local s = assert(netlink.open("generic"))
cleanup(function() s:close() end)

-- netdev's command ids (include/uapi/linux/netdev.h), as the selftest
-- names them.
local DEV_GET, QSTATS_GET, NAPI_GET, NAPI_SET = 1, 12, 11, 14
local NOTIFICATIONS = {2, 3, 4, 6, 7, 8} -- dev-*-ntf, page-pool-*-ntf
-- ethtool's (include/uapi/linux/ethtool_netlink_generated.h)
local STRSET_GET, LINKINFO_SET = 1, 3

local function set_of(list)
	local t = {}
	for _, v in ipairs(list) do t[v] = true end
	return t
end

local function keys(t)
	local list = {}
	for k in pairs(t) do list[#list + 1] = k end
	table.sort(list)
	return list
end

-- ops_by_id re-keys genl.family's ops by command id, each a set of flags.
local function ops_by_id(fam)
	local ops = {}
	for _, op in ipairs(fam.ops) do ops[op.id] = set_of(op.flags) end
	return ops
end

test("getfamily_do: netdev's operations and their flags", function()
	local fam = assert(genl.family(s, "netdev"))
	eq(fam.name, "netdev")
	expect(fam.id > 0, "a family id")
	local ops = ops_by_id(fam)
	eq(#keys(ops), #fam.ops, "each command once")
	for id, flags in pairs(ops) do
		expect(flags["cmd-cap-haspol"], "op " .. id .. " has a policy")
	end
	expect(ops[DEV_GET]["cmd-cap-do"] and ops[DEV_GET]["cmd-cap-dump"], "dev-get: do and dump")
	expect(not ops[QSTATS_GET]["cmd-cap-do"] and ops[QSTATS_GET]["cmd-cap-dump"], "qstats-get: dump only")
	expect(ops[NAPI_SET]["cmd-cap-do"] and not ops[NAPI_SET]["cmd-cap-dump"], "napi-set: do only")
	expect(ops[NAPI_SET]["admin-perm"], "napi-set needs CAP_NET_ADMIN")
	for _, id in ipairs(NOTIFICATIONS) do
		eq(ops[id], nil, "notification-only command " .. id .. " is not an operation")
	end

	-- The kernel's CLI asks nlctrl the same question.
	local ok, out, err = netns.exec(nil, {"/usr/bin/python3", dir .. "/tools/net/ynl/cli.py",
		"--spec", specs .. "nlctrl.yaml", "--output-json",
		"--do", "getfamily", "--json", '{"family-name": "netdev"}'})
	assert(ok, tostring(out) .. tostring(err))
	local cli = {}
	for id, flags in out:gmatch('"id": (%d+), "flags": %[(.-)%]') do
		local list = {}
		for f in flags:gmatch('"([^"]+)"') do list[#list + 1] = f end
		cli[tonumber(id)] = set_of(list)
	end
	eq(ops, cli, "the operations and flags the kernel's CLI decodes")
	eq(fam.id, tonumber(out:match('"family%-id": (%d+)')), "and the family id")
end)

test("getfamily_dump: nlctrl and netdev are among the families", function()
	local names = {}
	for _, f in ipairs(assert(genl.families(s))) do names[#names + 1] = f.name end
	expect(#names >= 2, "several families")
	local have = set_of(names)
	expect(have.nlctrl, "nlctrl is listed")
	expect(have.netdev, "netdev is listed")
	local ok, out, err = netns.exec(nil, {"genl", "ctrl", "list"})
	assert(ok, tostring(out) .. tostring(err))
	local listed = {}
	for name in out:gmatch("Name: (%S+)") do listed[#listed + 1] = name end
	table.sort(names)
	table.sort(listed)
	eq(names, listed, "the families genl ctrl list shows")
end)

-- policy_of returns the attributes ({[type] = {type=, ...}}) of the do or
-- dump policy of command cmd in p (genl.policy's answer), or nil when the
-- operation has none.
local function policy_of(p, cmd, side)
	local op = p.ops[cmd]
	local idx = op and op[side]
	if idx == nil then return nil end
	return p.policies[idx] or {}
end

local function count(t)
	return #keys(t or {})
end

test("getpolicy_dump: netdev's split ops", function()
	local p = assert(genl.policy(s, "netdev"))
	local do_pol = policy_of(p, DEV_GET, "do")
	expect(do_pol and do_pol[1], "dev-get do accepts attribute 1 (ifindex)")
	eq(do_pol and do_pol[1] and do_pol[1].type, "u32", "ifindex is a u32")
	eq(count(policy_of(p, DEV_GET, "dump")), 0, "dev-get dump accepts no attribute")
	expect(count(policy_of(p, NAPI_GET, "do")) >= 1, "napi-get do has a policy")
	expect(count(policy_of(p, NAPI_GET, "dump")) >= 1, "napi-get dump has a policy")
end)

test("getpolicy_dump: ethtool's full ops share one policy", function()
	local p = assert(genl.policy(s, "ethtool"))
	local do_pol, dump_pol = policy_of(p, STRSET_GET, "do"), policy_of(p, STRSET_GET, "dump")
	expect(count(do_pol) >= 1, "strset-get do has a policy")
	expect(count(dump_pol) >= 1, "strset-get dump has a policy")
	eq(keys(do_pol), keys(dump_pol), "the same attributes")
	expect(count(policy_of(p, LINKINFO_SET, "do")) >= 1, "linkinfo-set do has a policy")
	eq(policy_of(p, LINKINFO_SET, "dump"), nil, "linkinfo-set has no dump policy")
end)

test("getpolicy_by_op: dev-get's do policy names attributes of the spec", function()
	local spec = assert(ynl.spec(specs .. "netdev.yaml"))
	local dev = spec.sets.dev -- attribute names in value order, from 1
	eq(dev[1], "ifindex")
	local pol = policy_of(assert(genl.policy(s, "netdev")), DEV_GET, "do")
	expect(count(pol) >= 1, "a do policy")
	for attr in pairs(pol or {}) do
		expect(dev[attr] ~= nil, "attribute " .. attr .. " has a name in the spec")
	end
end)
