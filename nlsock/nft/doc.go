// Package nft speaks nf_tables over NETLINK_NETFILTER: the nfgenmsg header,
// message types (subsystem NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_*), decoding
// of tables, chains, rules (with their expressions) and sets — from dumps and
// from NFNLGRP_NFTABLES events alike — and the batches
// (NFNL_MSG_BATCH_BEGIN … NFNL_MSG_BATCH_END) through which nf_tables
// accepts every change.
//
// Tables, chains, rules, sets, elements and generations are decoded into
// typed structs through ynl typed tables over nlsh's own description of
// nf_tables (nlsock/ynl/builtin, nft.yaml): Go binds attribute names to
// fields, the numbers, lengths and uapi names come from the description,
// and batches name the attributes they write. Rule expressions are
// decoded by the same description (the data of an expression is a
// sub-message chosen by its name); objects and flowtables have no struct
// here and decode through ynl (ynl.family("nft") in Lua). RuleLines prints them
// as libnftnl does for `nft --debug=netlink` ("[ cmp eq reg 1 0x00000006
// ]"); ParseRuleLines reads those lines back, by the same layouts
// (layout.go), into expressions for Batch.AddRule: bytecode by hand.
//
// Integers in nf_tables attributes are big-endian (network byte order),
// unlike most netlink families. Decoders never panic: unknown attributes are
// kept with their type number, an attribute of a wrong length is left out
// and named in the error ("NFTA_TABLE_HANDLE: 1 byte, want 8"), and
// malformed bytes yield what was decoded so far plus an error naming the
// offset.
//
// # Network namespaces
//
// nf_tables state is per network namespace: a socket sees and changes the
// ruleset of the namespace it was opened in.
//
// # Concurrency
//
// Dumps go through Socket.Request and are as safe as it is. Apply sends a
// batch and reads its acknowledgements with Socket.Receive, so a socket must
// not run two Apply calls at once. Events are never lost to Apply: on a
// socket that joined groups it uses a private socket in the same namespace.
package nft
