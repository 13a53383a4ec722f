-- nft_ruleset.lua: the nf_tables ruleset as nlsh decodes it, then (with
-- --watch SECONDS) the changes as they happen, like `nft monitor`.
--
--   go run ./cmd/nlsh examples/nft_ruleset.lua [-n NETNS] [--watch 10]
--
-- Dumps go through nfnl.tables/chains/rules/sets; events arrive on a
-- second socket joined to NFNLGRP_NFTABLES ("nftables") and carry the same
-- decoded body.

local sock = assert(netlink.open("netfilter"))

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

if arg[1] == "--watch" then
  local seconds = tonumber(arg[2]) or 10
  local ev = assert(netlink.open("netfilter"))
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
