-- The kernel's tools/testing/selftests/net/nl_netdev.py, re-expressed for
-- what this kernel has (no netdevsim: the NAPI and page-pool cases are not
-- here): dev-get as a dump and a do, and the rejection of attributes a
-- request's policy does not have. Every answer is checked against `ip -j`
-- or the kernel's own YNL CLI ($NLSH_KERNEL_YNL/tools/net/ynl/cli.py).

local dir = os.getenv("NLSH_KERNEL_YNL")
assert(dir and dir ~= "", "NLSH_KERNEL_YNL is unset: export NLSH_KERNEL_YNL=$(scripts/kernel-ynl.sh)")
local spec = dir .. "/Documentation/netlink/specs/netdev.yaml"

local s = assert(netlink.open("generic"))
local fam = assert(ynl.family(spec, s))
local rt = assert(netlink.open("route"))
cleanup(function() s:close(); rt:close() end)
assert(rtnl.link_add(rt, {name = "nd0", kind = "veth", peer = "nd1"}))

-- cli runs the kernel's YNL CLI on netdev in this file's namespace and
-- returns ok and what it printed (JSON, or the error it reports).
local function cli(...)
	local argv = {"/usr/bin/python3", dir .. "/tools/net/ynl/cli.py", "--spec", spec, "--output-json"}
	for _, a in ipairs({...}) do argv[#argv + 1] = a end
	local ok, out, err = netns.exec(nil, argv)
	assert(ok ~= nil, out)
	return ok, out .. (err or "")
end

local function sorted(list)
	table.sort(list)
	return list
end

local function ifindexes(devs)
	local list = {}
	for _, d in ipairs(devs) do list[#list + 1] = d.ifindex end
	return sorted(list)
end

local function ip_ifindexes()
	local ok, out = netns.exec(nil, {"ip", "-j", "link", "show"})
	assert(ok, out)
	local list = {}
	for i in out:gmatch('"ifindex":(%d+)') do list[#list + 1] = tonumber(i) end
	return sorted(list)
end

local function cli_ifindexes(out)
	local list = {}
	for i in out:gmatch('"ifindex": (%d+)') do list[#list + 1] = tonumber(i) end
	return sorted(list)
end

test("empty_check: the dev-get dump lists every device", function()
	local devs = assert(fam:dump("dev-get"))
	expect(#devs >= 1, "at least lo")
	eq(ifindexes(devs), ip_ifindexes(), "the devices ip -j link shows")
	local ok, out = cli("--dump", "dev-get")
	assert(ok, out)
	eq(ifindexes(devs), cli_ifindexes(out), "the devices the kernel's CLI dumps")
end)

test("lo_check: lo has no XDP features", function()
	local lo = assert(fam:call("dev-get", {ifindex = 1}))
	eq(lo.ifindex, 1)
	eq(lo["xdp-features"], {}, "xdp-features present and empty")
	eq(lo["xdp-rx-metadata-features"], {}, "xdp-rx-metadata-features present and empty")
	local ok, out = cli("--do", "dev-get", "--json", '{"ifindex": 1}')
	assert(ok, out)
	expect(out:find('"xdp-features": []', 1, true), "the CLI agrees: " .. out)
	expect(out:find('"xdp-rx-metadata-features": []', 1, true), "the CLI agrees: " .. out)
end)

-- dev-get's dump takes no attributes. Kernels after 6.18 reject one with
-- EINVAL "Unknown attribute type" naming it (what nl_netdev.py asserts);
-- 6.18 does not parse a dump's attributes when the dump policy is empty and
-- dumps every device. Either way nlsh must send the attribute, and report
-- what the kernel did exactly as the kernel's CLI does.
test("dev_dump_reject_attr: a dev-get dump with {ifindex=1}", function()
	local path = os.tmpname()
	cleanup(function() os.remove(path) end)
	assert(s:capture(path))
	local devs, msg, errname, extack = fam:dump("dev-get", {ifindex = 1})
	s:capture(nil)
	local sent = assert(netlink.pcap(path))[1]
	eq(sent.direction, "sent")
	local attrs = netlink.attrs(sent.payload:sub(5)) -- after the genlmsghdr
	eq({#attrs, attrs[1].type, (string.unpack("=I4", attrs[1].data))}, {1, 1, 1}, "ifindex=1 went out")
	local cli_ok, out = cli("--dump", "dev-get", "--json", '{"ifindex": 1}')
	if devs == nil then
		eq(errname, "EINVAL", msg)
		eq({extack.msg, extack.attr}, {"Unknown attribute type", "ifindex"}, msg)
		expect(not cli_ok and out:find("Unknown attribute type", 1, true), "the CLI is rejected too: " .. out)
	else
		eq(ifindexes(devs), ip_ifindexes(), "the attribute filtered nothing")
		expect(cli_ok, out)
		eq(ifindexes(devs), cli_ifindexes(out), "as for the kernel's CLI")
	end
end)

-- The rejection nl_netdev.py expects of the dump, as 6.18 does it on the do
-- side: xdp-zc-max-segs is beyond dev-get's request policy (ifindex only).
test("a dev-get do with an attribute beyond its policy fails naming it", function()
	local lo, msg, errname, extack = fam:call("dev-get", {ifindex = 1, ["xdp-zc-max-segs"] = 3})
	eq({lo, errname}, {nil, "EINVAL"}, msg)
	eq(extack.msg, "Unknown attribute type")
	eq(extack.attr, "xdp-zc-max-segs", "the extended ACK's offset names the attribute")
	expect(msg:find("Unknown attribute type", 1, true) and msg:find("xdp-zc-max-segs", 1, true), msg)
	local ok, out = cli("--do", "dev-get", "--json", '{"ifindex": 1, "xdp-zc-max-segs": 3}')
	expect(not ok, "the CLI fails too")
	expect(out:find("'bad-attr': '.xdp-zc-max-segs'", 1, true), "and names the same attribute: " .. out)
end)
