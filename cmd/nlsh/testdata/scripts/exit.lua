local ok = pcall(function() os.exit(4) end)
print("not reached", ok)
