//go:build linux

package rtnl

import (
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Constants nlsh's code names. Each is an entry of an enum or flags of
// the descriptions (TestConstantsDescribed checks the values), where the
// rest of its family is: the name tables below are those definitions.
const (
	IFF_UP        uint32 = 0x1 // rt-link ifinfo-flags, struct ifinfomsg's ifi_flags
	IFF_BROADCAST uint32 = 0x2
	IFF_LOOPBACK  uint32 = 0x8
	IFF_RUNNING   uint32 = 0x40
	IFF_MULTICAST uint32 = 0x1000
	IFF_LOWER_UP  uint32 = 0x10000

	IF_OPER_UP uint8 = 6 // rt-link if-oper, IFLA_OPERSTATE

	RT_TABLE_UNSPEC  uint32 = 0 // rt-route rt-table
	RT_TABLE_COMPAT  uint32 = 252
	RT_TABLE_DEFAULT uint32 = 253
	RT_TABLE_MAIN    uint32 = 254
	RT_TABLE_LOCAL   uint32 = 255

	RTPROT_BOOT   uint8 = 3 // rt-route rt-protocol
	RTPROT_STATIC uint8 = 4

	RT_SCOPE_UNIVERSE uint8 = 0 // rt-route rt-scope
	RT_SCOPE_LINK     uint8 = 253
	RT_SCOPE_HOST     uint8 = 254
	RT_SCOPE_NOWHERE  uint8 = 255

	RTN_UNSPEC    uint8 = 0 // rt-route rtm-type
	RTN_UNICAST   uint8 = 1
	RTN_LOCAL     uint8 = 2
	RTN_BLACKHOLE uint8 = 6
	RTN_THROW     uint8 = 9

	RTNH_F_ONLINK uint32 = 0x4   // rt-route rtm-flags (RTNH_F_* also in rtnh_flags)
	RTM_F_CLONED  uint32 = 0x200 // RTM_F_*: rtm_flags only

	IFA_F_SECONDARY     uint32 = 0x1 // rt-addr ifa-flags
	IFA_F_TEMPORARY     uint32 = 0x1 // IPv6's name of secondary
	IFA_F_DADFAILED     uint32 = 0x8
	IFA_F_TENTATIVE     uint32 = 0x40
	IFA_F_PERMANENT     uint32 = 0x80
	IFA_F_NOPREFIXROUTE uint32 = 0x200

	NUD_NONE      uint16 = 0x0 // no bit of rt-neigh nud-state
	NUD_NOARP     uint16 = 0x40
	NUD_PERMANENT uint16 = 0x80

	NTF_SELF   uint8 = 0x2 // rt-neigh ntf-flags
	NTF_PROXY  uint8 = 0x8
	NTF_ROUTER uint8 = 0x80

	FR_ACT_TO_TBL   uint8  = 1   // rt-rule fr-act
	FIB_RULE_INVERT uint32 = 0x2 // rt-rule fib-rule-flags
)

// The descriptions' enums and flags as ip spells them (ipnames.go): the
// values and the set of names are the description's; the exceptions to
// each table's spelling rule are ip's own names.
var (
	// linkFlags in ip link's order (RUNNING, which ip hides, follows UP)
	linkFlags = describedFlags{family: "rt-link", name: "ifinfo-flags",
		spell: spelling{upperNoDash, []string{"point-to-point", "POINTOPOINT", "lower-up", "LOWER_UP"}},
		order: []string{"loopback", "broadcast", "point-to-point", "multicast", "no-arp", "all-multi", "promisc",
			"no-trailers", "debug", "dynamic", "auto-media", "portsel", "master", "slave", "up", "running",
			"lower-up", "dormant", "echo"}}
	operStates = describedEnum[uint8]{family: "rt-link", name: "if-oper", spell: spelling{rule: strings.ToUpper}}
	linkModes  = describedEnum[uint8]{family: "rt-link", name: "if-link-mode", spell: spelling{rule: strings.ToUpper}}
	// ip has no name for compat (252), a table id no route is in
	tableNames = describedEnum[uint32]{family: "rt-route", name: "rt-table", spell: spelling{same, []string{"compat", ""}}}
	protoNames = describedEnum[uint8]{family: "rt-route", name: "rt-protocol", spell: spelling{rule: same}}
	scopeNames = describedEnum[uint8]{family: "rt-route", name: "rt-scope", spell: spelling{same, []string{"universe", "global"}}}
	routeTypes = describedEnum[uint8]{family: "rt-route", name: "rtm-type", spell: spelling{same, []string{"unspec", "none"}}}
	// routeFlags in ip route's order; the route's own offload and trap
	// are rt_offload and rt_trap
	routeFlags = describedFlags{family: "rt-route", name: "rtm-flags",
		spell: spelling{underscored, []string{"rtm-offload", "rt_offload", "rtm-trap", "rt_trap", "rtm-offload-failed", "rt_offload_failed"}},
		order: []string{"dead", "onlink", "pervasive", "offload", "trap", "notify", "linkdown", "unresolved",
			"rtm-offload", "rtm-trap", "rtm-offload-failed", "cloned", "equalize", "prefix", "lookup-table", "fib-match"}}
	routePrefs = describedEnum[uint8]{family: "rt-route", name: "rt-pref", spell: spelling{same, []string{"invalid", ""}}}
	// 0x1 is "secondary" for IPv4 and "temporary" for IPv6, see AddrFlagNames
	addrFlags = describedFlags{family: "rt-addr", name: "ifa-flags",
		spell: spelling{same, []string{"homeaddress", "home", "managetempaddr", "mngtmpaddr", "mcautojoin", "autojoin"}}}
	neighStates = describedFlags{family: "rt-neigh", name: "nud-state", spell: spelling{rule: strings.ToUpper}}
	neighFlags  = describedFlags{family: "rt-neigh", name: "ntf-flags", spell: spelling{same, []string{"ext-learned", "extern_learn", "offloaded", "offload"}}}
	// the reserved actions 4 and 5 have no name
	ruleActions = describedEnum[uint8]{family: "rt-rule", name: "fr-act", spell: spelling{same, []string{"to-tbl", "lookup", "res3", "", "res4", ""}}}
	ruleFlags   = describedFlags{family: "rt-rule", name: "fib-rule-flags", spell: spelling{underscored, []string{"invert", "not"}}}
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
// of the number-keyed tables.
func nameOrNumber[K uint8 | uint32](m map[K]string, v K) string {
	if n, ok := m[v]; ok {
		return n
	}
	return strconv.FormatUint(uint64(v), 10)
}

// parseNameOrNumber accepts a name of m or a number that fits in bits: the
// Parse functions of the number-keyed tables.
func parseNameOrNumber[K uint8 | uint32](m map[K]string, s string, bits int) (K, bool) {
	if v, ok := lookupName(m, s); ok {
		return v, true
	}
	n, err := strconv.ParseUint(s, 0, bits)
	return K(n), err == nil
}

// LinkFlagTable returns the interface flags with their names, in the order
// LinkFlagNames uses.
func LinkFlagTable() []Flag { return append([]Flag(nil), linkFlags.get()...) }

// LinkFlagNames appends the names of the interface flags set in flags
// ("BROADCAST", "MULTICAST", "UP", "LOWER_UP") to dst.
func LinkFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, linkFlags.get(), flags)
}

