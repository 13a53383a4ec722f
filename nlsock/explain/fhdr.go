//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock/genl"
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

func famNote(v uint64, _ []byte) string { return rtnl.FamilyName(uint8(v)) }

func genlmsghdr(cmdName func(uint8) string) *hdrSpec {
	return &hdrSpec{"genlmsghdr", genl.HeaderLen, []hfield{
		{name: "cmd", off: 0, size: 1, note: func(v uint64, _ []byte) string { return cmdName(uint8(v)) }},
		{name: "version", off: 1, size: 1}, {name: "reserved", off: 2, size: 2},
	}}
}

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
