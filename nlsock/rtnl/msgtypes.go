//go:build linux

package rtnl

import (
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Message types (RTM_*). Values are the kernel's; each object has NEW, DEL,
// GET (and sometimes SET) at consecutive numbers.
const (
	RTM_NEWLINK          uint16 = 16
	RTM_DELLINK          uint16 = 17
	RTM_GETLINK          uint16 = 18
	RTM_SETLINK          uint16 = 19
	RTM_NEWADDR          uint16 = 20
	RTM_DELADDR          uint16 = 21
	RTM_GETADDR          uint16 = 22
	RTM_NEWROUTE         uint16 = 24
	RTM_DELROUTE         uint16 = 25
	RTM_GETROUTE         uint16 = 26
	RTM_NEWNEIGH         uint16 = 28
	RTM_DELNEIGH         uint16 = 29
	RTM_GETNEIGH         uint16 = 30
	RTM_NEWRULE          uint16 = 32
	RTM_DELRULE          uint16 = 33
	RTM_GETRULE          uint16 = 34
	RTM_NEWQDISC         uint16 = 36
	RTM_DELQDISC         uint16 = 37
	RTM_GETQDISC         uint16 = 38
	RTM_NEWTCLASS        uint16 = 40
	RTM_DELTCLASS        uint16 = 41
	RTM_GETTCLASS        uint16 = 42
	RTM_NEWTFILTER       uint16 = 44
	RTM_DELTFILTER       uint16 = 45
	RTM_GETTFILTER       uint16 = 46
	RTM_NEWACTION        uint16 = 48
	RTM_DELACTION        uint16 = 49
	RTM_GETACTION        uint16 = 50
	RTM_NEWPREFIX        uint16 = 52
	RTM_GETMULTICAST     uint16 = 58
	RTM_GETANYCAST       uint16 = 62
	RTM_NEWNEIGHTBL      uint16 = 64
	RTM_GETNEIGHTBL      uint16 = 66
	RTM_SETNEIGHTBL      uint16 = 67
	RTM_NEWNDUSEROPT     uint16 = 68
	RTM_NEWADDRLABEL     uint16 = 72
	RTM_DELADDRLABEL     uint16 = 73
	RTM_GETADDRLABEL     uint16 = 74
	RTM_GETDCB           uint16 = 78
	RTM_SETDCB           uint16 = 79
	RTM_NEWNETCONF       uint16 = 80
	RTM_DELNETCONF       uint16 = 81
	RTM_GETNETCONF       uint16 = 82
	RTM_NEWMDB           uint16 = 84
	RTM_DELMDB           uint16 = 85
	RTM_GETMDB           uint16 = 86
	RTM_NEWNSID          uint16 = 88
	RTM_DELNSID          uint16 = 89
	RTM_GETNSID          uint16 = 90
	RTM_NEWSTATS         uint16 = 92
	RTM_GETSTATS         uint16 = 94
	RTM_SETSTATS         uint16 = 95
	RTM_NEWCACHEREPORT   uint16 = 96
	RTM_NEWCHAIN         uint16 = 100
	RTM_DELCHAIN         uint16 = 101
	RTM_GETCHAIN         uint16 = 102
	RTM_NEWNEXTHOP       uint16 = 104
	RTM_DELNEXTHOP       uint16 = 105
	RTM_GETNEXTHOP       uint16 = 106
	RTM_NEWLINKPROP      uint16 = 108
	RTM_DELLINKPROP      uint16 = 109
	RTM_GETLINKPROP      uint16 = 110
	RTM_NEWVLAN          uint16 = 112
	RTM_DELVLAN          uint16 = 113
	RTM_GETVLAN          uint16 = 114
	RTM_NEWNEXTHOPBUCKET uint16 = 116
	RTM_DELNEXTHOPBUCKET uint16 = 117
	RTM_GETNEXTHOPBUCKET uint16 = 118
	RTM_NEWTUNNEL        uint16 = 120
	RTM_DELTUNNEL        uint16 = 121
	RTM_GETTUNNEL        uint16 = 122
)

// MessageTypeName returns "RTM_NEWLINK" for 16, or "" for a type rtnetlink
// does not define.
func MessageTypeName(t uint16) string {
	if n := nlsock.MessageTypeName(unix.NETLINK_ROUTE, t); strings.HasPrefix(n, "RTM_") {
		return n
	}
	return ""
}

// Object is what a message type is about, for choosing a decoder.
type Object uint8

// Objects that this package decodes.
const (
	ObjectUnknown Object = iota
	ObjectLink
	ObjectAddress
	ObjectRoute
	ObjectNeighbour
	ObjectRule
)

// ObjectOf reports which object a message type carries
// (RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK -> ObjectLink).
func ObjectOf(t uint16) Object {
	switch t {
	case RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK:
		return ObjectLink
	case RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR:
		return ObjectAddress
	case RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE:
		return ObjectRoute
	case RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH:
		return ObjectNeighbour
	case RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE:
		return ObjectRule
	}
	return ObjectUnknown
}
