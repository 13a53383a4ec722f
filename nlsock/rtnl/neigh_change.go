//go:build linux

package rtnl

import (
	"context"
	"fmt"
	"net"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// NeighSpec is a neighbour entry to add or delete, encoded through the
// built-in rt-neigh description (decoding stays with Neighbour).
type NeighSpec struct {
	Ifindex int32
	Dst     string           // "10.0.0.5", "2001:db8::5"
	LLAddr  net.HardwareAddr // adding: the link-layer address
	State   uint16           // NUD_*; adding: NUD_PERMANENT when 0
	Family  uint8            // from Dst when 0
	Proxy   bool             // a proxy entry (NTF_PROXY), ip neigh add proxy
	Router  bool             // NTF_ROUTER (IPv6)
	Replace bool             // adding: change an existing entry (ip neigh replace)
}

func (n NeighSpec) attrs(adding bool) (ynl.Attrs, error) {
	if n.Ifindex <= 0 {
		return nil, fmt.Errorf("neighbour: a device is required")
	}
	if n.Dst == "" {
		return nil, fmt.Errorf("neighbour: a dst address is required")
	}
	dst, fam, err := addrBytes("neighbour dst", n.Dst, n.Family)
	if err != nil {
		return nil, err
	}
	a := ynl.Attrs{"ndm-family": fam, "ndm-ifindex": n.Ifindex, "dst": dst}
	var flags []any
	if n.Proxy {
		flags = append(flags, "proxy")
	}
	if n.Router {
		flags = append(flags, "router")
	}
	a["ndm-flags"] = flags
	if !adding {
		return a, nil
	}
	state := n.State
	if state == 0 {
		state = NUD_PERMANENT
	}
	a["ndm-state"] = state
	if n.LLAddr != nil {
		a["lladdr"] = []byte(n.LLAddr)
	}
	return a, nil
}

// Check reports what is wrong with n as an entry to add, before any request.
func (n NeighSpec) Check() error {
	_, err := n.attrs(true)
	return err
}

// NeighAdd adds a neighbour entry (ip neigh add; with Replace, ip neigh replace).
func NeighAdd(ctx context.Context, s *nlsock.Socket, n NeighSpec) error {
	a, err := n.attrs(true)
	if err != nil {
		return err
	}
	flags := nlsock.FlagCreate | nlsock.FlagExcl
	if n.Replace {
		flags = nlsock.FlagCreate | nlsock.FlagReplace
	}
	_, err = describedCall(ctx, s, "rt-neigh", "newneigh", false, a, flags)
	return err
}

// NeighDel deletes the neighbour entry of n.Dst on n.Ifindex.
func NeighDel(ctx context.Context, s *nlsock.Socket, n NeighSpec) error {
	a, err := n.attrs(false)
	if err != nil {
		return err
	}
	_, err = describedCall(ctx, s, "rt-neigh", "delneigh", false, a, 0)
	return err
}
