-- __len on a table: Lua 5.1 ignores it for #.
local lt = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#lt)
