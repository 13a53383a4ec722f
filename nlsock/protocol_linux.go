package nlsock

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// protocolNames are the netlink protocols (NETLINK_*) by number, in the
// spelling scripts use.
var protocolNames = map[int]string{
	unix.NETLINK_ROUTE:          "route",
	unix.NETLINK_USERSOCK:       "usersock",
	unix.NETLINK_FIREWALL:       "firewall",
	unix.NETLINK_SOCK_DIAG:      "sock_diag",
	unix.NETLINK_NFLOG:          "nflog",
	unix.NETLINK_XFRM:           "xfrm",
	unix.NETLINK_SELINUX:        "selinux",
	unix.NETLINK_ISCSI:          "iscsi",
	unix.NETLINK_AUDIT:          "audit",
	unix.NETLINK_FIB_LOOKUP:     "fib_lookup",
	unix.NETLINK_CONNECTOR:      "connector",
	unix.NETLINK_NETFILTER:      "netfilter",
	unix.NETLINK_IP6_FW:         "ip6_fw",
	unix.NETLINK_DNRTMSG:        "dnrtmsg",
	unix.NETLINK_KOBJECT_UEVENT: "kobject_uevent",
	unix.NETLINK_GENERIC:        "generic",
	unix.NETLINK_SCSITRANSPORT:  "scsitransport",
	unix.NETLINK_ECRYPTFS:       "ecryptfs",
	unix.NETLINK_RDMA:           "rdma",
	unix.NETLINK_CRYPTO:         "crypto",
	unix.NETLINK_SMC:            "smc",
}

// ProtocolName returns the name of a netlink protocol ("route", "generic",
// "sock_diag", ...), or "" for an unknown number.
func ProtocolName(proto int) string { return protocolNames[proto] }

// ParseProtocol returns the number of a protocol name as ProtocolName spells
// it. "inet_diag" is accepted for sock_diag.
func ParseProtocol(name string) (int, bool) {
	if name == "inet_diag" {
		return unix.NETLINK_SOCK_DIAG, true
	}
	for p, n := range protocolNames {
		if n == name {
			return p, true
		}
	}
	return 0, false
}

// protocolString names proto for messages: "route" or "protocol 99".
func protocolString(proto int) string {
	if n := ProtocolName(proto); n != "" {
		return n
	}
	return fmt.Sprintf("protocol %d", proto)
}

// TypeName names a message type for messages: the NLMSG_* control types,
// the RTM_* types of the route protocol, otherwise "type 0x1c".
func TypeName(proto int, typ uint16) string {
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
	if proto == unix.NETLINK_ROUTE {
		if n, ok := rtmNames[typ]; ok {
			return n
		}
	}
	return fmt.Sprintf("type 0x%x", typ)
}

var rtmNames = map[uint16]string{
	unix.RTM_NEWLINK: "RTM_NEWLINK", unix.RTM_DELLINK: "RTM_DELLINK", unix.RTM_GETLINK: "RTM_GETLINK", unix.RTM_SETLINK: "RTM_SETLINK",
	unix.RTM_NEWADDR: "RTM_NEWADDR", unix.RTM_DELADDR: "RTM_DELADDR", unix.RTM_GETADDR: "RTM_GETADDR",
	unix.RTM_NEWROUTE: "RTM_NEWROUTE", unix.RTM_DELROUTE: "RTM_DELROUTE", unix.RTM_GETROUTE: "RTM_GETROUTE",
	unix.RTM_NEWNEIGH: "RTM_NEWNEIGH", unix.RTM_DELNEIGH: "RTM_DELNEIGH", unix.RTM_GETNEIGH: "RTM_GETNEIGH",
	unix.RTM_NEWRULE: "RTM_NEWRULE", unix.RTM_DELRULE: "RTM_DELRULE", unix.RTM_GETRULE: "RTM_GETRULE",
	unix.RTM_NEWQDISC: "RTM_NEWQDISC", unix.RTM_DELQDISC: "RTM_DELQDISC", unix.RTM_GETQDISC: "RTM_GETQDISC",
	unix.RTM_NEWTCLASS: "RTM_NEWTCLASS", unix.RTM_DELTCLASS: "RTM_DELTCLASS", unix.RTM_GETTCLASS: "RTM_GETTCLASS",
	unix.RTM_NEWTFILTER: "RTM_NEWTFILTER", unix.RTM_DELTFILTER: "RTM_DELTFILTER", unix.RTM_GETTFILTER: "RTM_GETTFILTER",
	unix.RTM_NEWNEIGHTBL: "RTM_NEWNEIGHTBL", unix.RTM_GETNEIGHTBL: "RTM_GETNEIGHTBL", unix.RTM_SETNEIGHTBL: "RTM_SETNEIGHTBL",
	unix.RTM_NEWNSID: "RTM_NEWNSID", unix.RTM_DELNSID: "RTM_DELNSID", unix.RTM_GETNSID: "RTM_GETNSID",
	unix.RTM_NEWNETCONF: "RTM_NEWNETCONF", unix.RTM_DELNETCONF: "RTM_DELNETCONF", unix.RTM_GETNETCONF: "RTM_GETNETCONF",
	unix.RTM_NEWSTATS: "RTM_NEWSTATS", unix.RTM_GETSTATS: "RTM_GETSTATS",
	unix.RTM_NEWNEXTHOP: "RTM_NEWNEXTHOP", unix.RTM_DELNEXTHOP: "RTM_DELNEXTHOP", unix.RTM_GETNEXTHOP: "RTM_GETNEXTHOP",
	unix.RTM_NEWLINKPROP: "RTM_NEWLINKPROP", unix.RTM_DELLINKPROP: "RTM_DELLINKPROP",
	unix.RTM_NEWVLAN: "RTM_NEWVLAN", unix.RTM_DELVLAN: "RTM_DELVLAN", unix.RTM_GETVLAN: "RTM_GETVLAN",
	unix.RTM_NEWCHAIN: "RTM_NEWCHAIN", unix.RTM_DELCHAIN: "RTM_DELCHAIN", unix.RTM_GETCHAIN: "RTM_GETCHAIN",
	unix.RTM_NEWACTION: "RTM_NEWACTION", unix.RTM_DELACTION: "RTM_DELACTION", unix.RTM_GETACTION: "RTM_GETACTION",
	unix.RTM_NEWMDB: "RTM_NEWMDB", unix.RTM_DELMDB: "RTM_DELMDB", unix.RTM_GETMDB: "RTM_GETMDB",
	unix.RTM_NEWADDRLABEL: "RTM_NEWADDRLABEL", unix.RTM_DELADDRLABEL: "RTM_DELADDRLABEL", unix.RTM_GETADDRLABEL: "RTM_GETADDRLABEL",
	unix.RTM_GETMULTICAST: "RTM_GETMULTICAST", unix.RTM_GETANYCAST: "RTM_GETANYCAST",
	unix.RTM_NEWPREFIX: "RTM_NEWPREFIX", unix.RTM_GETDCB: "RTM_GETDCB", unix.RTM_SETDCB: "RTM_SETDCB",
}
