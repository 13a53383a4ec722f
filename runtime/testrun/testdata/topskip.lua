skip("whole file skipped")
test("never declared", function() end)
