package rtnl

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

func TestConstantsMatchUnix(t *testing.T) {
	pairs := []struct {
		name      string
		got, want int
	}{
		{"RTM_NEWLINK", int(RTM_NEWLINK), unix.RTM_NEWLINK},
		{"RTM_GETRULE", int(RTM_GETRULE), unix.RTM_GETRULE},
		{"RTM_NEWNSID", int(RTM_NEWNSID), unix.RTM_NEWNSID},
		{"RTM_NEWNEXTHOP", int(RTM_NEWNEXTHOP), unix.RTM_NEWNEXTHOP},
		{"RTM_NEWTUNNEL", int(RTM_NEWTUNNEL), unix.RTM_NEWTUNNEL},
		{"RTNLGRP_NSID", int(RTNLGRP_NSID), unix.RTNLGRP_NSID},
		{"RTNLGRP_IPV6_ACADDR", int(RTNLGRP_IPV6_ACADDR), unix.RTNLGRP_IPV6_ACADDR},
		{"RTNLGRP_IPV6_RULE", int(RTNLGRP_IPV6_RULE), unix.RTNLGRP_IPV6_RULE},
		{"IFLA_IFNAME", int(IFLA_IFNAME), unix.IFLA_IFNAME},
		{"IFLA_LINKINFO", int(IFLA_LINKINFO), unix.IFLA_LINKINFO},
		{"IFLA_STATS64", int(IFLA_STATS64), unix.IFLA_STATS64},
		{"IFLA_LINK_NETNSID", int(IFLA_LINK_NETNSID), unix.IFLA_LINK_NETNSID},
		{"IFLA_PROP_LIST", int(IFLA_PROP_LIST), unix.IFLA_PROP_LIST},
		{"IFLA_ALT_IFNAME", int(IFLA_ALT_IFNAME), unix.IFLA_ALT_IFNAME},
		{"IFLA_PERM_ADDRESS", int(IFLA_PERM_ADDRESS), unix.IFLA_PERM_ADDRESS},
		{"IFLA_DPLL_PIN", int(IFLA_DPLL_PIN), unix.IFLA_DPLL_PIN},
		{"IFLA_INFO_SLAVE_DATA", int(IFLA_INFO_SLAVE_DATA), unix.IFLA_INFO_SLAVE_DATA},
		{"IFA_FLAGS", int(IFA_FLAGS), unix.IFA_FLAGS},
		{"IFA_RT_PRIORITY", int(IFA_RT_PRIORITY), unix.IFA_RT_PRIORITY},
		{"RTA_TABLE", int(RTA_TABLE), unix.RTA_TABLE},
		{"RTA_PREF", int(RTA_PREF), unix.RTA_PREF},
		{"RTAX_CC_ALGO", int(RTAX_CC_ALGO), unix.RTAX_CC_ALGO},
		{"NDA_MASTER", int(NDA_MASTER), unix.NDA_MASTER},
		{"FRA_TABLE", int(FRA_TABLE), unix.FRA_TABLE},
		{"FRA_DPORT_RANGE", int(FRA_DPORT_RANGE), unix.FRA_DPORT_RANGE},
		{"IFF_LOWER_UP", int(IFF_LOWER_UP), unix.IFF_LOWER_UP},
		{"NUD_PERMANENT", int(NUD_PERMANENT), unix.NUD_PERMANENT},
		{"AF_INET6", int(AF_INET6), unix.AF_INET6},
		{"RTN_THROW", int(RTN_THROW), unix.RTN_THROW},
		{"RT_TABLE_LOCAL", int(RT_TABLE_LOCAL), unix.RT_TABLE_LOCAL},
		{"RTPROT_STATIC", int(RTPROT_STATIC), unix.RTPROT_STATIC},
		{"RTM_F_CLONED", int(RTM_F_CLONED), unix.RTM_F_CLONED},
		{"IFA_F_NOPREFIXROUTE", int(IFA_F_NOPREFIXROUTE), unix.IFA_F_NOPREFIXROUTE},
	}
	for _, p := range pairs {
		if p.got != p.want {
			t.Errorf("%s = %d, unix has %d", p.name, p.got, p.want)
		}
	}
}

