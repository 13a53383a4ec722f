-- A closure keeps writing its caller's local after errors() caught an
-- error (gopher-lua closed the upvalues of every frame on any error).
test("errors keeps the caller's upvalues", function()
	local count = 0
	local function bump() count = count + 1 end
	errors(function() error("expected") end, "expected")
	bump()
	eq(count, 1)
	errors(string.rep)
	bump()
	eq(count, 2)
end)

test("pcall keeps the caller's upvalues", function()
	local r
	local function set(v) r = v end
	pcall(error, "x")
	set(5)
	eq(r, 5)
end)
