//go:build linux

package rtnl

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
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
	cs = appendFlagConsts(cs, "IFF_", linkFlags.get())
	cs = appendFlagConsts(cs, "NUD_", neighStates.get())
	cs = append(cs, Constant{"NUD_NONE", 0})
	cs = appendEnumConsts(cs, "NTF_", "rt-neigh", "ntf-flags")
	cs = appendEnumConsts(cs, "RT_SCOPE_", "rt-route", "rt-scope")
	cs = appendEnumConsts(cs, "RTPROT_", "rt-route", "rt-protocol")
	cs = appendEnumConsts(cs, "RTN_", "rt-route", "rtm-type")
	for v, n := range map[uint8]string{0: "UNSPEC", 2: "INET", 7: "BRIDGE", 10: "INET6", 17: "PACKET", 28: "MPLS"} {
		cs = append(cs, Constant{"AF_" + n, uint32(v)})
	}
	for v, n := range tableNames.get() {
		cs = append(cs, Constant{"RT_TABLE_" + cSpelling(n), v})
	}
	return cs
}

// appendEnumConsts appends the entries of enum or flags name of
// description family under their C names (prefix + EXT_LEARNED).
func appendEnumConsts(cs []Constant, prefix, family, name string) []Constant {
	for _, en := range builtin.MustEnum(family, name).Entries {
		cs = append(cs, Constant{prefix + cSpelling(en.Name), uint32(en.Value)})
	}
	return cs
}

func appendFlagConsts(cs []Constant, prefix string, table []Flag) []Constant {
	for _, f := range table {
		cs = append(cs, Constant{prefix + f.Name, f.Bit})
	}
	return cs
}
