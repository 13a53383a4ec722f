package monitor

import (
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// FuzzDescribe: describing, formatting and tracking any message of the
// protocols the monitor decodes never panics.
func FuzzDescribe(f *testing.F) {
	link, _ := rtnl.LinkAddRequest(rtnl.LinkSpec{Name: "v0", Kind: "veth", Peer: "v1", Options: []rtnl.Option{{Name: "mtu", Value: 1500}}})
	f.Add(uint8(0), uint16(unix.RTM_NEWLINK), link.Payload)
	f.Add(uint8(0), uint16(unix.RTM_DELADDR), make([]byte, 8))
	f.Add(uint8(0), uint16(unix.RTM_NEWROUTE), make([]byte, 12))
	f.Add(uint8(0), uint16(unix.RTM_NEWRULE), make([]byte, 12))
	f.Add(uint8(0), uint16(unix.RTM_NEWNSID), []byte{0, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0})
	f.Add(uint8(0), uint16(unix.RTM_NEWNEIGH), make([]byte, 12))
	f.Add(uint8(16), uint16(16), []byte{1, 2, 0, 0, 11, 0, 2, 0, 'n', 'l', 'c', 't', 'r', 'l', 0, 0})
	f.Add(uint8(12), uint16(10<<8), []byte{1, 0, 0, 0, 8, 0, 1, 0, 't', 0, 0, 0})
	f.Add(uint8(12), uint16(10<<8|15), []byte{1, 0, 0, 0})
	f.Add(uint8(0), uint16(unix.RTM_DELTFILTER), make([]byte, 20))
	f.Add(uint8(0), uint16(unix.RTM_NEWNEXTHOP), make([]byte, 8))
	f.Fuzz(func(t *testing.T, proto uint8, typ uint16, payload []byte) {
		p := []int{unix.NETLINK_ROUTE, unix.NETLINK_GENERIC, unix.NETLINK_NETFILTER, 4}[int(proto)%4]
		ev := Event{Time: time.Unix(1, 0), NetNS: "host", Proto: p, Group: 1,
			Message: nlsock.Message{Header: nlsock.Header{Type: typ}, Payload: payload}}
		Describe(&ev)
		if ev.Type == "" || ev.Text == "" {
			t.Fatalf("undescribed: %+v", ev)
		}
		AppendText(nil, &ev)
		checkJSON(t, &ev)
		st, _ := newState(unix.NETLINK_ROUTE, []uint32{rtnl.RTNLGRP_LINK, rtnl.RTNLGRP_IPV4_IFADDR, rtnl.RTNLGRP_IPV6_ROUTE, rtnl.RTNLGRP_NEIGH, rtnl.RTNLGRP_IPV4_RULE, rtnl.RTNLGRP_NEXTHOP, rtnl.RTNLGRP_TC}, nil, nil)
		st.apply(&ev)
		st, _ = newState(unix.NETLINK_NETFILTER, []uint32{nft.GroupNFTables}, nil, nil)
		st.apply(&ev)
	})
}
