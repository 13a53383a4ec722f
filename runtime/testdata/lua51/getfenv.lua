-- Environments through levels, also across pcall.
local env = setmetatable({marker = "custom"}, {__index = _G})
local function probe() local e = getfenv(2); return e.marker end
local function run() local v = probe(); return v end
setfenv(run, env)
print(run())
print(pcall(run))
local function inner() local e = getfenv(3); return e.marker end
local function outer() local ok, v = pcall(function() local v = inner(); return v end); return v end
setfenv(outer, env)
print(outer())
print(getfenv(0) == _G, getfenv() == _G, getfenv(1) == _G)
local f = function() return x end
setfenv(f, {x = "from env"})
print(f())
print(pcall(setfenv, print, {}))
print(pcall(function() setfenv(2, {}) end))
-- levels that reach past a pcall into its caller
local function deep() local e = getfenv(4); return e.marker end
local function caller() local ok, v = pcall(function() local v = deep(); return v end); return ok, v end
setfenv(caller, env)
print(caller())
local function seterr() local ok, e = pcall(function() setfenv(3, {marker = "set"}) end); return ok end
print(pcall(seterr))
local function errlevel() local ok, e = pcall(function() error("lvl3", 3) end); return e end
print(errlevel())
local function errlevel4() local ok, e = pcall(function() error("lvl4", 4) end); return e end
print(errlevel4())
