//go:build linux

package explain

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"

	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// hfield is one field of a fixed family header.
type hfield struct {
	name string
	off  int
	size int // 1, 2, 4 or 8 for integers; any size for bytes
	big  bool
	hex  bool                              // shown in hex (flags)
	note func(v uint64, hdr []byte) string // name of an integer value
	text func(b []byte, hdr []byte) string // a non-integer field (addresses)
}

// hdrSpec is a fixed struct that starts a family's payload.
type hdrSpec struct {
	name   string
	size   int
	fields []hfield
}

func f(name string, off, size int) hfield { return hfield{name: name, off: off, size: size} }

func fn(name string, off, size int, note func(uint64, []byte) string) hfield {
	return hfield{name: name, off: off, size: size, note: note}
}

func famNote(v uint64, _ []byte) string { return rtnl.FamilyName(uint8(v)) }

func genlmsghdr(cmdName func(uint8) string) *hdrSpec {
	return &hdrSpec{"genlmsghdr", genl.HeaderLen, []hfield{
		fn("cmd", 0, 1, func(v uint64, _ []byte) string { return cmdName(uint8(v)) }),
		f("version", 1, 1), f("reserved", 2, 2),
	}}
}

var nfgenmsg = &hdrSpec{"nfgenmsg", nft.HeaderLen, []hfield{
	fn("nfgen_family", 0, 1, func(v uint64, _ []byte) string { return nft.FamilyName(uint8(v)) }),
	f("version", 1, 1),
	{name: "res_id", off: 2, size: 2, big: true},
}}

func diagFam(v uint64, _ []byte) string { return diag.FamilyName(uint8(v)) }

func diagState(v uint64, _ []byte) string { return diag.StateName(uint8(v)) }

func stateBits(v uint64, _ []byte) string {
	if uint32(v) == diag.AllStates {
		return "all"
	}
	var names []string
	for i := range 32 {
		if v&(1<<i) != 0 {
			names = append(names, diag.StateName(uint8(i)))
		}
	}
	return strings.Join(names, "|")
}

// sockAddr shows an inet_diag_sockid address for the header's family.
func sockAddr(b, hdr []byte) string {
	if hdr[0] == diag.FamilyINet {
		return netip.AddrFrom4([4]byte(b[:4])).String()
	}
	return netip.AddrFrom16([16]byte(b)).String()
}

func cookie(b, _ []byte) string {
	return fmt.Sprintf("0x%x", binary.NativeEndian.Uint64(b))
}

// sockid lists the inet_diag_sockid fields at off.
func sockid(off int) []hfield {
	return []hfield{
		{name: "id.idiag_sport", off: off, size: 2, big: true},
		{name: "id.idiag_dport", off: off + 2, size: 2, big: true},
		{name: "id.idiag_src", off: off + 4, size: 16, text: sockAddr},
		{name: "id.idiag_dst", off: off + 20, size: 16, text: sockAddr},
		f("id.idiag_if", off+36, 4),
		{name: "id.idiag_cookie", off: off + 40, size: 8, text: cookie},
	}
}

var inetDiagReq = &hdrSpec{"inet_diag_req_v2", diag.HeaderLen(diag.FamilyINet, true), append([]hfield{
	fn("sdiag_family", 0, 1, diagFam), f("sdiag_protocol", 1, 1), f("idiag_ext", 2, 1), f("pad", 3, 1),
	fn("idiag_states", 4, 4, stateBits)}, sockid(8)...)}

var inetDiagMsg = &hdrSpec{"inet_diag_msg", diag.HeaderLen(diag.FamilyINet, false), append(append([]hfield{
	fn("idiag_family", 0, 1, diagFam), fn("idiag_state", 1, 1, diagState),
	f("idiag_timer", 2, 1), f("idiag_retrans", 3, 1)}, sockid(4)...),
	f("idiag_expires", 52, 4), f("idiag_rqueue", 56, 4), f("idiag_wqueue", 60, 4),
	f("idiag_uid", 64, 4), f("idiag_inode", 68, 4))}

var unixDiagReq = &hdrSpec{"unix_diag_req", diag.HeaderLen(diag.FamilyUnix, true), []hfield{
	fn("sdiag_family", 0, 1, diagFam), f("sdiag_protocol", 1, 1), f("pad", 2, 2),
	fn("udiag_states", 4, 4, stateBits), f("udiag_ino", 8, 4),
	fn("udiag_show", 12, 4, func(v uint64, _ []byte) string {
		var names []string
		for i, n := range []string{"NAME", "VFS", "PEER", "ICONS", "RQLEN", "MEMINFO", "UID"} {
			if v&(1<<i) != 0 {
				names = append(names, n)
			}
		}
		return strings.Join(names, "|")
	}),
	{name: "udiag_cookie", off: 16, size: 8, text: cookie},
}}

var unixDiagMsg = &hdrSpec{"unix_diag_msg", diag.HeaderLen(diag.FamilyUnix, false), []hfield{
	fn("udiag_family", 0, 1, diagFam),
	fn("udiag_type", 1, 1, func(v uint64, _ []byte) string {
		return map[uint64]string{1: "SOCK_STREAM", 2: "SOCK_DGRAM", 5: "SOCK_SEQPACKET"}[v]
	}),
	fn("udiag_state", 2, 1, diagState), f("udiag_pad", 3, 1), f("udiag_ino", 4, 4),
	{name: "udiag_cookie", off: 8, size: 8, text: cookie},
}}

// header explains the family header h at offset base. The caller has
// checked that hdr holds h.size bytes.
func (p *printer) header(h *hdrSpec, hdr []byte, base, depth int) {
	p.raw(depth, "%s (%d bytes)", h.name, h.size)
	p.structName = h.name
	for _, fl := range h.fields {
		b := hdr[fl.off : fl.off+fl.size]
		var v string
		if fl.text != nil {
			v = fl.text(b, hdr)
		} else {
			n, _ := uintOf(b, fl.big)
			v = fmt.Sprint(n)
			if fl.hex || strings.HasSuffix(fl.name, "flags") || strings.HasSuffix(fl.name, "change") ||
				strings.HasSuffix(fl.name, "states") || strings.HasSuffix(fl.name, "show") {
				v = fmt.Sprintf("0x%0*x", 2*fl.size, n)
			}
			if fl.big && fl.size > 1 {
				v += " (big-endian)"
			}
			if fl.note != nil {
				if s := fl.note(n, hdr); s != "" {
					v += " = " + s
				}
			}
		}
		p.field(base+fl.off, depth+1, fl.name, fl.size, v)
	}
}