// ParseLinkFlag returns the bit of an interface flag name ("UP").
func ParseLinkFlag(name string) (uint32, bool) { return flagValue(linkFlags.get(), name) }

// OperStateName returns "UP", "DOWN", ... as ip prints them, or "" if unknown.
func OperStateName(s uint8) string { return operStates.get()[s] }

// LinkModeName returns "DEFAULT", "DORMANT" or "TESTING", or "" if unknown.
func LinkModeName(m uint8) string { return linkModes.get()[m] }

// Address families as rtnetlink uses them (no description declares them).
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

// Link types (ARPHRD_*) as ip prints them ("link/ether"), made on first use.
var linkTypes = lazy[map[uint16]string]{build: func() map[uint16]string {
	return map[uint16]string{
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
}}

// LinkTypeName returns the name ip uses for a device type (ARPHRD_ETHER is
// "ether"), or "" if unknown.
func LinkTypeName(t uint16) string { return linkTypes.get()[t] }

// TableName returns "main", "local", "default", "unspec", or the number as
// a decimal string, as ip prints tables without /etc/iproute2 names.
func TableName(t uint32) string { return nameOrNumber(tableNames.get(), t) }

// ParseTable accepts a table name or number.
func ParseTable(s string) (uint32, bool) { return parseNameOrNumber(tableNames.get(), s, 32) }

// ProtocolName returns "kernel", "boot", "static", ... or the number.
func ProtocolName(p uint8) string { return nameOrNumber(protoNames.get(), p) }

// ParseProtocol accepts a route protocol name or number.
func ParseProtocol(s string) (uint8, bool) { return parseNameOrNumber(protoNames.get(), s, 8) }

// ScopeName returns "global", "link", "host", ... or the number.
func ScopeName(s uint8) string { return nameOrNumber(scopeNames.get(), s) }

// ParseScope accepts a scope name ("universe" too) or number.
func ParseScope(s string) (uint8, bool) {
	if s == "universe" {
		return RT_SCOPE_UNIVERSE, true
	}
	return parseNameOrNumber(scopeNames.get(), s, 8)
}

// RouteTypeName returns "unicast", "local", ... as ip prints them, or the number.
func RouteTypeName(t uint8) string { return nameOrNumber(routeTypes.get(), t) }

// ParseRouteType accepts a route type name or number.
func ParseRouteType(s string) (uint8, bool) { return parseNameOrNumber(routeTypes.get(), s, 8) }

// RouteFlagNames appends the names of route and next-hop flags ("onlink",
// "linkdown") set in flags.
func RouteFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, routeFlags.get(), flags)
}

