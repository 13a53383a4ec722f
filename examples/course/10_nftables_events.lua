-- Lesson 10: nf_tables events.
--
-- nf_tables (what the nft command drives) speaks NETLINK_NETFILTER (12).
-- Its message type is (subsystem << 8) | command: NFNL_SUBSYS_NFTABLES (10)
-- << 8 | NFT_MSG_NEWTABLE (0) = 2560. After nlmsghdr comes a 4-byte
-- nfgenmsg (family, version, res_id), and attributes in network byte
-- order. Changes go in batches (NFNL_MSG_BATCH_BEGIN ... END) that commit
-- atomically; every committed batch is announced to group NFNLGRP_NFTABLES
-- (7) as the changed objects, then NFT_MSG_NEWGEN (the new generation).

local ns = assert(netns.new())
local watcher = assert(netlink.open("netfilter", ns))
assert(watcher:join("nftables"))
local sock = assert(netlink.open("netfilter", ns))

assert(nfnl.add_table(sock, "inet", "lesson"))
assert(nfnl.add_chain(sock, "inet", {table = "lesson", name = "input", hook = "input", prio = 0, policy = "accept"}))

for _ = 1, 4 do
  local m = assert(watcher:recv(2))
  local b = m.body or {}
  print(("%s type=%d %s"):format(m.name, m.type, b.name or b.id or ""))
end

-- The same from `nft`, if it is installed: it reads the ruleset through
-- the same netlink messages.
local ok, out = netns.exec(ns, {"nft", "list", "tables"})
if ok then io.write("nft list tables: ", out) end
-- Deleting the table deletes its chain first: two objects, one batch.
assert(nfnl.del_table(sock, "inet", "lesson"))
repeat
  local m = assert(watcher:recv(2))
  print(("%s %s"):format(m.name, m.body.name or m.body.id))
until m.name == "NFT_MSG_NEWGEN"
-- expect: NFT_MSG_NEWTABLE type=2560 lesson
-- expect: NFT_MSG_NEWGEN
-- expect: NFT_MSG_NEWCHAIN
-- expect: NFT_MSG_DELCHAIN input
-- expect: NFT_MSG_DELTABLE lesson
