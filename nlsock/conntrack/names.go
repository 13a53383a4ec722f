//go:build linux

package conntrack

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// protoNames are the IP protocols conntrack tracks by name.
var protoNames = map[uint64]string{1: "icmp", 2: "igmp", 6: "tcp", 17: "udp", 33: "dccp",
	47: "gre", 58: "icmpv6", 132: "sctp", 136: "udplite"}

func protoName(p uint64) any {
	if n, ok := protoNames[p]; ok {
		return n
	}
	return p
}

func familyName(f uint8) string {
	switch f {
	case 2:
		return "inet"
	case 10:
		return "inet6"
	}
	return strconv.Itoa(int(f))
}

// ParseFamily reads a family option: "inet" ("ipv4"), "inet6" ("ipv6").
func ParseFamily(s string) (uint8, bool) {
	switch s {
	case "inet", "ipv4":
		return 2, true
	case "inet6", "ipv6":
		return 10, true
	case "unspec", "all":
		return 0, true
	}
	return 0, false
}

func uintOf(v any) uint64 {
	u, _ := v.(uint64)
	return u
}

// addrText shows a 4- or 16-byte address as text; other bytes stay bytes.
func addrText(v any) any {
	if b, ok := v.([]byte); ok {
		if a, ok := netip.AddrFromSlice(b); ok {
			return a.String()
		}
	}
	return v
}

// upper is a description's entry name as conntrack writes it: SEEN_REPLY.
func upper(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }

// upperNames maps a decoded flags list ([]any of names) to conntrack's
// names; bits without a name stay numbers.
func upperNames(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(l))
	for i, n := range l {
		if s, ok := n.(string); ok {
			n = upper(s)
		}
		out[i] = n
	}
	return out
}

// underscoreKeys renames the keys of nests (and lists of them) to Lua
// field names: "port-min" is port_min.
func underscoreKeys(v any) any {
	return ynl.MapEntries(v, func(k string, a any) (string, any) {
		if strings.HasSuffix(k, "ip") { // nat's v4-minip, v6-maxip
			a = addrText(a)
		}
		return strings.ReplaceAll(k, "-", "_"), a
	})
}
