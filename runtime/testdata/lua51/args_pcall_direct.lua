-- A library function called by pcall itself, with no Lua function between.
print(pcall(tonumber, "1", 99))
