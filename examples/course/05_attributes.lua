-- Lesson 5: attributes and nesting.
--
-- After a message's fixed family header (ifinfomsg for links) come
-- attributes, TLVs: struct nlattr { u16 len; u16 type; } then the value,
-- padded to a multiple of 4. len counts header + value, not the padding.
-- A nested attribute's value is itself a list of attributes; the
-- NLA_F_NESTED bit (0x8000) in type may say so -- but rtnetlink, older than
-- the flag, mostly leaves it out: you know IFLA_LINKINFO is nested from its
-- type, as the kernel's policy does.

local ns = assert(netns.new())
local sock = assert(netlink.open("route", ns))

-- Encoding: IFLA_IFNAME (3) = "v0\0" is 4 + 3 = 7 bytes, padded to 8.
local a = netlink.attr(3, "v0\0")
print(("netlink.attr(3, \"v0\\0\"): %d bytes, len field %d"):format(#a, (string.unpack("=I2", a))))

assert(rtnl.link_add(sock, {name = "v0", kind = "veth", peer = "v1"}))
local replies = assert(sock:request({type = rtnl.RTM_GETLINK, flags = netlink.F_DUMP,
                                     payload = string.rep("\0", 16)}))
local v0
for _, m in ipairs(replies) do if m.body.name == "v0" then v0 = m end end

-- Decoding by hand: skip the 16-byte ifinfomsg, walk the attributes.
local names = {[3] = "IFLA_IFNAME", [4] = "IFLA_MTU", [18] = "IFLA_LINKINFO"}
local wanted = {}
for _, at in ipairs(netlink.attrs(v0.payload:sub(17))) do
  if names[at.type] then wanted[at.type] = at end
end
print(("IFLA_IFNAME: %q"):format(wanted[3].data))
print(("IFLA_MTU: %d"):format((string.unpack("=I4", wanted[4].data))))
local info = wanted[18]
print(("IFLA_LINKINFO: NLA_F_NESTED set: %s, %d bytes"):format(tostring(info.nested), #info.data))
for _, inner in ipairs(netlink.attrs(info.data)) do
  if inner.type == 1 then -- IFLA_INFO_KIND
    print(("  IFLA_INFO_KIND: %q"):format(inner.data))
  end
end
-- nlsh's rtnl module does all this for you: m.body.kind.
print("body.kind: " .. tostring(v0.body.kind))
-- expect: 8 bytes, len field 7
-- expect: IFLA_IFNAME: "v0
-- expect: IFLA_MTU: 1500
-- expect: IFLA_LINKINFO: NLA_F_NESTED set: false
-- expect:   IFLA_INFO_KIND: "veth
-- expect: body.kind: veth
