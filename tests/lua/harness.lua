-- The test harness itself: declaration order, deep equality, errors(),
-- skip(), cleanup(), and a fresh namespace per file as netlink.open's default.
local order = {}
-- after all cases: those that ran did so in declaration order
cleanup(function()
	local want = {}
	for _, name in ipairs({"first", "second"}) do
		for _, got in ipairs(order) do
			if got == name then want[#want + 1] = name end
		end
	end
	eq(order, want, "cases run in declaration order")
end)

test("first", function()
	order[#order + 1] = "first"
end)

test("second", function()
	order[#order + 1] = "second"
end)

test("cleanup runs after the case, last registered first", function()
	local log = {}
	cleanup(function() eq(log, {"body", "second"}) end)
	cleanup(function() log[#log + 1] = "second" end)
	log[#log + 1] = "body"
end)

test("eq compares tables deeply, keys in any order", function()
	eq({a = 1, b = {c = {1, 2, 3}}}, {b = {c = {1, 2, 3}}, a = 1})
	eq({}, {})
	eq("1", "1")
	local cyc1, cyc2 = {}, {}
	cyc1.self, cyc2.self = cyc1, cyc2
	eq(cyc1, cyc2, "cycles compare")
	expect(not rawequal({1}, {1}))
end)

test("errors returns the message, matching plainly or by pattern", function()
	local msg = errors(function() error("code 42 (bad)") end, "code 42 (bad)")
	expect(msg:find("code 42", 1, true), msg)
	errors(function() error("code 42") end, "code %d+")
	errors(function() error({}) end)
end)

test("assertions return normally when they hold, inside pcall too", function()
	-- (a failing one inside pcall still fails its case: see
	-- runtime/testrun/testdata/failing.lua and its Go test)
	eq({pcall(eq, 1, 1)}, {true})
	eq({pcall(expect, true)}, {true})
	eq(errors(function() error("x", 0) end), "x")
end)

test("skip ends a case as skipped", function()
	skip("demonstrates skip: this case always skips")
	error("not reached")
end)

test("the default namespace is fresh: only lo, down", function()
	local s = assert(netlink.open("route"))
	local links = assert(rtnl.links(s))
	eq(#links, 1)
	eq(links[1].name, "lo")
	for _, f in ipairs(links[1].flags) do
		expect(f ~= "UP", "lo starts down")
	end
	s:close()
end)

test("print goes to the case's output", function()
	print("this line is shown with -v or on failure")
end)
