//go:build linux

package rtnl

import (
	"sort"
	"strconv"
)

// Flag is one named bit of a flags field.
type Flag struct {
	Bit  uint32
	Name string
}

// appendFlagNames appends the names of the bits set in v, in table order,
// and "0x.." for bits the table does not name.
func appendFlagNames(dst []string, table []Flag, v uint32) []string {
	for _, f := range table {
		if v&f.Bit != 0 {
			dst = append(dst, f.Name)
			v &^= f.Bit
		}
	}
	if v != 0 {
		dst = append(dst, "0x"+strconv.FormatUint(uint64(v), 16))
	}
	return dst
}

func flagValue(table []Flag, name string) (uint32, bool) {
	for _, f := range table {
		if f.Name == name {
			return f.Bit, true
		}
	}
	return 0, false
}

// Interface flags (IFF_*), in struct ifinfomsg's ifi_flags.
const (
	IFF_UP          uint32 = 0x1
	IFF_BROADCAST   uint32 = 0x2
	IFF_DEBUG       uint32 = 0x4
	IFF_LOOPBACK    uint32 = 0x8
	IFF_POINTOPOINT uint32 = 0x10
	IFF_NOTRAILERS  uint32 = 0x20
	IFF_RUNNING     uint32 = 0x40
	IFF_NOARP       uint32 = 0x80
	IFF_PROMISC     uint32 = 0x100
	IFF_ALLMULTI    uint32 = 0x200
	IFF_MASTER      uint32 = 0x400
	IFF_SLAVE       uint32 = 0x800
	IFF_MULTICAST   uint32 = 0x1000
	IFF_PORTSEL     uint32 = 0x2000
	IFF_AUTOMEDIA   uint32 = 0x4000
	IFF_DYNAMIC     uint32 = 0x8000
	IFF_LOWER_UP    uint32 = 0x10000
	IFF_DORMANT     uint32 = 0x20000
	IFF_ECHO        uint32 = 0x40000
)

// LinkFlags lists the interface flags in the order ip link prints them
// (RUNNING, which ip hides, follows UP).
var linkFlags = []Flag{
	{IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"}, {IFF_POINTOPOINT, "POINTOPOINT"},
	{IFF_MULTICAST, "MULTICAST"}, {IFF_NOARP, "NOARP"}, {IFF_ALLMULTI, "ALLMULTI"},
	{IFF_PROMISC, "PROMISC"}, {IFF_NOTRAILERS, "NOTRAILERS"}, {IFF_DEBUG, "DEBUG"},
	{IFF_DYNAMIC, "DYNAMIC"}, {IFF_AUTOMEDIA, "AUTOMEDIA"}, {IFF_PORTSEL, "PORTSEL"},
	{IFF_MASTER, "MASTER"}, {IFF_SLAVE, "SLAVE"}, {IFF_UP, "UP"}, {IFF_RUNNING, "RUNNING"},
	{IFF_LOWER_UP, "LOWER_UP"}, {IFF_DORMANT, "DORMANT"}, {IFF_ECHO, "ECHO"},
}

// LinkFlagTable returns the interface flags with their names, in the order
// LinkFlagNames uses.
func LinkFlagTable() []Flag { return append([]Flag(nil), linkFlags...) }

// LinkFlagNames appends the names of the interface flags set in flags
// ("BROADCAST", "MULTICAST", "UP", "LOWER_UP") to dst.
func LinkFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, linkFlags, flags)
}

// ParseLinkFlag returns the bit of an interface flag name ("UP").
func ParseLinkFlag(name string) (uint32, bool) { return flagValue(linkFlags, name) }

// Operational states (IF_OPER_*), IFLA_OPERSTATE.
const (
	IF_OPER_UNKNOWN uint8 = iota
	IF_OPER_NOTPRESENT
	IF_OPER_DOWN
	IF_OPER_LOWERLAYERDOWN
	IF_OPER_TESTING
	IF_OPER_DORMANT
	IF_OPER_UP
)

var operStates = [...]string{"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"}

// OperStateName returns "UP", "DOWN", ... as ip prints them, or "" if unknown.
func OperStateName(s uint8) string {
	if int(s) < len(operStates) {
		return operStates[s]
	}
	return ""
}