// RoutePrefName returns "low", "medium" or "high", or "" if invalid.
func RoutePrefName(p uint8) string { return routePrefs.get()[p] }

// AddrFlagNames appends the names of the address flags set in flags
// ("permanent", "noprefixroute"); bit 0x1 is "temporary" for inet6.
func AddrFlagNames(dst []string, family uint8, flags uint32) []string {
	return appendFlagNames(dst, addrFlagTable(family), flags)
}

// addrFlags6 are IPv6's address flags: IFA_F_SECONDARY's bit is
// IFA_F_TEMPORARY, named first as ip does.
var addrFlags6 = sync.OnceValue(func() []Flag {
	fs := []Flag{{IFA_F_TEMPORARY, "temporary"}}
	for _, f := range addrFlags.get() {
		if f.Bit != IFA_F_TEMPORARY {
			fs = append(fs, f)
		}
	}
	return fs
})

// addrFlagTable names the address flags of family.
func addrFlagTable(family uint8) []Flag {
	if family == AF_INET6 {
		return addrFlags6()
	}
	return addrFlags.get()
}

// NeighStateNames appends the neighbour state names set in state
// ("PERMANENT", "REACHABLE"), as ip neigh prints them.
func NeighStateNames(dst []string, state uint16) []string {
	return appendFlagNames(dst, neighStates.get(), uint32(state))
}

// ParseNeighState returns the NUD_ bit of a state name ("permanent" too).
func ParseNeighState(name string) (uint16, bool) {
	v, ok := flagValue(neighStates.get(), strings.ToUpper(name))
	return uint16(v), ok
}

// NeighFlagNames appends the names of the neighbour flags set in flags.
func NeighFlagNames(dst []string, flags uint8) []string {
	return appendFlagNames(dst, neighFlags.get(), uint32(flags))
}

// RuleActionName returns "lookup", "goto", "blackhole", ... or the number.
func RuleActionName(a uint8) string { return nameOrNumber(ruleActions.get(), a) }

// RuleFlagNames appends the names of the rule flags set in flags.
func RuleFlagNames(dst []string, flags uint32) []string {
	return appendFlagNames(dst, ruleFlags.get(), flags)
}
