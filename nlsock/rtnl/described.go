//go:build linux

package rtnl

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// The objects of this file (nexthops, netconf) have no decoder of their
// own: their messages are described in nlsh's built-in YNL descriptions
// (nlsock/ynl/builtin/descriptions) and decoded and encoded by the ynl
// engine. What is here reads the decoded values into the names the Lua
// API gives them (ifindex for oif, family names, addresses as text).

// describedCall runs op of built-in description name on s (a dump, or a
// do with flags) and returns the decoded replies.
func describedCall(ctx context.Context, s *nlsock.Socket, name, op string, dump bool, attrs ynl.Attrs, flags uint16) ([]ynl.Message, error) {
	spec, err := builtin.Spec(name)
	if err != nil {
		return nil, err
	}
	c, err := ynl.NewClient(ctx, s, spec)
	if err != nil {
		return nil, err
	}
	return c.Call(ctx, op, dump, attrs, flags)
}

// addrText reads a binary address attribute as text ("10.0.0.1"); bytes
// of another length stay bytes, so nothing the kernel sent is lost.
func addrText(v any) any {
	b, ok := v.([]byte)
	if !ok {
		return v
	}
	if a, ok := netip.AddrFromSlice(b); ok {
		return a.String()
	}
	return v
}

// addrBytes parses an address for a binary attribute, checking its family
// when one is given (AF_INET, AF_INET6; 0 takes either).
func addrBytes(what, s string, family uint8) ([]byte, uint8, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %q is not an IP address", what, s)
	}
	af := AF_INET6
	if a.Is4() {
		af = AF_INET
	}
	if family != AF_UNSPEC && family != af {
		return nil, 0, fmt.Errorf("%s %s is not of family %s", what, s, FamilyName(family))
	}
	return a.AsSlice(), af, nil
}

// uintOf reads a decoded unsigned value (0 when absent or not a number).
func uintOf(v any) uint64 {
	u, _ := v.(uint64)
	return u
}

// underscores is a description's attribute name as a Lua field name:
// "rp-filter" is rp_filter, as ip -j writes it.
func underscores(s string) string { return strings.ReplaceAll(s, "-", "_") }

// DecodeDescribed decodes a nexthop or netconf message (RTM_NEWNEXTHOP,
// RTM_DELNETCONF, ...) into its object table, by the built-in
// description; ok is false for the other message types.
func DecodeDescribed(typ uint16, payload []byte) (obj ynl.Attrs, ok bool, err error) {
	switch typ {
	case RTM_NEWNEXTHOP, RTM_DELNEXTHOP:
		m, err := nexthopSpec().DecodeBody(typ, payload)
		obj, oerr := NexthopObject(m)
		if err == nil {
			err = oerr
		}
		return obj, true, err
	case RTM_NEWNETCONF, RTM_DELNETCONF:
		m, err := builtin.MustSpec("rt-netconf").DecodeBody(typ, payload)
		return NetconfObject(m), true, err
	}
	return nil, false, nil
}
