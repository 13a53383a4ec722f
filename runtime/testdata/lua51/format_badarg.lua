-- string.format with an argument of the wrong type.
print(pcall(string.format, "%d", "x"))