func TestConstantsListed(t *testing.T) {
	byName := map[string]uint32{}
	for _, c := range Constants() {
		if old, dup := byName[c.Name]; dup && old != c.Value {
			t.Errorf("%s listed as %d and %d", c.Name, old, c.Value)
		}
		byName[c.Name] = c.Value
	}
	want := map[string]uint32{
		"RTM_NEWLINK": 16, "RTNLGRP_LINK": 1, "RTNLGRP_IPV4_IFADDR": 5, "IFLA_MTU": 4,
		"IFLA_INFO_KIND": 1, "IFA_LOCAL": 2, "RTA_GATEWAY": 5, "RTAX_MTU": 2, "NDA_LLADDR": 2,
		"FRA_PRIORITY": 6, "IFF_UP": 1, "NUD_PERMANENT": 0x80, "RT_TABLE_MAIN": 254,
		"RT_SCOPE_LINK": 253, "RTN_UNICAST": 1, "RTN_UNSPEC": 0, "RTPROT_BOOT": 3, "AF_INET6": 10,
		"NTF_SELF": 2, "IFLA_TAILROOM": uint32(IFLA_TAILROOM),
		"IFLA_UNSPEC": 0, "RTA_UNSPEC": 0, "IFA_UNSPEC": 0, "IFLA_INFO_UNSPEC": 0, "VETH_INFO_PEER": 1,
	}
	for n, v := range want {
		if got, ok := byName[n]; !ok || got != v {
			t.Errorf("Constants()[%s] = %d, %v; want %d", n, got, ok, v)
		}
	}
}

