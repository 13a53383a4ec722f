-- Lesson 9: generic netlink and family resolution.
--
-- NETLINK_GENERIC (16) multiplexes many "families" (ethtool, wireguard,
-- nl80211, ...) over one protocol. Their message type numbers are not
-- fixed: the kernel assigns an id when a family registers. The controller
-- family "nlctrl" has the fixed id 16 (GENL_ID_CTRL); asking it
-- CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME returns the id, version,
-- operations and multicast groups. After the nlmsghdr, every generic
-- message has a 4-byte genlmsghdr: cmd u8, version u8, reserved u16.

local ns = assert(netns.new())
local sock = assert(netlink.open("generic", ns))

-- By hand: CTRL_CMD_GETFAMILY (3), version 1, CTRL_ATTR_FAMILY_NAME (2).
local payload = string.pack("=BBH", 3, 1, 0) .. netlink.attr(2, "nlctrl\0")
local r = assert(sock:request({type = 16, payload = payload}))
local m = r[1]
local cmd = string.unpack("=B", m.payload)
print(("reply: type %d cmd %d (CTRL_CMD_NEWFAMILY)"):format(m.type, cmd))
for _, at in ipairs(netlink.attrs(m.payload:sub(5))) do
  if at.type == 1 then print(("CTRL_ATTR_FAMILY_ID: %d"):format((string.unpack("=I2", at.data)))) end
  if at.type == 2 then print(("CTRL_ATTR_FAMILY_NAME: %s"):format(at.data:sub(1, -2))) end
end

-- With the genl module:
local f = assert(genl.family(sock, "nlctrl"))
print(("genl.family: %s id %d version %d, %d ops, group notify = %d"):format(
  f.name, f.id, f.version, #f.ops, f.groups.notify))
-- Groups are resolved the same way: sock:join("nlctrl:notify").
assert(sock:join("nlctrl:notify"))
-- An unknown family is ENOENT from the kernel.
local none, msg, errname = genl.family(sock, "no-such-family")
print(("no-such-family: %s %s"):format(tostring(none), errname))
-- expect: reply: type 16 cmd 1 (CTRL_CMD_NEWFAMILY)
-- expect: CTRL_ATTR_FAMILY_NAME: nlctrl
-- expect: CTRL_ATTR_FAMILY_ID: 16
-- expect: genl.family: nlctrl id 16 version 2
-- expect: no-such-family: nil ENOENT