// Address families as rtnetlink uses them.
const (
	AF_UNSPEC uint8 = 0
	AF_INET   uint8 = 2
	AF_BRIDGE uint8 = 7
	AF_INET6  uint8 = 10
	AF_PACKET uint8 = 17
	AF_MPLS   uint8 = 28
	// RTNL_FAMILY_IPMR and RTNL_FAMILY_IP6MR carry multicast routes.
	RTNL_FAMILY_IPMR  uint8 = 128
	RTNL_FAMILY_IP6MR uint8 = 129
)

var familyNames = map[uint8]string{
	AF_UNSPEC: "unspec", AF_INET: "inet", AF_BRIDGE: "bridge", AF_INET6: "inet6",
	AF_PACKET: "link", AF_MPLS: "mpls", RTNL_FAMILY_IPMR: "ipmr", RTNL_FAMILY_IP6MR: "ip6mr",
}

// FamilyName returns "inet", "inet6", "bridge", ... or "" if unknown.
func FamilyName(f uint8) string { return familyNames[f] }

// FamilyNames lists the names ParseFamily knows, by family number.
func FamilyNames() []string {
	fams := make([]int, 0, len(familyNames))
	for f := range familyNames {
		fams = append(fams, int(f))
	}
	sort.Ints(fams)
	names := make([]string, len(fams))
	for i, f := range fams {
		names[i] = familyNames[uint8(f)]
	}
	return names
}

// ParseFamily returns the family of a name FamilyName returns.
func ParseFamily(name string) (uint8, bool) { return lookupName(familyNames, name) }

func lookupName[K comparable](m map[K]string, name string) (K, bool) {
	for k, v := range m {
		if v == name {
			return k, true
		}
	}
	var zero K
	return zero, false
}

// nameOrNumber returns m's name for v, or v in decimal: the Name functions
// of the number-keyed tables below.
func nameOrNumber[K uint8 | uint32](m map[K]string, v K) string {
	if n, ok := m[v]; ok {
		return n
	}
	return strconv.FormatUint(uint64(v), 10)
}

// parseNameOrNumber accepts a name of m or a number that fits in bits: the
// Parse functions of the number-keyed tables below.
func parseNameOrNumber[K uint8 | uint32](m map[K]string, s string, bits int) (K, bool) {
	if v, ok := lookupName(m, s); ok {
		return v, true
	}
	n, err := strconv.ParseUint(s, 0, bits)
	return K(n), err == nil
}

// Link modes (IFLA_LINKMODE).
var linkModes = [...]string{"DEFAULT", "DORMANT", "TESTING"}

// LinkModeName returns "DEFAULT", "DORMANT" or "TESTING", or "" if unknown.
func LinkModeName(m uint8) string {
	if int(m) < len(linkModes) {
		return linkModes[m]
	}
	return ""
}

// Link types (ARPHRD_*) as ip prints them ("link/ether").
var linkTypes = map[uint16]string{
	0: "netrom", 1: "ether", 2: "eether", 3: "ax25", 4: "pronet", 5: "chaos", 6: "ieee802",
	7: "arcnet", 8: "atalk", 15: "dlci", 19: "atm", 23: "metricom", 24: "ieee1394", 27: "eui64",
	32: "infiniband", 256: "slip", 257: "cslip", 258: "slip6", 259: "cslip6", 260: "rsrvd",
	264: "adapt", 270: "rose", 271: "x25", 272: "hwx25", 280: "can", 512: "ppp", 513: "hdlc",
	516: "lapb", 517: "ddcmp", 518: "rawhdlc", 519: "rawip", 768: "ipip", 769: "tunnel6",
	770: "frad", 771: "skip", 772: "loopback", 773: "localtlk", 774: "fddi", 775: "bif",
	776: "sit", 777: "ip/ddp", 778: "gre", 779: "pimreg", 780: "hippi", 781: "ash",
	782: "econet", 783: "irda", 784: "fcpp", 785: "fcal", 786: "fcpl", 787: "fcfb0",
	800: "tr", 801: "ieee802.11", 802: "ieee802.11/prism", 803: "ieee802.11/radiotap",
	804: "ieee802.15.4", 805: "ieee802.15.4/monitor", 820: "phonet", 821: "phonet_pipe",
	822: "caif", 823: "gre6", 824: "netlink", 825: "6lowpan", 826: "vsockmon", 827: "mctp",
	0xfffe: "none", 0xffff: "void",
}

// LinkTypeName returns the name ip uses for a device type (ARPHRD_ETHER is
// "ether"), or "" if unknown.
func LinkTypeName(t uint16) string { return linkTypes[t] }

