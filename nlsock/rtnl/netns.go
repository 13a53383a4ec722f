//go:build linux

package rtnl

import (
	"context"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// LinkSetNetNS moves the link with the given index into namespace ns. It
// gets a descriptor of ns from a throwaway socket opened there (ioctl
// SIOCGSKNS), so any NetNS works: a pid, a path, a name or an anonymous
// Namespace.
func LinkSetNetNS(ctx context.Context, s *nlsock.Socket, index int32, ns nlsock.NetNS) error {
	return LinkSet(ctx, s, index, LinkChange{NetNS: &ns})
}

func closeFD(fd int) { unix.Close(fd) }

// netnsFD returns a new descriptor of the network namespace ns.
func netnsFD(ns nlsock.NetNS) (int, error) {
	probe, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		return -1, err
	}
	defer probe.Close()
	fd, err := unix.IoctlRetInt(probe.FD(), unix.SIOCGSKNS)
	if err != nil {
		return -1, fmt.Errorf("netns %s: SIOCGSKNS: %w", ns, err)
	}
	return fd, nil
}
