-- cleanup(fn) inside a case runs after it, last first, even after a
-- failure; a failing cleanup fails its case.
local log = {}

test("registers two", function()
	cleanup(function() log[#log + 1] = "first registered" end)
	cleanup(function() log[#log + 1] = "second registered" end)
	log[#log + 1] = "body"
end)

test("they ran last first", function()
	eq(log, {"body", "second registered", "first registered"})
end)

test("fails, then cleans up", function()
	cleanup(function() log[#log + 1] = "after failure" end)
	eq(1, 2)
end)

test("the cleanup ran", function()
	eq(log[#log], "after failure")
end)

test("a failing cleanup", function()
	cleanup(function() error("cleanup broke") end)
end)
