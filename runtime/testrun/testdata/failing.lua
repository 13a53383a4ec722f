-- Deliberately failing cases: runtime/testrun's tests check how each one is
-- reported (line numbers matter: keep them stable).
test("passes", function()
	eq(1 + 1, 2)
end)

test("tables differ", function()
	eq({name = "eth0", mtu = 1500, flags = {"UP"}}, {name = "eth0", mtu = 9000, flags = {"UP", "LOWER_UP"}}, "link")
end)

test("numbers differ", function()
	eq(41, 42)
end)

test("expect fails", function()
	expect(false, "the kernel agreed")
end)

test("errors without an error", function()
	errors(function() end, "boom")
end)

test("errors with another error", function()
	errors(function() error("bang") end, "boom")
end)

test("a Lua error", function()
	local t = nil
	return t.field
end)

test("pcall cannot hide a failure", function()
	pcall(eq, "a", "b")
end)

test("os.exit fails only this test", function()
	os.exit(3)
end)

test("runs after os.exit", function()
	expect(true)
end)

test("skips", function()
	skip("no such hardware")
end)
