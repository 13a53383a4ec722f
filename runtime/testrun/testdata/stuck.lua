-- One long builtin call (a backtracking pattern over 8000 bytes, about a
-- second) never looks at the context: the file gives up on it.
test("stuck in a builtin", function()
	string.rep("x", 8000):find(".-y")
end)

test("after it", function() end)
