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

func hintedAddr(hint, s string) ([]byte, error) {
	addr, err := netip.ParseAddr(s)
	switch {
	case err == nil && addr.Is4() && hint != "ipv6":
		return addr.AsSlice(), nil
	case err == nil && !addr.Is4() && hint != "ipv4":
		return addr.AsSlice(), nil
	case err != nil && (len(s) == 4 && hint != "ipv6" || len(s) == 16 && hint != "ipv4"):
		return []byte(s), nil // raw bytes of the right size
	}
	want := map[string]string{"ipv4": "an IPv4 address", "ipv6": "an IPv6 address", "ipv4-or-v6": "an IP address"}[hint]
	return nil, fmt.Errorf("want %s (display-hint %s), got %q", want, hint, s)
}
