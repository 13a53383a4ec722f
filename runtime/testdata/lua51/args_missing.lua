-- A missing argument.
print(pcall(string.rep))
