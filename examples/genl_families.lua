-- genl_families.lua: the generic netlink families the kernel knows, like
-- `genl ctrl list`, with each family's operations and multicast groups.
--
--   nlsh examples/genl_families.lua [NAME]
--
-- genl.families asks nlctrl (CTRL_CMD_GETFAMILY, dump); with a NAME,
-- genl.family asks about one family and genl.policy adds how many
-- attributes each of its policies validates.

local USAGE = "usage: nlsh examples/genl_families.lua [NAME]"
if #arg > 1 or (arg[1] and arg[1]:sub(1, 1) == "-") then
  io.stderr:write("genl_families.lua: unknown argument ", string.format("%q", arg[#arg]), "\n", USAGE, "\n")
  os.exit(2)
end

local sock = assert(netlink.open("generic"))

local function show(f)
  local groups = {}
  for name, id in pairs(f.groups) do groups[#groups + 1] = name .. "=" .. id end
  table.sort(groups)
  print(string.format("%-16s id %-4d version %-2d maxattr %-4d ops %-3d groups %s",
    f.name, f.id, f.version, f.maxattr, #f.ops, table.concat(groups, " ")))
end

if arg[1] then
  local f, err = genl.family(sock, arg[1])
  if not f then
    io.stderr:write(err, "\n")
    os.exit(1)
  end
  show(f)
  for _, op in ipairs(f.ops) do
    print(string.format("  op %-3d %s", op.id, table.concat(op.flags, ",")))
  end
  local p = genl.policy(sock, arg[1])
  if p then
    for idx, attrs in pairs(p.policies) do
      local n = 0
      for _ in pairs(attrs) do n = n + 1 end
      print(string.format("  policy %d: %d attributes", idx, n))
    end
  end
else
  local fams = assert(genl.families(sock))
  table.sort(fams, function(a, b) return a.id < b.id end)
  for _, f in ipairs(fams) do show(f) end
end
sock:close()
