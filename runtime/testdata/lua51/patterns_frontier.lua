-- The frontier pattern %f (undocumented in Lua 5.1, but there).
print(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))
