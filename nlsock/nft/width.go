//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock/ynl"

// Register widths. libnftnl prints data as 32-bit words, so "0x00001600"
// may be a 2-byte port or a 4-byte value; the kernel and nft need the
// exact length (nft lists a rule back only when its lengths are those it
// generates). fitWidths recovers it from the register the data meets: the
// width of the last load into a compared register, or of the first
// consumer of an immediate's register.

// metaWidths are the sizes of the meta keys' values (nft_meta_get_init).
var metaWidths = map[string]uint64{
	"len": 4, "protocol": 2, "priority": 4, "mark": 4, "iif": 4, "oif": 4, "iifname": 16,
	"oifname": 16, "iiftype": 2, "oiftype": 2, "skuid": 4, "skgid": 4, "nftrace": 1,
	"rtclassid": 4, "secmark": 4, "nfproto": 1, "l4proto": 1, "bri_iifname": 16,
	"bri_oifname": 16, "pkttype": 1, "cpu": 4, "iifgroup": 4, "oifgroup": 4, "cgroup": 4,
	"prandom": 4, "secpath": 1, "iifkind": 16, "oifkind": 16, "bri_iifpvid": 2,
	"bri_iifvproto": 2, "time": 8, "day": 1, "hour": 4, "sdif": 4, "sdifname": 16, "broute": 1,
}

// ctWidths are the sizes of the ct keys' values (nft_ct_get_init); src
// and dst depend on the family (addrWidth).
var ctWidths = map[string]uint64{
	"state": 4, "direction": 1, "status": 4, "mark": 4, "secmark": 4, "expiration": 4,
	"helper": 16, "l3protocol": 1, "protocol": 1, "proto_src": 2, "proto_dst": 2, "label": 16,
	"packets": 8, "bytes": 8, "avgpkt": 8, "zone": 2, "event": 4, "src_ip": 4, "dst_ip": 4,
	"src_ip6": 16, "dst_ip6": 16, "id": 4,
}

var rtWidths = map[string]uint64{"classid": 4, "nexthop4": 4, "nexthop6": 16, "tcpmss": 2, "xfrm": 1}

var socketWidths = map[string]uint64{"transparent": 1, "mark": 4, "wildcard": 1, "cgroupv2": 8}

var fibWidths = map[string]uint64{"oif": 4, "oifname": 16, "type": 4}

// addrWidth is the size of an address in a table of family (ip: 4; ip6,
// inet and the others carry the 16 bytes of nf_inet_addr).
func addrWidth(family uint64) uint64 {
	if family == uint64(FamilyIPv4) {
		return 4
	}
	return 16
}

func u(a ynl.Attrs, k string) (uint64, bool) {
	v, ok := a[k].(uint64)
	return v, ok
}

func str(a ynl.Attrs, k string) string {
	s, _ := a[k].(string)
	return s
}

func familyOf(a ynl.Attrs, k string, table uint8) uint64 {
	switch str(a, k) {
	case "ip":
		return uint64(FamilyIPv4)
	case "ip6":
		return uint64(FamilyIPv6)
	}
	return uint64(table)
}

// load returns the register an expression writes and the width it writes.
func load(x Expr, family uint8) (reg, width uint64, ok bool) {
	a := x.Attrs
	reg, ok = u(a, "dreg")
	if !ok {
		return 0, 0, false
	}
	switch x.Name {
	case "payload", "exthdr", "bitwise", "byteorder":
		width, _ = u(a, "len")
		if x.Name == "exthdr" && hasFlag(a, "flags", 1) {
			width = 1 // "present" stores a boolean
		}
	case "meta":
		width = metaWidths[str(a, "key")]
	case "ct":
		switch k := str(a, "key"); k {
		case "src", "dst":
			width = addrWidth(uint64(family))
		default:
			width = ctWidths[k]
		}
	case "rt":
		width = rtWidths[str(a, "key")]
	case "socket":
		width = socketWidths[str(a, "key")]
	case "fib":
		width = fibWidths[str(a, "result")]
	case "osf":
		width = 16
	case "numgen", "hash", "tunnel":
		width = 4
	case "xfrm":
		switch str(a, "key") {
		case "daddr_ip6", "saddr_ip6":
			width = 16
		default:
			width = 4
		}
	case "immediate":
		width = uint64(len(value(a, "data")))
	}
	return reg, width, true
}

func hasFlag(a ynl.Attrs, k string, bit uint64) bool {
	n, _ := u(a, k)
	return n&bit != 0
}

// uses returns the width an expression reads from register reg, if it
// reads it (the consumers of immediates).
func uses(x Expr, reg uint64, family uint8) (uint64, bool) {
	a := x.Attrs
	is := func(k string) bool { r, ok := u(a, k); return ok && r == reg }
	switch x.Name {
	case "meta":
		if is("sreg") {
			return metaWidths[str(a, "key")], true
		}
	case "ct":
		if is("sreg") {
			return ctWidths[str(a, "key")], true
		}
	case "payload", "exthdr":
		if is("sreg") {
			n, _ := u(a, "len")
			return n, true
		}
	case "nat", "tproxy":
		fam := familyOf(a, "family", family)
		if is("reg-addr-min") || is("reg-addr-max") || is("reg-addr") {
			return addrWidth(fam), true
		}
		if is("reg-proto-min") || is("reg-proto-max") || is("reg-port") {
			return 2, true
		}
	case "masq", "redir":
		if is("reg-proto-min") || is("reg-proto-max") {
			return 2, true
		}
	case "dup", "fwd":
		if is("sreg-dev") {
			return 4, true
		}
		if is("sreg-addr") {
			return addrWidth(familyOf(a, "nfproto", family)), true
		}
	}
	return 0, false
}

func value(a ynl.Attrs, k string) []byte {
	d, _ := a[k].(ynl.Attrs)
	b, _ := d["value"].([]byte)
	return b
}

// narrow cuts data to width when width needs as many words as it has.
func narrow(a ynl.Attrs, k string, width uint64) {
	b := value(a, k)
	if b == nil || width == 0 || (width+3)/4 != uint64((len(b)+3)/4) || width > uint64(len(b)) {
		return
	}
	a[k] = ynl.Attrs{"value": b[:width]}
}

// fitWidths narrows the data values of exprs to their registers' widths
// and sets a bitwise's len.
func fitWidths(family uint8, exprs []Expr) {
	widths := map[uint64]uint64{}
	for i := range exprs {
		x := &exprs[i]
		a := x.Attrs
		if a == nil {
			continue
		}
		sreg, hasSreg := u(a, "sreg")
		w := widths[sreg]
		switch x.Name {
		case "cmp":
			narrow(a, "data", w)
		case "range":
			narrow(a, "from-data", w)
			narrow(a, "to-data", w)
		case "bitwise":
			if _, ok := a["mask"]; ok {
				narrow(a, "mask", w)
				narrow(a, "xor", w)
				a["len"] = uint64(len(value(a, "mask")))
			} else if hasSreg && w != 0 {
				a["len"] = w
				if op := str(a, "op"); op == "and" || op == "or" || op == "xor" {
					narrow(a, "data", w) // a shift's data is its 4-byte count
				}
			} else {
				a["len"] = uint64(4)
			}
		case "immediate":
			if reg, ok := u(a, "dreg"); ok && reg != 0 {
				for _, next := range exprs[i+1:] {
					if nw, ok := uses(next, reg, family); ok {
						narrow(a, "data", nw)
						break
					}
				}
			}
		}
		if reg, width, ok := load(*x, family); ok {
			widths[reg] = width
		}
	}
}
