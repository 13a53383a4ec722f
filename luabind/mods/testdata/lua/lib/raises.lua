-- raises(pattern, f, ...) checks that f(...) raises an error whose text
-- contains pattern (plainly, not as a Lua pattern). The scripts load it with
-- dofile; TestScripts runs only the files directly in testdata/lua.
return function(pattern, f, ...)
	local ok, err = pcall(f, ...)
	assert(not ok, "expected an error containing " .. pattern)
	assert(tostring(err):find(pattern, 1, true), "error was: " .. tostring(err))
end
