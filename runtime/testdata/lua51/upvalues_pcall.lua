-- Closures and their callers' locals across caught errors.
local r
local function set(v) r = v end
pcall(error, "x"); set(5); print(r)
xpcall(function() error("y") end, function(e) return e end); set(6); print(r)
pcall(string.rep); set(7); print(r)
pcall(function() pcall(error, "in"); error("out") end); set(8); print(r)

local f
pcall(function() local x = 1; f = function() return x end; error("e") end)
local a, b, c = 7, 8, 9
print(f(), a, b, c)
local g
xpcall(function() local x = 2; g = function() x = x + 1; return x end; error("e") end, tostring)
local d, e = 10, 11
print(g(), g(), d, e)

-- closures made in a loop each keep their own variable
local fs = {}
for i = 1, 3 do
	pcall(function() fs[i] = function() return i end; error("e") end)
end
print(fs[1](), fs[2](), fs[3]())

-- a counter shared by two closures survives errors in between
local function counter()
	local n = 0
	return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); pcall(error); inc(); pcall(inc); print(get())