// Route tables (RT_TABLE_*).
const (
	RT_TABLE_UNSPEC  uint32 = 0
	RT_TABLE_COMPAT  uint32 = 252
	RT_TABLE_DEFAULT uint32 = 253
	RT_TABLE_MAIN    uint32 = 254
	RT_TABLE_LOCAL   uint32 = 255
)

var tableNames = map[uint32]string{
	RT_TABLE_UNSPEC: "unspec", RT_TABLE_DEFAULT: "default", RT_TABLE_MAIN: "main", RT_TABLE_LOCAL: "local",
}

// TableName returns "main", "local", "default", "unspec", or the number as
// a decimal string, as ip prints tables without /etc/iproute2 names.
func TableName(t uint32) string { return nameOrNumber(tableNames, t) }

// ParseTable accepts a table name or number.
func ParseTable(s string) (uint32, bool) { return parseNameOrNumber(tableNames, s, 32) }

// Route protocols (RTPROT_*).
const (
	RTPROT_UNSPEC   uint8 = 0
	RTPROT_REDIRECT uint8 = 1
	RTPROT_KERNEL   uint8 = 2
	RTPROT_BOOT     uint8 = 3
	RTPROT_STATIC   uint8 = 4
	RTPROT_RA       uint8 = 9
	RTPROT_DHCP     uint8 = 16
)

var protoNames = map[uint8]string{
	0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra",
	10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp",
	17: "mrouted", 18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis",
	188: "ospf", 189: "rip", 192: "eigrp",
}

// ProtocolName returns "kernel", "boot", "static", ... or the number.
func ProtocolName(p uint8) string { return nameOrNumber(protoNames, p) }

// ParseProtocol accepts a route protocol name or number.
func ParseProtocol(s string) (uint8, bool) { return parseNameOrNumber(protoNames, s, 8) }

// Route scopes (RT_SCOPE_*).
const (
	RT_SCOPE_UNIVERSE uint8 = 0
	RT_SCOPE_SITE     uint8 = 200
	RT_SCOPE_LINK     uint8 = 253
	RT_SCOPE_HOST     uint8 = 254
	RT_SCOPE_NOWHERE  uint8 = 255
)

var scopeNames = map[uint8]string{0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}

// ScopeName returns "global", "link", "host", ... or the number.
func ScopeName(s uint8) string { return nameOrNumber(scopeNames, s) }

// ParseScope accepts a scope name ("universe" too) or number.
func ParseScope(s string) (uint8, bool) {
	if s == "universe" {
		return RT_SCOPE_UNIVERSE, true
	}
	return parseNameOrNumber(scopeNames, s, 8)
}

// Route types (RTN_*).
const (
	RTN_UNSPEC uint8 = iota
	RTN_UNICAST
	RTN_LOCAL
	RTN_BROADCAST
	RTN_ANYCAST
	RTN_MULTICAST
	RTN_BLACKHOLE
	RTN_UNREACHABLE
	RTN_PROHIBIT
	RTN_THROW
	RTN_NAT
	RTN_XRESOLVE
)

var routeTypes = [...]string{"none", "unicast", "local", "broadcast", "anycast", "multicast",
	"blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"}

// RouteTypeName returns "unicast", "local", ... as ip prints them, or the number.
func RouteTypeName(t uint8) string {
	if int(t) < len(routeTypes) {
		return routeTypes[t]
	}
	return strconv.Itoa(int(t))
}

// ParseRouteType accepts a route type name or number.
func ParseRouteType(s string) (uint8, bool) {
	for i, n := range routeTypes {
		if n == s {
			return uint8(i), true
		}
	}
	n, err := strconv.ParseUint(s, 0, 8)
	return uint8(n), err == nil
}

// Route flags (RTM_F_* in rtm_flags, RTNH_F_* in rtm_flags and rtnh_flags).
const (
	RTNH_F_DEAD          uint32 = 0x1
	RTNH_F_PERVASIVE     uint32 = 0x2
	RTNH_F_ONLINK        uint32 = 0x4
	RTNH_F_OFFLOAD       uint32 = 0x8
	RTNH_F_LINKDOWN      uint32 = 0x10
	RTNH_F_UNRESOLVED    uint32 = 0x20
	RTNH_F_TRAP          uint32 = 0x40
	RTM_F_NOTIFY         uint32 = 0x100
	RTM_F_CLONED         uint32 = 0x200
	RTM_F_EQUALIZE       uint32 = 0x400
	RTM_F_PREFIX         uint32 = 0x800
	RTM_F_LOOKUP_TABLE   uint32 = 0x1000
	RTM_F_FIB_MATCH      uint32 = 0x2000
	RTM_F_OFFLOAD        uint32 = 0x4000
	RTM_F_TRAP           uint32 = 0x8000
	RTM_F_OFFLOAD_FAILED uint32 = 0x20000000
)

