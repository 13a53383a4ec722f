-- Errors inside coroutines, dead coroutines, and closures that outlive them.
local w = coroutine.wrap(function() error("in wrap") end)
print(pcall(w))
print(pcall(w))
local t = {}
local co = coroutine.create(function() error(t) end)
local ok, e = coroutine.resume(co)
print(ok, e == t, coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.resume(coroutine.create(function(...) return select('#', ...), ... end), nil, 2, nil))

-- a closure made inside a coroutine that then failed keeps its value
local get
co = coroutine.create(function()
	local x = "kept"
	get = function() return x end
	coroutine.yield()
	x = "changed"
	error("stop")
end)
coroutine.resume(co)
print(get())
coroutine.resume(co)
print(get())

-- pcall and xpcall inside a coroutine, around yields
co = coroutine.create(function()
	local n = 0
	local function bump() n = n + 1 end
	for i = 1, 3 do
		pcall(error, i)
		bump()
		coroutine.yield(n)
	end
	print(xpcall(function() error("x") end, function(m) return "h:" .. m end))
	bump()
	return n
end)
for i = 1, 5 do print(coroutine.resume(co)) end

-- a coroutine resumed from inside a pcall, and a pcall inside it
local inner = coroutine.create(function(a)
	local ok, e = pcall(error, "deep")
	local b = coroutine.yield(a + 1, ok, e)
	return b * 2
end)
print(pcall(coroutine.resume, inner, 1))
print(pcall(function() return coroutine.resume(inner, 10) end))
print(coroutine.status(inner))
print(coroutine.resume(inner))
-- resuming a coroutine that is running
local self
self = coroutine.create(function() return coroutine.resume(self) end)
print(coroutine.resume(self))
print(pcall(coroutine.wrap(function() return coroutine.yield() end)))
