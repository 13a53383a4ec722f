//go:build linux

package rtnl

import (
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Decode decodes the payload of an rtnetlink message by its type: it returns
// *Link, *Address, *Route, *Neighbour or *Rule, or nil (and no error) for a
// message type this package does not decode. A value is returned with an
// error when the attributes are malformed part way.
func Decode(msgType uint16, payload []byte) (any, error) {
	switch ObjectOf(msgType) {
	case ObjectLink:
		v := new(Link)
		return v, v.Decode(payload)
	case ObjectAddress:
		v := new(Address)
		return v, v.Decode(payload)
	case ObjectRoute:
		v := new(Route)
		return v, v.Decode(payload)
	case ObjectNeighbour:
		v := new(Neighbour)
		return v, v.Decode(payload)
	case ObjectRule:
		v := new(Rule)
		return v, v.Decode(payload)
	}
	return nil, nil
}

// Constant is a named number, for exposing the constants to scripts.
type Constant struct {
	Name  string
	Value uint32
}

// Constants lists the named constants of this package: RTM_*, RTNLGRP_*,
// IFLA_*, IFLA_INFO_*, VETH_INFO_*, IFA_*, RTA_*, RTAX_*, NDA_*, FRA_* (from the
// descriptions), IFF_*, NUD_*,
// NTF_*, RT_TABLE_*, RT_SCOPE_*, RTN_*, RTPROT_*, AF_*. A new slice each call.
func Constants() []Constant {
	var cs []Constant
	for n, v := range nlsock.MessageTypeNames(unix.NETLINK_ROUTE) {
		cs = append(cs, Constant{n, uint32(v)})
	}
	for i, n := range groupNames {
		cs = append(cs, Constant{"RTNLGRP_" + n, uint32(i)})
	}
	cs = attrConstants(cs)
	cs = appendFlagConsts(cs, "IFF_", linkFlags)
	cs = appendFlagConsts(cs, "NUD_", neighStates)
	cs = appendFlagConsts(cs, "NTF_", []Flag{{1, "USE"}, {2, "SELF"}, {4, "MASTER"}, {8, "PROXY"},
		{0x10, "EXT_LEARNED"}, {0x20, "OFFLOADED"}, {0x40, "STICKY"}, {0x80, "ROUTER"}})
	cs = append(cs, Constant{"NUD_NONE", 0})
	for _, t := range []struct {
		prefix string
		names  map[uint8]string
	}{{"RT_SCOPE_", map[uint8]string{0: "UNIVERSE", 200: "SITE", 253: "LINK", 254: "HOST", 255: "NOWHERE"}},
		{"AF_", map[uint8]string{0: "UNSPEC", 2: "INET", 7: "BRIDGE", 10: "INET6", 17: "PACKET", 28: "MPLS"}},
		{"RTPROT_", protoNames}} {
		for v, n := range t.names {
			cs = append(cs, Constant{t.prefix + upper(n), uint32(v)})
		}
	}
	for v, n := range tableNames {
		cs = append(cs, Constant{"RT_TABLE_" + upper(n), v})
	}
	for i, n := range routeTypes {
		if i == 0 {
			n = "unspec"
		}
		cs = append(cs, Constant{"RTN_" + upper(n), uint32(i)})
	}
	return cs
}

func appendFlagConsts(cs []Constant, prefix string, table []Flag) []Constant {
	for _, f := range table {
		cs = append(cs, Constant{prefix + f.Name, f.Bit})
	}
	return cs
}
