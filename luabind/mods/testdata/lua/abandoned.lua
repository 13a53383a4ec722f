-- A request whose replies were never read does not poison the next ones:
-- its replies stay queued for recv and never complete another request.
local getlink = {type = 18, flags = netlink.F_DUMP, payload = string.rep("\0", 16)}
local s = assert(netlink.open("route"))
local abandoned = assert(s:send{type = 18, flags = netlink.F_REQUEST + netlink.F_DUMP, payload = string.rep("\0", 16)})
for i = 1, 3 do
	local r, err = s:request(getlink)
	assert(r, "request " .. i .. ": " .. tostring(err))
	assert(#r >= 1, "request " .. i .. " returned the links")
	for _, m in ipairs(r) do
		assert(m.seq ~= abandoned, "a stale reply completed request " .. i)
		assert(m.name == "RTM_NEWLINK", "only link messages, got " .. tostring(m.name))
	end
end
local m = assert(s:recv(2))
assert(m.seq == abandoned, "the abandoned dump's reply is still there for recv")
local st = s:stats()
assert(st.stale >= 1, "stale replies are counted")
s:close()
