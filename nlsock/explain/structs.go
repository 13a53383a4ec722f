//go:build linux

package explain

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// wrapParts joins fields four to a line; a leading "struct name:" title
// stays on the first line with the first four fields.
func wrapParts(parts []string) []string {
	title := ""
	if len(parts) > 0 && strings.HasPrefix(parts[0], "struct ") && strings.HasSuffix(parts[0], ":") {
		title, parts = parts[0]+" ", parts[1:]
	}
	var lines []string
	for i := 0; i < len(parts); i += 4 {
		lines = append(lines, strings.Join(parts[i:min(i+4, len(parts))], ", "))
	}
	if len(lines) == 0 {
		return []string{strings.TrimSpace(title)}
	}
	lines[0] = title + lines[0]
	return lines
}

// rtaVia is struct rtvia: an address family and an address.
func rtaVia(_ *printer, d []byte) []string {
	if len(d) < 2 {
		return nil
	}
	fam := binary.NativeEndian.Uint16(d)
	addr := hexBytes(d[2:], 16)
	if ip, ok := netip.AddrFromSlice(d[2:]); ok {
		addr = ip.String()
	}
	return []string{fmt.Sprintf("family %d (%s), %s", fam, rtnl.FamilyName(uint8(fam)), addr)}
}

// multipath is RTA_MULTIPATH: a list of struct rtnexthop (the rt-route
// description's), each followed by its own attributes of route. It is
// printed by the caller as nested lines.
func multipath(p *printer, route *ynl.Spec, d []byte) []string {
	st := route.Structs["rtnexthop"]
	var lines []string
	for off := 0; off < len(d); {
		if len(d)-off < st.Size {
			return append(lines, fmt.Sprintf("malformed: %d trailing bytes, struct rtnexthop needs %d", len(d)-off, st.Size))
		}
		n := int(binary.NativeEndian.Uint16(d[off:])) // rtnh_len, the first member: this nexthop's bytes
		v, err := st.Decode(d[off:])
		if err != nil || n < st.Size || n > len(d)-off {
			return append(lines, fmt.Sprintf("malformed: rtnh_len %d at byte %d", n, off))
		}
		lines = append(lines, "nexthop: "+strings.Join(structParts(st, v, nil)[1:], ", "))
		sub := newPrinter()
		sub.family = p.family
		sub.attrs(d[off+st.Size:off+n], 0, 1, specSet(route, route.Sets["route-attrs"], 1, nil), "")
		for _, l := range strings.Split(strings.TrimRight(sub.b.String(), "\n"), "\n") {
			if l = strings.TrimLeft(l, " 0123456789"); l != "" {
				lines = append(lines, "  "+l)
			}
		}
		off += (n + 3) &^ 3
	}
	if lines == nil {
		return []string{"(no nexthops)"}
	}
	return append([]string{fmt.Sprintf("%d bytes", len(d))}, lines...)
}