func TestGroups(t *testing.T) {
	tests := []struct {
		name string
		want []uint32
	}{
		{"link", []uint32{RTNLGRP_LINK}},
		{"ipv4-ifaddr", []uint32{RTNLGRP_IPV4_IFADDR}},
		{"ipv4_ifaddr", []uint32{RTNLGRP_IPV4_IFADDR}},
		{"RTNLGRP_IPV6_ROUTE", []uint32{RTNLGRP_IPV6_ROUTE}},
		{"nsid", []uint32{RTNLGRP_NSID}},
		{"decnet-route", []uint32{RTNLGRP_DECnet_ROUTE}},
		{"address", []uint32{RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR}},
		{"rule", []uint32{RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE}},
		{"route", []uint32{RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_MROUTE, RTNLGRP_MPLS_ROUTE}},
		{"nope", nil},
		{"none", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseGroup(tt.name)
			if ok != (tt.want != nil) {
				t.Fatalf("ParseGroup(%q) ok = %v", tt.name, ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseGroup(%q) (-want +got):\n%s", tt.name, diff)
			}
		})
	}
	for g := uint32(1); g <= RTNLGRP_IPV6_ACADDR; g++ {
		got, ok := ParseGroup(GroupName(g))
		if !ok || !slices.Equal(got, []uint32{g}) {
			t.Errorf("ParseGroup(GroupName(%d) = %q) = %v, %v", g, GroupName(g), got, ok)
		}
	}
	if GroupName(0) != "" || GroupName(1000) != "" {
		t.Error("GroupName names groups that do not exist")
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"ipv4-ifaddr", GroupName(RTNLGRP_IPV4_IFADDR), "ipv4-ifaddr"},
		{"RTM_NEWROUTE", MessageTypeName(24), "RTM_NEWROUTE"},
		{"unknown type", MessageTypeName(23), ""},
		{"IFLA_MTU", AttrName(RTM_NEWLINK, 4), "IFLA_MTU"},
		{"RTA_TABLE", AttrName(RTM_DELROUTE, 15), "RTA_TABLE"},
		{"FRA_PRIORITY", AttrName(RTM_NEWRULE, 6), "FRA_PRIORITY"},
		{"attr out of range", AttrName(RTM_NEWNEIGH, 999), ""},
		{"table main", TableName(254), "main"},
		{"table 100", TableName(100), "100"},
		{"proto kernel", ProtocolName(2), "kernel"},
		{"proto 77", ProtocolName(77), "77"},
		{"scope link", ScopeName(253), "link"},
		{"type unicast", RouteTypeName(1), "unicast"},
		{"oper up", OperStateName(IF_OPER_UP), "UP"},
		{"link type", LinkTypeName(1), "ether"},
		{"loopback", LinkTypeName(772), "loopback"},
		{"family", FamilyName(AF_INET6), "inet6"},
		{"action", RuleActionName(FR_ACT_TO_TBL), "lookup"},
		{"pref", RoutePrefName(1), "high"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	flags := LinkFlagNames(nil, IFF_UP|IFF_BROADCAST|IFF_MULTICAST|IFF_LOWER_UP|IFF_RUNNING|0x80000000)
	if diff := cmp.Diff([]string{"BROADCAST", "MULTICAST", "UP", "RUNNING", "LOWER_UP", "0x80000000"}, flags); diff != "" {
		t.Errorf("LinkFlagNames (-want +got):\n%s", diff)
	}
	if got := AddrFlagNames(nil, AF_INET6, IFA_F_TEMPORARY|IFA_F_PERMANENT); !slices.Equal(got, []string{"temporary", "permanent"}) {
		t.Errorf("AddrFlagNames inet6 = %v", got)
	}
	if got := AddrFlagNames(nil, AF_INET, IFA_F_SECONDARY); !slices.Equal(got, []string{"secondary"}) {
		t.Errorf("AddrFlagNames inet = %v", got)
	}
	if got := NeighStateNames(nil, NUD_PERMANENT); !slices.Equal(got, []string{"PERMANENT"}) {
		t.Errorf("NeighStateNames = %v", got)
	}
	for _, s := range []string{"main", "local", "default", "100"} {
		if v, ok := ParseTable(s); !ok || TableName(v) != s {
			t.Errorf("ParseTable(%q) = %d, %v", s, v, ok)
		}
	}
	if v, ok := ParseScope("universe"); !ok || v != 0 {
		t.Errorf("ParseScope(universe) = %d, %v", v, ok)
	}
	if v, ok := ParseNeighState("permanent"); !ok || v != NUD_PERMANENT {
		t.Errorf("ParseNeighState = %d, %v", v, ok)
	}
}

// The constants nlsh's code names are the descriptions' values: the
// descriptions are the one model of rtnetlink's enums and flags, and
// every table names entries its description has.
func TestConstantsDescribed(t *testing.T) {
	for _, c := range []struct {
		family, enum, entry string
		value               uint64
	}{
		{"rt-link", "ifinfo-flags", "up", uint64(IFF_UP)},
		{"rt-link", "ifinfo-flags", "broadcast", uint64(IFF_BROADCAST)},
		{"rt-link", "ifinfo-flags", "loopback", uint64(IFF_LOOPBACK)},
		{"rt-link", "ifinfo-flags", "running", uint64(IFF_RUNNING)},
		{"rt-link", "ifinfo-flags", "multicast", uint64(IFF_MULTICAST)},
		{"rt-link", "ifinfo-flags", "lower-up", uint64(IFF_LOWER_UP)},
		{"rt-link", "if-oper", "up", uint64(IF_OPER_UP)},
		{"rt-route", "rt-table", "unspec", uint64(RT_TABLE_UNSPEC)},
		{"rt-route", "rt-table", "compat", uint64(RT_TABLE_COMPAT)},
		{"rt-route", "rt-table", "default", uint64(RT_TABLE_DEFAULT)},
		{"rt-route", "rt-table", "main", uint64(RT_TABLE_MAIN)},
		{"rt-route", "rt-table", "local", uint64(RT_TABLE_LOCAL)},
		{"rt-route", "rt-protocol", "boot", uint64(RTPROT_BOOT)},
		{"rt-route", "rt-protocol", "static", uint64(RTPROT_STATIC)},
		{"rt-route", "rt-scope", "universe", uint64(RT_SCOPE_UNIVERSE)},
		{"rt-route", "rt-scope", "link", uint64(RT_SCOPE_LINK)},
		{"rt-route", "rt-scope", "host", uint64(RT_SCOPE_HOST)},
		{"rt-route", "rt-scope", "nowhere", uint64(RT_SCOPE_NOWHERE)},
		{"rt-route", "rtm-type", "unspec", uint64(RTN_UNSPEC)},
		{"rt-route", "rtm-type", "unicast", uint64(RTN_UNICAST)},
		{"rt-route", "rtm-type", "local", uint64(RTN_LOCAL)},
		{"rt-route", "rtm-type", "blackhole", uint64(RTN_BLACKHOLE)},
		{"rt-route", "rtm-type", "throw", uint64(RTN_THROW)},
		{"rt-route", "rtm-flags", "onlink", uint64(RTNH_F_ONLINK)},
		{"rt-route", "rtm-flags", "cloned", uint64(RTM_F_CLONED)},
		{"rt-addr", "ifa-flags", "secondary", uint64(IFA_F_SECONDARY)},
		{"rt-addr", "ifa-flags", "secondary", uint64(IFA_F_TEMPORARY)},
		{"rt-addr", "ifa-flags", "dadfailed", uint64(IFA_F_DADFAILED)},
		{"rt-addr", "ifa-flags", "tentative", uint64(IFA_F_TENTATIVE)},
		{"rt-addr", "ifa-flags", "permanent", uint64(IFA_F_PERMANENT)},
		{"rt-addr", "ifa-flags", "noprefixroute", uint64(IFA_F_NOPREFIXROUTE)},
		{"rt-neigh", "nud-state", "noarp", uint64(NUD_NOARP)},
		{"rt-neigh", "nud-state", "permanent", uint64(NUD_PERMANENT)},
		{"rt-neigh", "ntf-flags", "self", uint64(NTF_SELF)},
		{"rt-neigh", "ntf-flags", "proxy", uint64(NTF_PROXY)},
		{"rt-neigh", "ntf-flags", "router", uint64(NTF_ROUTER)},
		{"rt-rule", "fr-act", "to-tbl", uint64(FR_ACT_TO_TBL)},
		{"rt-rule", "fib-rule-flags", "invert", uint64(FIB_RULE_INVERT)},
	} {
		if v, ok := builtin.MustEnum(c.family, c.enum).Lookup(c.entry); !ok || v != c.value {
			t.Errorf("%s %s %s = %d, %v; the constant is %d", c.family, c.enum, c.entry, v, ok, c.value)
		}
	}
	// building each table looks up its named entries (a missing one panics)
	linkFlags.get()
	routeFlags.get()
}

// The tables spell the descriptions' entries as ip prints them, with the
// descriptions' values: checked against unix's constants, which come
// from the kernel headers independently of both.
func TestNameTablesMatchUnix(t *testing.T) {
	for _, c := range []struct {
		got  []string
		want string
	}{
		{LinkFlagNames(nil, unix.IFF_POINTOPOINT), "POINTOPOINT"},
		{LinkFlagNames(nil, unix.IFF_ECHO), "ECHO"},
		{LinkFlagNames(nil, unix.IFF_NOARP), "NOARP"},
		{RouteFlagNames(nil, unix.RTM_F_OFFLOAD_FAILED), "rt_offload_failed"},
		{RouteFlagNames(nil, unix.RTM_F_FIB_MATCH), "fib_match"},
		{RouteFlagNames(nil, unix.RTNH_F_UNRESOLVED), "unresolved"},
		{RouteFlagNames(nil, unix.RTM_F_TRAP), "rt_trap"},
		{AddrFlagNames(nil, AF_INET, unix.IFA_F_STABLE_PRIVACY), "stable-privacy"},
		{AddrFlagNames(nil, AF_INET, unix.IFA_F_MANAGETEMPADDR), "mngtmpaddr"},
		{NeighStateNames(nil, unix.NUD_INCOMPLETE), "INCOMPLETE"},
		{NeighFlagNames(nil, unix.NTF_EXT_LEARNED), "extern_learn"},
		{RuleFlagNames(nil, unix.FIB_RULE_OIF_DETACHED), "oif_detached"},
		{[]string{RuleActionName(unix.FR_ACT_PROHIBIT)}, "prohibit"},
		{[]string{RouteTypeName(unix.RTN_XRESOLVE)}, "xresolve"},
		{[]string{ProtocolName(unix.RTPROT_BABEL)}, "babel"},
		{[]string{ScopeName(unix.RT_SCOPE_UNIVERSE)}, "global"},
		{[]string{TableName(unix.RT_TABLE_COMPAT)}, "252"},
		{[]string{OperStateName(3)}, "LOWERLAYERDOWN"},
		{[]string{LinkModeName(1)}, "DORMANT"},
	} {
		if !slices.Equal(c.got, []string{c.want}) {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
