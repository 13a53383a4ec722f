-- join/leave bad inputs.
local raises = dofile("testdata/lua/lib/raises.lua")
local s = assert(netlink.open("route"))
local ok, msg, errname = s:join(0)
assert(ok == nil and errname == "EINVAL", "group 0: " .. tostring(msg))
ok, msg, errname = s:join(1000)
assert(ok == nil and errname == "EINVAL", "group 1000: " .. tostring(msg))
raises("bad argument #1 to sock:join", s.join, s, -1)
raises("bad argument #1 to sock:join (group number or name expected, got table)", s.join, s, {})
raises("unknown route group", s.join, s, "no-such-group")
raises("use sock:join(...) (colon), not sock.join", function() return s.join(1) end)
raises("use sock:leave(...) (colon)", function() return s.leave() end)
-- leaving a group never joined is fine
assert(s:leave(7))
-- the socket is unaffected
assert(s:join("link"))
s:close()
