print("arg[0]", arg[0])
for i = -2, #arg do
  if arg[i] ~= nil then print(i, arg[i]) end
end
print("...", ...)
