// Package rtnl is nlsh's rtnl Lua module: NETLINK_ROUTE links, addresses,
// routes, neighbours, rules, nexthops, netconf and tc, as object tables
// (lazy and compact tables for big dumps, rtnl.each for streaming), the
// changes that make them, and the body decoder of every route message. It
// plugs into luabind through Module; package mods opens it.
package rtnl
