-- links.lua: the machine's network interfaces, like `ip -br link`.
--
--   nlsh examples/links.lua [--raw]
--
-- rtnl.links(sock) dumps RTM_GETLINK over a NETLINK_ROUTE socket and decodes
-- every reply; pass --raw to see the same dump walked by hand, attribute by
-- attribute, with netlink.attrs and string.unpack.

if #arg > 1 or (arg[1] and arg[1] ~= "--raw") then
  io.stderr:write("links.lua: unknown argument ", string.format("%q", arg[#arg]), "\n",
    "usage: nlsh examples/links.lua [--raw]\n")
  os.exit(2)
end

local RTM_GETLINK = 18
local IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_MASTER = 1, 3, 4, 10
local IFLA_OPERSTATE, IFLA_LINKINFO, IFLA_INFO_KIND = 16, 18, 1
local OPERSTATES = {[0] = "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}
local IFF = {{0x1, "UP"}, {0x2, "BROADCAST"}, {0x8, "LOOPBACK"}, {0x10, "POINTOPOINT"},
             {0x40, "RUNNING"}, {0x80, "NOARP"}, {0x100, "PROMISC"}, {0x1000, "MULTICAST"},
             {0x10000, "LOWER_UP"}}

-- Lua 5.1 has no bit operators: test a flag with arithmetic.
local function has(flags, bit) return math.floor(flags / bit) % 2 == 1 end

local function flagnames(flags)
  local names = {}
  for _, f in ipairs(IFF) do
    if has(flags, f[1]) then names[#names + 1] = f[2] end
  end
  return names
end

local function mac(bytes)
  return (bytes:gsub(".", function(c) return string.format("%02x:", c:byte()) end):sub(1, -2))
end

-- decode turns one RTM_NEWLINK message into a table.
local function decode(msg)
  -- struct ifinfomsg: family u8, pad u8, type u16, index s32, flags u32, change u32
  local _, _, _, index, flags, _, pos = string.unpack("=BBHiII", msg.payload)
  local link = {index = index, flags = flagnames(flags)}
  for _, a in ipairs(netlink.attrs(msg.payload:sub(pos))) do
    if a.type == IFLA_IFNAME then
      link.name = string.unpack("z", a.data)
    elseif a.type == IFLA_MTU then
      link.mtu = string.unpack("=I4", a.data)
    elseif a.type == IFLA_MASTER then
      link.master = string.unpack("=I4", a.data)
    elseif a.type == IFLA_ADDRESS then
      link.address = mac(a.data)
    elseif a.type == IFLA_OPERSTATE then
      link.state = OPERSTATES[a.data:byte()] or tostring(a.data:byte())
    elseif a.type == IFLA_LINKINFO then
      for _, info in ipairs(netlink.attrs(a.data)) do
        if info.type == IFLA_INFO_KIND then link.kind = string.unpack("z", info.data) end
      end
    end
  end
  return link
end

-- dump asks the kernel for every link and decodes the replies by hand.
local function dump(sock)
  local ifinfomsg = string.pack("=BBHiII", 0, 0, 0, 0, 0, 0) -- AF_UNSPEC: every link
  local replies, err, errname = sock:request({type = RTM_GETLINK, flags = netlink.F_DUMP, payload = ifinfomsg})
  if not replies then return nil, err, errname end
  local links = {}
  for _, msg in ipairs(replies) do links[#links + 1] = decode(msg) end
  return links
end

local sock = assert(netlink.open("route"))
local links, err
if arg[1] ~= "--raw" then
  links, err = rtnl.links(sock)
else
  links, err = dump(sock)
end
if not links then
  io.stderr:write("listing links: ", err, "\n")
  os.exit(1)
end

local names = {}
for _, l in ipairs(links) do names[l.index] = l.name end

print(string.format("%-3s %-16s %-8s %-6s %-17s %-8s %s", "idx", "name", "state", "mtu", "address", "kind", "flags"))
for _, l in ipairs(links) do
  local name = l.name or "?"
  if l.master and l.master ~= 0 then name = name .. "@" .. (names[l.master] or l.master) end
  print(string.format("%-3d %-16s %-8s %-6s %-17s %-8s %s", l.index, name, l.operstate or l.state or "",
    tostring(l.mtu or ""), l.address or "", l.kind or "", table.concat(l.flags or {}, ",")))
end
sock:close()
