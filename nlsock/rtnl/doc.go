// Package rtnl knows rtnetlink (NETLINK_ROUTE): its constants and their
// names, decoders for links, addresses, routes, neighbours and rules, request
// builders, and convenience functions that run them on an *nlsock.Socket.
//
// # Decoding
//
// Decoders are pure functions from a message payload (the bytes after the
// 16-byte nlmsghdr) to a typed value. They never panic. Named fields are
// decoded eagerly; every attribute, known or not, stays available in the
// value's Raw bytes (see Attrs and Unknown), so nothing the kernel sent is
// dropped. Decoded values alias the payload they were decoded from (Raw,
// hardware addresses, nested data): copy the payload first if its buffer is
// reused. Strings are copied.
//
// The attributes' numbers, types and uapi names are not written here: they
// come from nlsh's built-in descriptions (nlsock/ynl/builtin/descriptions/
// rt-link.yaml, rt-addr, rt-route, rt-neigh, rt-rule), which also serve
// ynl.family, explain and the monitor. Each typed decoder is a table of
// ynl.Field bindings from an attribute's name to a setter of its field,
// which ynl.Table indexes by the number the description gives; requests
// name attributes the same way and ynl's encoder numbers them. AttrName,
// AttrType, MetricName and Constants read the descriptions too, and the
// length a decoder requires of an attribute is ynl's one rule for its type
// (Attr.LengthProblem, which explain shows).
//
// # Fields
//
// An object's binding also says how to read its field back (LinkFields,
// AddrFields, NeighFields, RuleFields, RouteFields): its
// name as Lua tables and JSON show it (the description's, '-' made '_',
// unless renamed: ifindex, alias), an older alias, a getter giving a Value
// without allocating, and whether requests take it as an Option (mtu,
// txqlen, alias: LinkSpec.Options, LinkChange.Options, typed by the
// description). Every consumer reads that list — luabind's tables, eager
// (the first LinkSummary) and lazy, the options of link_add and link_set,
// nlsh monitor's text (LinkText) and JSON, the REPL's table view
// (LinkColumns) — so an attribute is named in its description and in its
// one binding in link.go, addr.go, neigh.go, rule.go or route.go. The
// lists, and the decoding tables made from the same bindings, are built
// the first time their kind is used (objectKind), not at package init,
// which every nlsh process would pay. What is
// ip's presentation rather than a field stays with its consumer: a route's
// "default" and its text (via, oif, proto), a rule's text (from, to), a
// neighbour's states in its text (REACHABLE,ROUTER). Requests other than
// link_add and link_set keep their typed specs (RouteSpec, RuleSpec,
// NeighSpec).
//
// An attribute whose length does not match its type (a 2-byte IFLA_MTU) is
// not decoded into its field; it remains in Raw (Attrs lists it) and is
// listed in the value's Malformed. Unknown lists the attributes of types
// that have no field.
// A malformed attribute region (a length running past the end) stops
// decoding: the value decoded so far is returned with an error.
//
// # Traffic control
//
// Qdiscs, classes and filters (Qdiscs, Classes, Filters, DecodeTC,
// TCRequest) are decoded and encoded by nlsh's tc description
// (nlsock/ynl/builtin/descriptions/tc.yaml) through package ynl, not by
// code here: a TC carries the decoded attributes by the description's
// names, and this package adds what the description cannot say (handles as
// tc writes them, a filter's preference and protocol, u32's keys).
//
// # Names
//
// Names follow what iproute2 prints: flags "UP", "LOWER_UP"; operstate "UP";
// route tables "main", "local"; protocols "kernel", "boot"; scopes "link",
// "host"; families "inet", "inet6". Multicast groups use the kernel's
// RTNLGRP_ name in lower case without the prefix ("ipv4-ifaddr"), plus the
// set names of ip monitor ("address", "route", "rule").
//
// # Speed
//
// Decoding a link costs about 260 ns and one allocation (its name) on an
// idle machine, a route about 40 ns; see BenchmarkDecodeLinks and
// BenchmarkDecodeRoutes. The tables are built on first use from the
// descriptions' compiled form (well under a millisecond; see
// builtin.Sets), never at start-up. Dumps through Links and friends are dominated by the
// kernel's own work.
//
// # Network namespaces and concurrency
//
// The convenience functions (Links, LinkAdd, ...) act in the namespace of the
// socket they are given and are as safe for concurrent use as that socket.
// Nothing in this package holds mutable package state.
package rtnl
