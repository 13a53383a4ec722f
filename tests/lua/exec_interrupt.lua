-- A program that dies of SIGINT (Ctrl-C reaches the whole foreground
-- process group, usually before nlsh's own interrupt) is reported as
-- interrupted, not as a failure with exit code -1; other signals stay
-- ordinary failures.
test("SIGINT is an interruption", function()
	local ns = netns.new()
	local ok, msg, errname = netns.exec(ns, {"sh", "-c", "kill -INT $$"})
	eq(ok, nil)
	eq(errname, "interrupted")
	expect(msg:find("^exec sh in netns .*: interrupted$"), msg)
	local ok2, out, err, code = netns.exec(ns, {"sh", "-c", "echo x; kill -TERM $$"})
	eq({ok2, out, code}, {false, "x\n", -1})
	ns:close()
end)
