//go:build linux

package nlfake

import (
	"encoding/binary"
	"os"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// Link is the RTM_NEWLINK a kernel sends for a link: struct ifinfomsg
// (type ether, or loopback for IFF_LOOPBACK) and IFLA_IFNAME, IFLA_MTU.
func Link(index int32, name string, mtu, flags uint32) netlink.Message {
	ifi := make([]byte, unix.SizeofIfInfomsg)
	arphrd := uint16(unix.ARPHRD_ETHER)
	if flags&unix.IFF_LOOPBACK != 0 {
		arphrd = unix.ARPHRD_LOOPBACK
	}
	binary.NativeEndian.PutUint16(ifi[2:], arphrd)
	binary.NativeEndian.PutUint32(ifi[4:], uint32(index))
	binary.NativeEndian.PutUint32(ifi[8:], flags)
	ae := netlink.NewAttributeEncoder()
	ae.String(unix.IFLA_IFNAME, name)
	ae.Uint32(unix.IFLA_MTU, mtu)
	attrs, _ := ae.Encode() // cannot fail for a string and a u32
	return netlink.Message{Header: netlink.Header{Type: unix.RTM_NEWLINK}, Data: append(ifi, attrs...)}
}

// FreshNamespace answers route requests as far as tests written for a
// fresh network namespace look at it: its one link, lo (index 1, down,
// MTU 65536), in link dumps and for a get by index 1 or by name "lo"; any
// other link is ENODEV; every other request gets an empty answer (a
// dump's DONE, an ACK). It lets such a test run on the fake when it cannot
// have a namespace.
func FreshNamespace(req []netlink.Message) ([]netlink.Message, error) {
	m := req[0]
	if m.Header.Type != unix.RTM_GETLINK {
		return nil, nil
	}
	lo := Link(1, "lo", 65536, unix.IFF_LOOPBACK)
	if m.Header.Flags&netlink.Dump == netlink.Dump {
		return []netlink.Message{lo}, nil
	}
	if len(m.Data) >= unix.SizeofIfInfomsg && binary.NativeEndian.Uint32(m.Data[4:8]) == 1 {
		return []netlink.Message{lo}, nil
	}
	if ad, err := netlink.NewAttributeDecoder(m.Data[min(unix.SizeofIfInfomsg, len(m.Data)):]); err == nil {
		for ad.Next() {
			if ad.Type() == unix.IFLA_IFNAME && ad.String() == "lo" {
				return []netlink.Message{lo}, nil
			}
		}
	}
	return nil, unix.ENODEV
}

// NewFresh is New with the route protocol answered as a fresh namespace
// would (FreshNamespace): what tests written for a fresh namespace need
// when they run on the fake.
func NewFresh(tb testing.TB) *Kernel {
	k := New(tb)
	k.Handle(unix.NETLINK_ROUTE, FreshNamespace)
	return k
}

// InsteadOfRoot reports whether a test that needs a namespace runs on the
// fake instead: the process is not root, and NLSH_REQUIRE_NETNS=1 (CI,
// where the real kernel is the proof) is not set.
func InsteadOfRoot() bool {
	return os.Geteuid() != 0 && !nlsocktest.Required()
}
