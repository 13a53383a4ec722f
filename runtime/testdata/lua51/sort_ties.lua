-- table.sort on random arrays with ties (the order of equal elements is
-- the quicksort's), with and without a comparator, and an invalid one.
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for trial = 1, 60 do
  local n = rnd(40)
  local t = {}
  for i = 1, n do t[i] = {k = rnd(6), id = i} end
  table.sort(t, function(a, b) return a.k < b.k end)
  local out = {}
  for i = 1, n do out[i] = t[i].k .. ":" .. t[i].id end
  print(table.concat(out, " "))
  local u = {}
  for i = 1, n do u[i] = rnd(10) end
  table.sort(u)
  print(table.concat(u, " "))
  local ok, e = pcall(table.sort, {rnd(5), rnd(5), rnd(5), rnd(5), rnd(5), rnd(5), rnd(5), rnd(5)}, function(a, b) return a <= b end)
  print(ok, e)
end
