//go:build linux

package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// Subscription is one OBJECT of the command line resolved to a protocol
// and its groups.
type Subscription struct {
	Spec   string // as given: "link", "nlctrl:notify", "nftables"
	Proto  int
	Groups []uint32
	// Family and FamilyID name a generic netlink family ("netdev" of
	// "netdev:mgmt") and its id, the type of its messages.
	Family   string
	FamilyID uint16
}

// Resolve turns spec into a Subscription: an rtnetlink group or set name
// ("link", "address", "route", "neigh", "rule", "nsid", "ipv6-route",
// "all", ...), "nftables", or "FAMILY:GROUP" of generic netlink, looked up
// through the kernel of namespace ns.
func Resolve(ctx context.Context, ns nlsock.NetNS, spec string) (Subscription, error) {
	switch {
	case spec == "nftables":
		return Subscription{Spec: spec, Proto: unix.NETLINK_NETFILTER, Groups: []uint32{nft.GroupNFTables}}, nil
	case spec == "conntrack": // NFNLGRP_CONNTRACK_NEW, _UPDATE, _DESTROY
		return Subscription{Spec: spec, Proto: unix.NETLINK_NETFILTER, Groups: []uint32{1, 2, 3}}, nil
	case strings.Contains(spec, ":"):
		s, err := nlsock.Open(unix.NETLINK_GENERIC, ns)
		if err != nil {
			return Subscription{}, err
		}
		defer s.Close()
		id, err := genl.ResolveGroup(ctx, s, spec)
		if err != nil {
			return Subscription{}, err
		}
		name, _, _ := strings.Cut(spec, ":")
		f, err := genl.GetFamily(ctx, s, name)
		if err != nil {
			return Subscription{}, err
		}
		return Subscription{Spec: spec, Proto: unix.NETLINK_GENERIC, Groups: []uint32{id}, Family: f.Name, FamilyID: f.ID}, nil
	}
	if groups, ok := rtnl.ParseGroup(spec); ok {
		return Subscription{Spec: spec, Proto: unix.NETLINK_ROUTE, Groups: groups}, nil
	}
	return Subscription{}, fmt.Errorf("%w %q: want a route group (link, neigh, nsid, ipv4-ifaddr, ipv6-route, ...; or a set: %s), FAMILY:GROUP, nftables or conntrack",
		ErrUnknownObject, spec, strings.Join(rtnl.GroupSetNames(), ", "))
}

// ErrUnknownObject is wrapped by Resolve's error for a spec that names no
// group at all (a usage mistake, not a kernel failure).
var ErrUnknownObject = errors.New("unknown object")
