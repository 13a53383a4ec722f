// Package conntrack reads and flushes the kernel's connection tracking
// table over nfnetlink (NFNL_SUBSYS_CTNETLINK). It has no decoder of its
// own: the messages are described by nlsh's built-in YNL description
// "conntrack" (nlsock/ynl/builtin/descriptions/conntrack.yaml) and decoded
// and encoded by the ynl engine; Object only renames the decoded values
// into the fields conntrack(8) shows (tuples with src, dst, sport, dport,
// TCP state names, status flags, counters).
//
// Entries exist only in a namespace where something uses conntrack: an
// nf_tables rule that matches ct state, NAT, or iptables' state match.
// Counters (counters.orig.packets, ...) are there only with the sysctl
// net.netfilter.nf_conntrack_acct = 1.
//
// The functions act in the namespace of the NETLINK_NETFILTER socket they
// are given and are as safe for concurrent use as that socket.
package conntrack
