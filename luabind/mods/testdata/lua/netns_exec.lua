-- netns.exec reports exit status and output; a missing program is a failure.
local ok, out, err, code = netns.exec(nil, {"sh", "-c", "echo out; echo err >&2; exit 3"})
assert(ok == false and out == "out\n" and err == "err\n" and code == 3, tostring(ok) .. " " .. tostring(code))
local r, msg, errname = netns.exec(nil, {"/nonexistent/program"})
assert(r == nil and errname == "ENOENT", tostring(msg) .. " " .. tostring(errname))
assert(msg:find("/nonexistent/program", 1, true), msg)
local ok2, out2 = netns.exec("host", {"echo", "hi"})
assert(ok2 == true and out2 == "hi\n")
