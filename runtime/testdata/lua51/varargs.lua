-- Varargs, select and unpack.
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function pass(...) return ... end
print(pass(1, nil, 3))
print(select('#', pass(nil, nil, nil)))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(unpack({1, 2, 3}))
print(unpack({1, 2, 3}, 2))
print(unpack({1, 2, 3}, 2, 3))
print(unpack({1, nil, 3}, 1, 3))
print(select('#', unpack({}, 1, 5)))
local t = {n = 0}
local function packn(...) return {n = select('#', ...), ...} end
local p = packn(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
local function tail(...) return select('#', ...), ... end
print(tail(1, nil))
print((pass(1, 2, 3)))
local function varg_in_table(...) local a = {...}; return #a end
print(varg_in_table(1, 2, 3))
print(math.max(3, 1, 2), math.min(3, 1, 2))
print(string.format("%s %s", pass("x", "y")))
local function defaults(a, b, ...) return a, b, select('#', ...) end
print(defaults(1))
print(defaults(1, 2, 3, 4))
