//go:build linux

package ynl

import (
	"fmt"
	"net"
	"net/netip"
)

// hintedBytes encodes the value of a binary attribute. Specs mark the
// binaries that hold addresses with a display-hint, and the kernel's
// selftests write those values as text ("192.0.2.1", "11:22:33:44:55:66"):
// such a string is parsed, so that it is not sent as its own characters
// (which the kernel would take, in part, as a wrong address). A string of
// exactly the address's size that does not parse is kept as raw bytes, as
// before; any other string is an error naming what was expected. Decoding
// is unchanged: binaries come back as bytes.
func hintedBytes(hint string, v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return toBytes(v)
	}
	switch hint {
	case "ipv4", "ipv6", "ipv4-or-v6":
		return hintedAddr(hint, s)
	case "mac":
		if hw, err := net.ParseMAC(s); err == nil && len(hw) == 6 {
			return hw, nil
		}
		if len(s) == 6 {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("want a MAC address like 11:22:33:44:55:66 (display-hint mac), got %q", s)
	}
	return []byte(s), nil
}

// hintedAddr takes an IPv4 or an IPv6 address whatever the hint says: the
// address family of a message is in its header, and the kernel's own specs
// mark attributes that carry either (rt-addr's ifa-local) as ipv4; the
// kernel's CLI, too, reads such bytes by their length.
func hintedAddr(hint, s string) ([]byte, error) {
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.AsSlice(), nil
	}
	if len(s) == 4 || len(s) == 16 {
		return []byte(s), nil // raw bytes of an address
	}
	return nil, fmt.Errorf("want an IP address (display-hint %s), got %q", hint, s)
}