// routeFlags are named as ip route prints them.
var routeFlags = []Flag{
	{RTNH_F_DEAD, "dead"}, {RTNH_F_ONLINK, "onlink"}, {RTNH_F_PERVASIVE, "pervasive"},
	{RTNH_F_OFFLOAD, "offload"}, {RTNH_F_TRAP, "trap"}, {RTM_F_NOTIFY, "notify"},
	{RTNH_F_LINKDOWN, "linkdown"}, {RTNH_F_UNRESOLVED, "unresolved"},
	{RTM_F_OFFLOAD, "rt_offload"}, {RTM_F_TRAP, "rt_trap"}, {RTM_F_OFFLOAD_FAILED, "rt_offload_failed"},
	{RTM_F_CLONED, "cloned"}, {RTM_F_EQUALIZE, "equalize"}, {RTM_F_PREFIX, "prefix"},
	{RTM_F_LOOKUP_TABLE, "lookup_table"}, {RTM_F_FIB_MATCH, "fib_match"},
}

// RouteFlagNames appends the names of route and next-hop flags ("onlink",
// "linkdown") set in flags.
func RouteFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, routeFlags, flags)
}

// Route preferences (RTA_PREF, ICMPV6_ROUTER_PREF_*).
var routePrefs = map[uint8]string{0: "medium", 1: "high", 3: "low"}

// RoutePrefName returns "low", "medium" or "high", or "" if invalid.
func RoutePrefName(p uint8) string { return routePrefs[p] }

// Address flags (IFA_F_*).
const (
	IFA_F_SECONDARY      uint32 = 0x1
	IFA_F_TEMPORARY      uint32 = 0x1
	IFA_F_NODAD          uint32 = 0x2
	IFA_F_OPTIMISTIC     uint32 = 0x4
	IFA_F_DADFAILED      uint32 = 0x8
	IFA_F_HOMEADDRESS    uint32 = 0x10
	IFA_F_DEPRECATED     uint32 = 0x20
	IFA_F_TENTATIVE      uint32 = 0x40
	IFA_F_PERMANENT      uint32 = 0x80
	IFA_F_MANAGETEMPADDR uint32 = 0x100
	IFA_F_NOPREFIXROUTE  uint32 = 0x200
	IFA_F_MCAUTOJOIN     uint32 = 0x400
	IFA_F_STABLE_PRIVACY uint32 = 0x800
)

// addrFlags are named as ip addr prints them; 0x1 is "secondary" for IPv4
// and "temporary" for IPv6, see AddrFlagNames.
var addrFlags = []Flag{
	{IFA_F_SECONDARY, "secondary"}, {IFA_F_NODAD, "nodad"}, {IFA_F_OPTIMISTIC, "optimistic"},
	{IFA_F_DADFAILED, "dadfailed"}, {IFA_F_HOMEADDRESS, "home"}, {IFA_F_DEPRECATED, "deprecated"},
	{IFA_F_TENTATIVE, "tentative"}, {IFA_F_PERMANENT, "permanent"},
	{IFA_F_MANAGETEMPADDR, "mngtmpaddr"}, {IFA_F_NOPREFIXROUTE, "noprefixroute"},
	{IFA_F_MCAUTOJOIN, "autojoin"}, {IFA_F_STABLE_PRIVACY, "stable-privacy"},
}

// AddrFlagNames appends the names of the address flags set in flags
// ("permanent", "noprefixroute"); bit 0x1 is "temporary" for inet6.
func AddrFlagNames(dst []string, family uint8, flags uint32) []string {
	return appendFlagNames(dst, addrFlagTable(family), flags)
}

// addrFlags6 are IPv6's address flags: IFA_F_SECONDARY is IFA_F_TEMPORARY.
var addrFlags6 = append([]Flag{{IFA_F_TEMPORARY, "temporary"}}, addrFlags[1:]...)

