//go:build linux

package rtnl

import (
	"context"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// The ifindex of netconf's pseudo-interfaces (NETCONFA_IFINDEX_*): the
// "all" and "default" entries of net.ipv4.conf.
const (
	NetconfIfindexAll     = -1
	NetconfIfindexDefault = -2
)

// Netconf dumps the per-interface configuration of family (AF_INET,
// AF_INET6, or AF_UNSPEC for every family that has one) as NetconfObject
// tables.
func Netconf(ctx context.Context, s *nlsock.Socket, family uint8) ([]ynl.Attrs, error) {
	msgs, err := describedCall(ctx, s, "rt-netconf", "getnetconf", true, ynl.Attrs{"ncm-family": family}, 0)
	if err != nil {
		return nil, err
	}
	out := make([]ynl.Attrs, 0, len(msgs))
	for _, m := range msgs {
		o := NetconfObject(m)
		if family != AF_UNSPEC && o["family"] != FamilyName(family) {
			continue // a kernel that ignores the family answers with all
		}
		out = append(out, o)
	}
	return out, nil
}

// NetconfObject names a decoded RTM_NEWNETCONF: family ("inet",
// "inet6"), ifindex, and for the pseudo-entries (ifindex -1, -2) interface
// = "all" or "default" as ip netconf shows them; then forwarding,
// rp_filter ("off", "strict", "loose"), mc_forwarding, proxy_neigh,
// ignore_routes_with_linkdown, input, bc_forwarding as the kernel sent
// them (a family sends only the ones it has).
func NetconfObject(m ynl.Message) ynl.Attrs {
	out := ynl.Attrs{}
	for k, v := range m.Attrs {
		switch k {
		case "ncm-family":
			out["family"] = FamilyName(uint8(uintOf(v)))
		case "ifindex":
			out["ifindex"] = v
			if i, ok := v.(int64); ok {
				switch i {
				case NetconfIfindexAll:
					out["interface"] = "all"
				case NetconfIfindexDefault:
					out["interface"] = "default"
				}
			}
		default:
			out[underscores(k)] = v
		}
	}
	return out
}
