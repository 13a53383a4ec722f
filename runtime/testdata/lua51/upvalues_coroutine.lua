-- Upvalues shared with coroutines, and errors inside coroutines.
local n = 0
local co = coroutine.create(function(a)
	n = n + a
	local b = coroutine.yield(n)
	n = n + b
	error("boom")
end)
print(coroutine.resume(co, 1))
print(n)
print(select(2, coroutine.resume(co, 10)) ~= nil, n)
print(coroutine.status(co))
print(coroutine.resume(co))
n = 100
print(n)

local w = coroutine.wrap(function() local ok, e = pcall(error, "inner"); coroutine.yield(ok, e); return "done" end)
print(w())
print(w())
print(pcall(w))

-- a yield across pcall fails as in Lua 5.1
local y = coroutine.wrap(function() return pcall(coroutine.yield, 1) end)
print(y())
print(pcall(coroutine.yield, 1))

-- status from inside
local outer
outer = coroutine.create(function()
	print(coroutine.status(outer), coroutine.running() == outer)
	print(pcall(function() return coroutine.status(outer), coroutine.running() == outer end))
	local inner = coroutine.create(function() print(coroutine.status(outer)); print(coroutine.resume(outer)) end)
	coroutine.resume(inner)
	pcall(function() coroutine.resume(inner) end)
	print(coroutine.status(inner))
end)
coroutine.resume(outer)
print(coroutine.running())
print(pcall(coroutine.running))

-- closures in coroutines see the caller's local after a caught error
local r
local function set(v) r = v end
coroutine.wrap(function() pcall(error, "x"); set(3) end)()
print(r)
