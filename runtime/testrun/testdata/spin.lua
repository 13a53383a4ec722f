-- A busy loop: the VM checks the context before each instruction.
test("spins", function()
	while true do end
end)
