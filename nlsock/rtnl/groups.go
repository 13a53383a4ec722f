//go:build linux

package rtnl

import "strings"

// Multicast groups (RTNLGRP_*), the numbers sock:join takes.
const (
	RTNLGRP_NONE uint32 = iota
	RTNLGRP_LINK
	RTNLGRP_NOTIFY
	RTNLGRP_NEIGH
	RTNLGRP_TC
	RTNLGRP_IPV4_IFADDR
	RTNLGRP_IPV4_MROUTE
	RTNLGRP_IPV4_ROUTE
	RTNLGRP_IPV4_RULE
	RTNLGRP_IPV6_IFADDR
	RTNLGRP_IPV6_MROUTE
	RTNLGRP_IPV6_ROUTE
	RTNLGRP_IPV6_IFINFO
	RTNLGRP_DECnet_IFADDR
	RTNLGRP_NOP2
	RTNLGRP_DECnet_ROUTE
	RTNLGRP_DECnet_RULE
	RTNLGRP_NOP4
	RTNLGRP_IPV6_PREFIX
	RTNLGRP_IPV6_RULE
	RTNLGRP_ND_USEROPT
	RTNLGRP_PHONET_IFADDR
	RTNLGRP_PHONET_ROUTE
	RTNLGRP_DCB
	RTNLGRP_IPV4_NETCONF
	RTNLGRP_IPV6_NETCONF
	RTNLGRP_MDB
	RTNLGRP_MPLS_ROUTE
	RTNLGRP_NSID
	RTNLGRP_MPLS_NETCONF
	RTNLGRP_IPV4_MROUTE_R
	RTNLGRP_IPV6_MROUTE_R
	RTNLGRP_NEXTHOP
	RTNLGRP_BRVLAN
	RTNLGRP_MCTP_IFADDR
	RTNLGRP_TUNNEL
	RTNLGRP_STATS
	RTNLGRP_IPV4_MCADDR
	RTNLGRP_IPV6_MCADDR
	RTNLGRP_IPV6_ACADDR
)

// groupNames holds the kernel names without the RTNLGRP_ prefix, indexed by
// group number.
var groupNames = [...]string{
	"NONE", "LINK", "NOTIFY", "NEIGH", "TC", "IPV4_IFADDR", "IPV4_MROUTE", "IPV4_ROUTE",
	"IPV4_RULE", "IPV6_IFADDR", "IPV6_MROUTE", "IPV6_ROUTE", "IPV6_IFINFO", "DECnet_IFADDR",
	"NOP2", "DECnet_ROUTE", "DECnet_RULE", "NOP4", "IPV6_PREFIX", "IPV6_RULE", "ND_USEROPT",
	"PHONET_IFADDR", "PHONET_ROUTE", "DCB", "IPV4_NETCONF", "IPV6_NETCONF", "MDB", "MPLS_ROUTE",
	"NSID", "MPLS_NETCONF", "IPV4_MROUTE_R", "IPV6_MROUTE_R", "NEXTHOP", "BRVLAN", "MCTP_IFADDR",
	"TUNNEL", "STATS", "IPV4_MCADDR", "IPV6_MCADDR", "IPV6_ACADDR",
}

// groupSets are the names ip monitor takes for several groups at once.
var groupSets = lazy[map[string][]uint32]{build: func() map[string][]uint32 {
	return map[string][]uint32{
		"address": {RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR},
		"route":   {RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_MROUTE, RTNLGRP_MPLS_ROUTE},
		"mroute":  {RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV6_MROUTE},
		"rule":    {RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE},
		"netconf": {RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_NETCONF},
		"prefix":  {RTNLGRP_IPV6_PREFIX},
		"all": {RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE,
			RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_MROUTE, RTNLGRP_MPLS_ROUTE,
			RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, RTNLGRP_IPV6_PREFIX, RTNLGRP_IPV4_NETCONF,
			RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_NETCONF, RTNLGRP_NSID, RTNLGRP_NEXTHOP},
	}
}}

// GroupName returns the short name of group g ("link", "ipv4-ifaddr"), or ""
// if rtnetlink has no such group.
func GroupName(g uint32) string {
	names := groupShortNames.get()
	if g >= uint32(len(names)) {
		return ""
	}
	return names[g]
}

// groupShortNames are GroupName's answers, made once, on first use: a
// monitor names the group of every event it prints.
var groupShortNames = lazy[[]string]{build: func() []string {
	names := make([]string, len(groupNames))
	for g := 1; g < len(groupNames); g++ {
		names[g] = strings.ReplaceAll(strings.ToLower(groupNames[g]), "_", "-")
	}
	return names
}}

// ParseGroup resolves a group name to its numbers: a kernel name in lower
// case without the prefix ("ipv6-route"; "_" is accepted for "-"), the full
// constant name ("RTNLGRP_LINK"), or a set name of ip monitor ("address",
// "route", "rule", "mroute", "netconf", "prefix", "all").
func ParseGroup(name string) ([]uint32, bool) {
	if set, ok := groupSets.get()[name]; ok {
		return append([]uint32(nil), set...), true
	}
	n := strings.TrimPrefix(strings.ToUpper(strings.ReplaceAll(name, "-", "_")), "RTNLGRP_")
	for i := 1; i < len(groupNames); i++ {
		if strings.ToUpper(groupNames[i]) == n {
			return []uint32{uint32(i)}, true
		}
	}
	return nil, false
}

// GroupSetNames lists the set names ParseGroup accepts besides single groups.
func GroupSetNames() []string {
	return []string{"address", "all", "mroute", "netconf", "prefix", "route", "rule"}
}
