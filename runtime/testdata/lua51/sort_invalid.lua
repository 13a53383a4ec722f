-- An invalid order function.
local ok, e = pcall(table.sort, {5, 3, 5, 1, 5, 2, 5, 4, 5, 9, 5, 8, 5}, function(a, b) return true end)
print(ok, e)
