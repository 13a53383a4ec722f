-- nft_bytecode.lua: nf_tables rules as bytecode, both ways, in a fresh
-- network namespace. nft writes a rule; nlsh prints its expressions as
-- `nft --debug=netlink` does, checks them against nft's own print, then
-- assembles a copy from those lines by hand.
--
--   nlsh examples/nft_bytecode.lua

if #arg > 0 then
  io.stderr:write(string.format("nft_bytecode.lua: unknown argument %q\n", arg[1]),
    "usage: nlsh examples/nft_bytecode.lua\n")
  os.exit(2)
end

local ns = netns.new()
local function nft(...)
  local ok, out, err = netns.exec(ns, {"nft", ...})
  assert(ok, err)
  return out
end
nft("add table inet demo")
nft("add chain inet demo in { type filter hook input priority 0; }")
nft("add chain inet demo copy")
nft("add rule inet demo in tcp dport 22 ct state new counter accept")

local s = assert(netlink.open("netfilter", ns))
local rule = assert(nfnl.rules(s))[1]
local lines = nfnl.rule_lines(rule)
print("the rule nft wrote, as nlsh reads it:")
for _, l in ipairs(lines) do print("  " .. l) end

-- nft's own print of the same bytecode (libnftnl), for comparison
local theirs = {}
for l in nft("--debug=netlink", "list", "chain", "inet", "demo", "in"):gmatch("  (%[[^\n]*%])") do
  theirs[#theirs + 1] = l
end
print("same as nft --debug=netlink: " .. tostring(table.concat(theirs, "\n") == table.concat(lines, "\n")))

-- the fields behind one line, decoded by nlsh's nf_tables description
local cmp = rule.exprs[4]
local port = cmp.attrs.data.value -- cmp.data: the same bytes
print(string.format("%s: sreg %d, op %s, data %d bytes %02x %02x (port %d)", cmp.name, cmp.sreg, cmp.op,
  #port, port:byte(1), port:byte(2), port:byte(1) * 256 + port:byte(2)))

-- a rule assembled from the lines, with the verdict changed by hand
lines[#lines] = "[ immediate reg 0 drop ]"
assert(nfnl.rule_add(s, {family = "inet", table = "demo", chain = "copy", expr = lines}))
print("nft lists the rule nlsh assembled:")
print((nft("list", "chain", "inet", "demo", "copy"):match("\n\t\t([^\n]+)")))

-- a line that does not read names the line and the token
print(select(2, pcall(nfnl.rule_add, s, {family = "inet", table = "demo", chain = "copy",
  expr = {"[ meta load l4proto => reg 1 ]", "[ cmp eq reg 1 0x6 ]"}})))
s:close()
