// Package nfnl is nlsh's nfnl Lua module: nf_tables ruleset dumps and
// batched changes, conntrack, and the body decoder and group names of
// NETLINK_NETFILTER. It plugs into luabind through Module.
package nfnl
