-- %s of a value that is neither a string nor a number.
print(pcall(function() return string.format("%s", true) end))
print(pcall(function() return string.format("%s|%s", nil, setmetatable({}, {__tostring = function() return "T" end})) end))
