-- An event our own request causes (it carries our seq and port id) goes to
-- recv, while request gets the ACK.
local function u32(n) return string.char(n % 256, math.floor(n / 256) % 256, math.floor(n / 65536) % 256, math.floor(n / 16777216) % 256) end
local RTM_NEWADDR = 20
local s = assert(netlink.open("route"))
assert(s:join("ipv4-ifaddr"))
local ifaddrmsg = string.char(2, 24, 0, 0) .. u32(1) -- AF_INET, /24, lo (index 1)
local ip = string.char(10, 9, 8, 7)
local replies, err, errname = s:request{
	type = RTM_NEWADDR,
	flags = netlink.F_CREATE + netlink.F_EXCL,
	payload = ifaddrmsg .. netlink.attr(2, ip) .. netlink.attr(1, ip), -- IFA_LOCAL, IFA_ADDRESS
}
assert(replies, "request failed: " .. tostring(err) .. " " .. tostring(errname))
assert(#replies == 0, "a bare ACK gives an empty array, got " .. #replies)
local ev = assert(s:recv(5))
assert(ev.type == RTM_NEWADDR, "the event is RTM_NEWADDR, got " .. ev.type)
assert(ev.name == "RTM_NEWADDR")
assert(ev.group == 5, "it came through group 5 (ipv4-ifaddr), got " .. tostring(ev.group))
assert(ev.pid == s:portid(), "it carries our port id")
local none, why = s:recv(0.2)
assert(none == nil and why == "timeout", "nothing else queued")
s:close()
