-- Lesson 4: ACKs, errors and extended ACK.
--
-- A request that changes something returns no data. With NLM_F_ACK the
-- kernel answers with NLMSG_ERROR (type 2) whose error code is 0: an ACK.
-- When the request fails, the same message carries -errno, a copy of the
-- request header, and (since NETLINK_EXT_ACK, which nlsh turns on) TLVs
-- that explain: a message, and the byte offset of the attribute at fault.

local ns = assert(netns.new())
local sock = assert(netlink.open("route", ns))

-- 1. An ACK: bring lo up (RTM_NEWLINK on an existing interface).
local ok = assert(rtnl.link_set(sock, "lo", {up = true}))
print("link_set lo up: " .. tostring(ok) .. " (the kernel sent NLMSG_ERROR with error 0)")

-- The same by hand, so we see the ACK itself: send, then recv.
local seq = sock:seq()
local ifinfo = string.pack("=BxHiII", 0, 0, 1, 1, 1) -- family, type, index 1 (lo), flags IFF_UP, change IFF_UP
assert(sock:send({type = rtnl.RTM_NEWLINK, flags = netlink.F_REQUEST + netlink.F_ACK, seq = seq, payload = ifinfo}))
local ack = assert(sock:recv(2))
print(("reply: %s error=%d seq=%d (ours: %d)"):format(ack.name, ack.error, ack.seq, seq))

-- 2. An error: IFLA_MTU (4) must be a u32; we send 3 bytes.
local bad = ifinfo .. netlink.attr(4, "abc")
local r, msg, errname, extack = sock:request({type = rtnl.RTM_NEWLINK, payload = bad})
print(("request failed: %s"):format(msg))
print(("errname: %s"):format(errname))
print(("extack.msg: %s"):format(extack.msg))
-- The offset counts from the start of our request: 16 (nlmsghdr) + 16
-- (ifinfomsg) = 32 is where the IFLA_MTU attribute begins.
print(("extack.offset: %d"):format(extack.offset))

-- 3. An error that is not about an attribute: no such interface.
r, msg, errname = rtnl.link_set(sock, "nope0", {up = true})
print(("link_set nope0: %s (%s)"):format(tostring(r), errname))
-- expect: link_set lo up: true
-- expect: reply: NLMSG_ERROR error=0
-- expect: request failed: RTM_NEWLINK request: numerical result out of range: Attribute failed policy validation (offset 32: IFLA_MTU)
-- expect: errname: ERANGE
-- expect: extack.msg: Attribute failed policy validation
-- expect: extack.offset: 32
-- expect: link_set nope0: nil (ENODEV)
