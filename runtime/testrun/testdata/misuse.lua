test("nested test", function()
	test("inner", function() end)
end)
test("still runs", function() end)
