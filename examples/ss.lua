-- ss.lua: the sockets of a namespace, like `ss -tuanx`.
--
--   nlsh examples/ss.lua [-n NETNS] [tcp|udp|unix]...
--
-- One NETLINK_SOCK_DIAG socket, one diag.sockets dump per kind asked for
-- (default: tcp, udp and unix, over IPv4 and IPv6).

local USAGE = "usage: nlsh examples/ss.lua [-n NETNS] [tcp|udp|unix]..."

local function usage_error(msg)
  io.stderr:write("ss.lua: ", msg, "\n", USAGE, "\n")
  os.exit(2)
end

-- -n NETNS names a namespace in /run/netns (as ip -n does); the rest are kinds.
local ns, kinds = nil, {}
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "-n" then
    if not arg[i + 1] then usage_error("-n needs a namespace name") end
    ns, i = {name = arg[i + 1]}, i + 1
  elseif a == "tcp" or a == "udp" or a == "unix" then
    kinds[a] = true
  else
    usage_error(string.format("unknown argument %q", a))
  end
  i = i + 1
end
if next(kinds) == nil then kinds = {tcp = true, udp = true, unix = true} end

local sock, err = netlink.open("sock_diag", ns)
if not sock then
  io.stderr:write("ss.lua: ", err, "\n")
  os.exit(1)
end
local rows = {}
local function add(filter)
  local socks, err = diag.sockets(sock, filter)
  if not socks then
    io.stderr:write("dumping sockets: ", err, "\n")
    os.exit(1)
  end
  for _, s in ipairs(socks) do rows[#rows + 1] = s end
end
for _, proto in ipairs({"tcp", "udp"}) do
  if kinds[proto] then
    add({family = "inet", protocol = proto})
    add({family = "inet6", protocol = proto})
  end
end
if kinds.unix then add({family = "unix"}) end

local function endpoint(addr, port, v6)
  if v6 then addr = "[" .. addr .. "]" end
  return addr .. ":" .. (port == 0 and "*" or tostring(port))
end

print(string.format("%-6s %-10s %6s %6s %-28s %-28s %s", "Netid", "State", "Recv-Q", "Send-Q",
  "Local Address:Port", "Peer Address:Port", "Inode"))
for _, s in ipairs(rows) do
  local loc, peer
  if s.family == "unix" then
    loc = (s.path or "*") .. " " .. s.inode
    peer = "* " .. (s.peer or 0)
  else
    local v6 = s.family == "inet6"
    loc, peer = endpoint(s.src, s.sport, v6), endpoint(s.dst, s.dport, v6)
  end
  print(string.format("%-6s %-10s %6d %6d %-28s %-28s %d", s.netid, s.state, s.rqueue or 0, s.wqueue or 0,
    loc, peer, s.inode))
end
sock:close()
