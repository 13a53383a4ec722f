//go:build linux

package monitor

import (
	"strconv"

	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// AppendText appends the event's line (without newline):
// "07:05:03.123456 host RTM_NEWLINK +link veth0 index 7 mtu 1500 UP".
func AppendText(b []byte, ev *Event) []byte {
	b = ev.Time.AppendFormat(b, "15:04:05.000000")
	b = append(b, ' ')
	b = append(b, ev.NetNS...)
	b = append(b, ' ')
	switch {
	case ev.Resync && ev.Object != "":
		b = append(b, "resync "...)
	case ev.Overrun || ev.Resync:
	default:
		b = append(b, ev.Type...)
		b = append(b, ' ')
	}
	b = append(b, ev.Text...)
	if ev.Err != nil && !ev.Resync && !ev.Overrun { // an overrun's text says its error
		b = append(b, " (decode error: "...)
		b = append(b, ev.Err.Error()...)
		b = append(b, ')')
	}
	return b
}

// GroupName names a group of a protocol: "link", "nftables", or its number.
func GroupName(proto int, g uint32) string {
	switch {
	case g == 0:
		return ""
	case proto == unix.NETLINK_ROUTE && rtnl.GroupName(g) != "":
		return rtnl.GroupName(g)
	case proto == unix.NETLINK_NETFILTER && g == nft.GroupNFTables:
		return "nftables"
	}
	return strconv.FormatUint(uint64(g), 10)
}
