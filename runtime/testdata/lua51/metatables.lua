-- Metatables on tables, as Lua 5.1 uses them.
local log = {}
local proxy = setmetatable({}, {
	__index = function(t, k) return "idx:" .. tostring(k) end,
	__newindex = function(t, k, v) rawset(t, k, v * 2) end,
	__call = function(self, a, b) return a + b end,
})
print(proxy.foo, proxy[1])
proxy.x = 21
print(rawget(proxy, "x"), proxy.x)
print(proxy(2, 3))

local base = {greet = function() return "hi" end}
local derived = setmetatable({}, {__index = base})
print(derived.greet(), derived.nothing)

local V = {}
V.__index = V
V.__eq = function(a, b) return a.v == b.v end
V.__lt = function(a, b) return a.v < b.v end
V.__le = function(a, b) return a.v <= b.v end
V.__concat = function(a, b)
	local x = type(a) == "table" and a.v or a
	local y = type(b) == "table" and b.v or b
	return x .. "&" .. y
end
V.__add = function(a, b) return setmetatable({v = a.v + b.v}, V) end
V.__unm = function(a) return setmetatable({v = -a.v}, V) end
V.__tostring = function(a) return "V(" .. a.v .. ")" end
local function new(v) return setmetatable({v = v}, V) end
local a, b, c = new(1), new(2), new(1)
print(a == c, a == b, a ~= b, a < b, b < a, a <= c, b <= a, a > b, a >= c)
print(a .. b, a .. "s", "s" .. b, 1 .. a)
print(tostring(a + b), tostring(-a))
print(rawequal(a, c))
-- __eq only between two tables
print(a == 1)
-- __index chain
local c1 = setmetatable({}, {__index = setmetatable({}, {__index = {deep = "yes"}})})
print(c1.deep)
-- __newindex table
local store = {}
local w = setmetatable({}, {__newindex = store})
w.k = "v"
print(rawget(w, "k"), store.k)
-- getmetatable with __metatable
local locked = setmetatable({}, {__metatable = "locked"})
print(getmetatable(locked))
print(pcall(setmetatable, locked, {}))
print(getmetatable("abc").__index == string)
-- __mode is accepted
setmetatable({}, {__mode = "k"})
print("ok")
