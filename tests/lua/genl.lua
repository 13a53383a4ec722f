-- Generic netlink through nlctrl: families, one family, policies, group
-- names, and requests to a family by name; checked against `genl ctrl list`.
local function find(fams, name)
	for _, f in ipairs(fams) do
		if f.name == name then return f end
	end
end

test("families include nlctrl with its ops and notify group", function()
	local s = assert(netlink.open("generic"))
	local fams = assert(genl.families(s))
	local ctrl = find(fams, "nlctrl")
	expect(ctrl, "nlctrl is listed")
	eq(ctrl.id, genl.GENL_ID_CTRL)
	eq(ctrl.version, 2)
	eq(ctrl.groups, {notify = 16})
	eq(ctrl.ops[1], {id = genl.CTRL_CMD_GETFAMILY, flags = {"cmd-cap-do", "cmd-cap-dump", "cmd-cap-haspol"}})
	eq(ctrl.ops[2], {id = genl.CTRL_CMD_GETPOLICY, flags = {"cmd-cap-dump", "cmd-cap-haspol"}})
	s:close()
end)

test("families agree with genl ctrl list", function()
	local ok, out = netns.exec(nil, {"genl", "ctrl", "list"})
	if ok == nil then skip("genl (iproute2) not installed") end
	expect(ok, "genl ctrl list ran")
	local want = {}
	for name, id in out:gmatch("Name: (%S+)\n%s+ID: (0x%x+)") do
		want[name] = tonumber(id)
	end
	local s = assert(netlink.open("generic"))
	local got = {}
	for _, f in ipairs(assert(genl.families(s))) do got[f.name] = f.id end
	eq(got, want)
	s:close()
end)

test("family by name, unknown names fail with ENOENT", function()
	local s = assert(netlink.open("generic"))
	local f = assert(genl.family(s, "nlctrl"))
	eq(f.name, "nlctrl")
	eq(f.groups.notify, 16)
	local none, msg, errname = genl.family(s, "no-such-family")
	eq(none, nil)
	eq(errname, "ENOENT")
	expect(msg:find("no-such-family", 1, true), msg)
	s:close()
end)

test("policy of CTRL_CMD_GETFAMILY names its attributes' types", function()
	local s = assert(netlink.open("generic"))
	local p = assert(genl.policy(s, "nlctrl"))
	local idx = p.ops[genl.CTRL_CMD_GETFAMILY]["do"]
	local attrs = p.policies[idx]
	eq(attrs[genl.CTRL_ATTR_FAMILY_ID].type, "u16")
	eq(attrs[genl.CTRL_ATTR_FAMILY_NAME].type, "nul-string")
	s:close()
end)

test("join a generic group by family:group", function()
	local s = assert(netlink.open("generic"))
	assert(s:join("nlctrl:notify"))
	eq(assert(s:groups()), {"nlctrl:notify"}) -- shown as it was joined
	errors(function() s:join("nlctrl") end, "family:group")
	local ok, msg, errname = s:join("nlctrl:nope")
	eq(ok, nil)
	eq(errname, "ENOENT")
	expect(msg:find("groups: notify"), msg)
	s:close()
end)

test("request a family by name with attributes from a table", function()
	local s = assert(netlink.open("generic"))
	local r = assert(genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, {{genl.CTRL_ATTR_FAMILY_NAME, "nlctrl"}}))
	eq(#r, 1)
	eq(r[1].name, "GENL_ID_CTRL")
	eq(r[1].body.name, "nlctrl")
	eq(r[1].body.cmd_name, "CTRL_CMD_NEWFAMILY")
	local dump = assert(genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, nil, {dump = true}))
	expect(#dump >= 2, "a dump lists several families")
	local x, msg, errname = genl.request(s, "nlctrl", genl.CTRL_CMD_GETFAMILY, {{type = genl.CTRL_ATTR_FAMILY_ID, u16 = 4242}})
	eq(x, nil)
	eq(errname, "ENOENT")
	s:close()
end)

test("wrong sockets and arguments raise errors", function()
	local r = assert(netlink.open("route"))
	errors(function() genl.families(r) end, "generic socket expected, got a route socket")
	errors(function() genl.family(42) end, "bad argument #1 to genl.family")
	r:close()
	local s = assert(netlink.open("generic"))
	s:close()
	local x, msg, errname = genl.families(s)
	eq({x, msg, errname}, {nil, "socket closed", "EBADF"})
end)
