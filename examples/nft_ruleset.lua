-- nft_ruleset.lua: the nf_tables ruleset as nlsh decodes it, then (with
-- --watch SECONDS) the changes as they happen, like `nft monitor`.
--
--   nlsh examples/nft_ruleset.lua [-n NETNS] [--watch SECONDS]
--
-- Dumps go through nfnl.tables/chains/rules/sets; events arrive on a
-- second socket joined to NFNLGRP_NFTABLES ("nftables") and carry the same
-- decoded body.

local USAGE = "usage: nlsh examples/nft_ruleset.lua [-n NETNS] [--watch SECONDS]"

local function usage_error(msg)
  io.stderr:write("nft_ruleset.lua: ", msg, "\n", USAGE, "\n")
  os.exit(2)
end

-- -n NETNS names a namespace in /run/netns (as ip -n does).
local ns, watch = nil, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "-n" then
    if not arg[i + 1] then usage_error("-n needs a namespace name") end
    ns, i = {name = arg[i + 1]}, i + 1
  elseif a == "--watch" then
    watch = tonumber(arg[i + 1])
    if not watch or watch <= 0 then usage_error("--watch needs a number of seconds") end
    i = i + 1
  else
    usage_error(string.format("unknown argument %q", a))
  end
  i = i + 1
end

local sock, err = netlink.open("netfilter", ns)
if not sock then
  io.stderr:write("nft_ruleset.lua: ", err, "\n")
  os.exit(1)
end

local function rule_text(r)
  local parts = {}
  for _, x in ipairs(r.exprs) do parts[#parts + 1] = x.name end
  return table.concat(parts, " ")
end

for _, t in ipairs(assert(nfnl.tables(sock))) do
  print(string.format("table %s %s (handle %d)", t.family, t.name, t.handle))
end
for _, c in ipairs(assert(nfnl.chains(sock))) do
  local hook = c.hook and string.format(" hook %s prio %d policy %s type %s", c.hook, c.prio, c.policy or "-", c.type) or ""
  print(string.format("chain %s %s %s%s", c.family, c.table, c.name, hook))
end
for _, r in ipairs(assert(nfnl.rules(sock))) do
  print(string.format("rule %s %s %s handle %d: %s", r.family, r.table, r.chain, r.handle, rule_text(r)))
end
for _, s in ipairs(assert(nfnl.sets(sock))) do
  print(string.format("set %s %s %s: %s (%s)", s.family, s.table, s.name, s.key_type, table.concat(s.flags, ",")))
end

if watch then
  local seconds = watch
  local ev = assert(netlink.open("netfilter", ns))
  assert(ev:join("nftables"))
  local deadline = os.time() + seconds
  while os.time() < deadline do
    local m, err, errname = ev:recv(deadline - os.time())
    if m then
      local b = m.body or {}
      print(string.format("%s %s %s", m.name or m.type, b.object or "", b.name or b.chain or b.proc or ""))
    elseif errname ~= "timeout" then
      io.stderr:write("events: ", err, "\n")
    end
  end
  ev:close()
end
sock:close()
