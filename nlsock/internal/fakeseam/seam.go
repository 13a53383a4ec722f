//go:build linux

package fakeseam

import "golang.org/x/sys/unix"

// Kernel is what a socket opened on the fake asks of it where a netlink
// socket would ask the kernel through a socket option or the destination
// of a send.
type Kernel interface {
	// Addr is where the socket sends its requests: the fake kernel's
	// AF_UNIX address.
	Addr() unix.Sockaddr
	// Membership joins (or, when join is false, leaves) a multicast group,
	// as NETLINK_ADD_MEMBERSHIP and NETLINK_DROP_MEMBERSHIP would.
	Membership(group uint32, join bool) error
	// Memberships lists the groups joined, ascending
	// (NETLINK_LIST_MEMBERSHIPS).
	Memberships() []uint32
}

// Open opens a socket of protocol proto on fd, an AF_UNIX SOCK_DGRAM
// socket (non-blocking, close-on-exec) the fake kernel sends to, with port
// id portID; cfg is an nlsock.Config, and sock the *nlsock.Socket (the
// types are nlsock's, which this package cannot import). Each call of
// overrun makes one later read of the socket fail with ENOBUFS and count a
// message lost, as a real overrun does. On failure fd is closed.
var Open func(proto, fd int, portID uint32, k Kernel, cfg any) (sock any, overrun func(), err error)
