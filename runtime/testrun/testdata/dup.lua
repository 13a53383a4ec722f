test("dup", function() end)
test("dup", function() end)
