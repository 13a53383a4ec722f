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

// TypeName names a message type for messages: MessageTypeName's name,
// otherwise "type 0x1c".
func TypeName(proto int, typ uint16) string {
	if n := MessageTypeName(proto, typ); n != "" {
		return n
	}
	return fmt.Sprintf("type 0x%x", typ)
}
