package nlsock

import (
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// The one table of message type names: every package that names a
// message type (rtnl, nft, diag, explain, monitor, pcap) asks here.

// typeGroup is message types at consecutive numbers from first, named
// prefix+verb+object; "" in verbs skips a number.
type typeGroup struct {
	first  uint16
	prefix string
	object string
	verbs  []string
}

var (
	newDelGet    = []string{"NEW", "DEL", "GET"}
	newDelGetSet = []string{"NEW", "DEL", "GET", "SET"}
)

// typeGroups are the message types of each protocol whose names are known:
// a list, not a map, so that the linker lays it out and no code builds it
// when the process starts.
var typeGroups = []struct {
	proto  int
	groups []typeGroup
}{
	{unix.NETLINK_ROUTE, []typeGroup{
		{16, "RTM_", "LINK", newDelGetSet}, {20, "RTM_", "ADDR", newDelGet}, {24, "RTM_", "ROUTE", newDelGet},
		{28, "RTM_", "NEIGH", newDelGet}, {32, "RTM_", "RULE", newDelGet}, {36, "RTM_", "QDISC", newDelGet},
		{40, "RTM_", "TCLASS", newDelGet}, {44, "RTM_", "TFILTER", newDelGet}, {48, "RTM_", "ACTION", newDelGet},
		{52, "RTM_", "PREFIX", []string{"NEW"}}, {58, "RTM_", "MULTICAST", []string{"GET"}},
		{62, "RTM_", "ANYCAST", []string{"GET"}}, {64, "RTM_", "NEIGHTBL", []string{"NEW", "", "GET", "SET"}},
		{68, "RTM_", "NDUSEROPT", []string{"NEW"}}, {72, "RTM_", "ADDRLABEL", newDelGet},
		{78, "RTM_", "DCB", []string{"GET", "SET"}}, {80, "RTM_", "NETCONF", newDelGet}, {84, "RTM_", "MDB", newDelGet},
		{88, "RTM_", "NSID", newDelGet}, {92, "RTM_", "STATS", []string{"NEW", "", "GET", "SET"}},
		{96, "RTM_", "CACHEREPORT", []string{"NEW"}}, {100, "RTM_", "CHAIN", newDelGet},
		{104, "RTM_", "NEXTHOP", newDelGet}, {108, "RTM_", "LINKPROP", newDelGet}, {112, "RTM_", "VLAN", newDelGet},
		{116, "RTM_", "NEXTHOPBUCKET", newDelGet}, {120, "RTM_", "TUNNEL", newDelGet},
	}},
	{unix.NETLINK_NETFILTER, []typeGroup{
		{0x10, "NFNL_MSG_", "", []string{"BATCH_BEGIN", "BATCH_END"}},
		// ctnetlink (NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_*)
		{0x100, "IPCTNL_MSG_CT_", "", []string{"NEW", "GET", "DELETE", "GET_CTRZERO", "GET_STATS_CPU",
			"GET_STATS", "GET_DYING", "GET_UNCONFIRMED"}},
		// nf_tables (NFNL_SUBSYS_NFTABLES, NFT_MSG_*)
		{0xa00, "NFT_MSG_", "", []string{"NEWTABLE", "GETTABLE", "DELTABLE", "NEWCHAIN", "GETCHAIN", "DELCHAIN",
			"NEWRULE", "GETRULE", "DELRULE", "NEWSET", "GETSET", "DELSET",
			"NEWSETELEM", "GETSETELEM", "DELSETELEM", "NEWGEN", "GETGEN", "TRACE",
			"NEWOBJ", "GETOBJ", "DELOBJ", "GETOBJ_RESET", "NEWFLOWTABLE",
			"GETFLOWTABLE", "DELFLOWTABLE", "GETRULE_RESET", "DESTROYTABLE",
			"DESTROYCHAIN", "DESTROYRULE", "DESTROYSET", "DESTROYSETELEM",
			"DESTROYOBJ", "DESTROYFLOWTABLE", "GETSETELEM_RESET"}},
	}},
	{unix.NETLINK_SOCK_DIAG, []typeGroup{
		{18, "", "", []string{"TCPDIAG_GETSOCK", "DCCPDIAG_GETSOCK", "SOCK_DIAG_BY_FAMILY", "SOCK_DESTROY"}},
	}},
}

type typeKey struct {
	proto int
	typ   uint16
}

// typeTables are typeGroups by number and by name, built once.
var typeTables = sync.OnceValues(func() (map[typeKey]string, map[int]map[string]uint16) {
	byNum, byName := map[typeKey]string{}, map[int]map[string]uint16{}
	for _, pg := range typeGroups {
		proto, groups := pg.proto, pg.groups
		byName[proto] = map[string]uint16{}
		for _, g := range groups {
			for i, verb := range g.verbs {
				if verb != "" {
					n := g.prefix + verb + g.object
					byNum[typeKey{proto, g.first + uint16(i)}] = n
					byName[proto][n] = g.first + uint16(i)
				}
			}
		}
	}
	return byNum, byName
})

// controlTypeName names the NLMSG_* types every protocol shares, or "".
// A switch, like typeGroups a list: nothing to build at start-up.
func controlTypeName(typ uint16) string {
	switch typ {
	case TypeNoop:
		return "NLMSG_NOOP"
	case TypeError:
		return "NLMSG_ERROR"
	case TypeDone:
		return "NLMSG_DONE"
	case TypeOverrun:
		return "NLMSG_OVERRUN"
	}
	return ""
}

// MessageTypeName names message type typ of netlink protocol proto as the
// kernel's headers do ("NLMSG_ERROR", "RTM_NEWLINK", "NFT_MSG_NEWTABLE",
// "IPCTNL_MSG_CT_NEW", "SOCK_DIAG_BY_FAMILY"), or "" when unknown.
// Generic netlink types are family ids, named by nlctrl.
func MessageTypeName(proto int, typ uint16) string {
	if n := controlTypeName(typ); n != "" {
		return n
	}
	byNum, _ := typeTables()
	return byNum[typeKey{proto, typ}]
}

// MessageType is the number of a message type MessageTypeName spells
// name, in any case ("rtm_newlink").
func MessageType(proto int, name string) (uint16, bool) {
	_, byName := typeTables()
	t, ok := byName[proto][strings.ToUpper(name)]
	return t, ok
}

// MessageTypeNames lists the named message types of proto (NLMSG_* left
// out), as a new map from name to number.
func MessageTypeNames(proto int) map[string]uint16 {
	_, byName := typeTables()
	out := make(map[string]uint16, len(byName[proto]))
	for n, t := range byName[proto] {
		out[n] = t
	}
	return out
}