// addrFlagTable names the address flags of family.
func addrFlagTable(family uint8) []Flag {
	if family == AF_INET6 {
		return addrFlags6
	}
	return addrFlags
}

// Neighbour states (NUD_*).
const (
	NUD_NONE       uint16 = 0x0
	NUD_INCOMPLETE uint16 = 0x1
	NUD_REACHABLE  uint16 = 0x2
	NUD_STALE      uint16 = 0x4
	NUD_DELAY      uint16 = 0x8
	NUD_PROBE      uint16 = 0x10
	NUD_FAILED     uint16 = 0x20
	NUD_NOARP      uint16 = 0x40
	NUD_PERMANENT  uint16 = 0x80
)

var neighStates = []Flag{
	{uint32(NUD_INCOMPLETE), "INCOMPLETE"}, {uint32(NUD_REACHABLE), "REACHABLE"},
	{uint32(NUD_STALE), "STALE"}, {uint32(NUD_DELAY), "DELAY"}, {uint32(NUD_PROBE), "PROBE"},
	{uint32(NUD_FAILED), "FAILED"}, {uint32(NUD_NOARP), "NOARP"}, {uint32(NUD_PERMANENT), "PERMANENT"},
}

// NeighStateNames appends the neighbour state names set in state
// ("PERMANENT", "REACHABLE"), as ip neigh prints them.
func NeighStateNames(dst []string, state uint16) []string {
	return appendFlagNames(dst, neighStates, uint32(state))
}

// ParseNeighState returns the NUD_ bit of a state name ("permanent" too).
func ParseNeighState(name string) (uint16, bool) {
	v, ok := flagValue(neighStates, upper(name))
	return uint16(v), ok
}

// Neighbour flags (NTF_*).
const (
	NTF_USE         uint8 = 0x1
	NTF_SELF        uint8 = 0x2
	NTF_MASTER      uint8 = 0x4
	NTF_PROXY       uint8 = 0x8
	NTF_EXT_LEARNED uint8 = 0x10
	NTF_OFFLOADED   uint8 = 0x20
	NTF_STICKY      uint8 = 0x40
	NTF_ROUTER      uint8 = 0x80
)

var neighFlags = []Flag{
	{uint32(NTF_USE), "use"}, {uint32(NTF_SELF), "self"}, {uint32(NTF_MASTER), "master"},
	{uint32(NTF_PROXY), "proxy"}, {uint32(NTF_EXT_LEARNED), "extern_learn"},
	{uint32(NTF_OFFLOADED), "offload"}, {uint32(NTF_STICKY), "sticky"}, {uint32(NTF_ROUTER), "router"},
}

// NeighFlagNames appends the names of the neighbour flags set in flags.
func NeighFlagNames(dst []string, flags uint8) []string {
	return appendFlagNames(dst, neighFlags, uint32(flags))
}

// Rule actions (FR_ACT_*).
const (
	FR_ACT_UNSPEC      uint8 = 0
	FR_ACT_TO_TBL      uint8 = 1
	FR_ACT_GOTO        uint8 = 2
	FR_ACT_NOP         uint8 = 3
	FR_ACT_BLACKHOLE   uint8 = 6
	FR_ACT_UNREACHABLE uint8 = 7
	FR_ACT_PROHIBIT    uint8 = 8
)

var ruleActions = map[uint8]string{0: "unspec", 1: "lookup", 2: "goto", 3: "nop",
	6: "blackhole", 7: "unreachable", 8: "prohibit"}

// RuleActionName returns "lookup", "goto", "blackhole", ... or the number.
func RuleActionName(a uint8) string { return nameOrNumber(ruleActions, a) }

// Rule flags (FIB_RULE_*).
const (
	FIB_RULE_PERMANENT    uint32 = 0x1
	FIB_RULE_INVERT       uint32 = 0x2
	FIB_RULE_UNRESOLVED   uint32 = 0x4
	FIB_RULE_IIF_DETACHED uint32 = 0x8
	FIB_RULE_OIF_DETACHED uint32 = 0x10
)

var ruleFlags = []Flag{
	{FIB_RULE_PERMANENT, "permanent"}, {FIB_RULE_INVERT, "not"}, {FIB_RULE_UNRESOLVED, "unresolved"},
	{FIB_RULE_IIF_DETACHED, "iif_detached"}, {FIB_RULE_OIF_DETACHED, "oif_detached"},
}

// RuleFlagNames appends the names of the rule flags set in flags.
func RuleFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, ruleFlags, flags)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
