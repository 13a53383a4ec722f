//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// Message types explained through nlsh's own YNL descriptions
// (nlsock/ynl/builtin) rather than tables of this package: the fixed
// header and the attributes come from the description.
var builtinTypes = map[int]map[uint16]string{
	unix.NETLINK_ROUTE: {
		80: "rt-netconf", 81: "rt-netconf", 82: "rt-netconf", // RTM_*NETCONF
		104: "rt-nexthop", 105: "rt-nexthop", 106: "rt-nexthop", // RTM_*NEXTHOP
	},
	unix.NETLINK_NETFILTER: {
		0x100: "conntrack", 0x101: "conntrack", 0x102: "conntrack", // IPCTNL_MSG_CT_NEW, GET, DELETE
	},
}

// conntrackTypeNames names ctnetlink's message types as the kernel's header does.
var conntrackTypeNames = map[uint16]string{0x100: "IPCTNL_MSG_CT_NEW", 0x101: "IPCTNL_MSG_CT_GET", 0x102: "IPCTNL_MSG_CT_DELETE"}

// describeBuiltin describes h by its built-in description, if it has one.
func describeBuiltin(proto int, h nlsock.Header, o *Options) (msgDesc, bool) {
	name, ok := builtinTypes[proto][h.Type]
	if !ok {
		return msgDesc{}, false
	}
	spec, err := builtin.Spec(name)
	if err != nil {
		return msgDesc{}, false
	}
	request := h.Flags&nlsock.FlagRequest != 0
	var op *ynl.Op
	for _, pass := range []bool{request, !request} {
		for _, cand := range spec.Ops {
			if op == nil && (pass && cand.ReqValue == h.Type && (cand.Do != nil || cand.Dump != nil) ||
				!pass && cand.RspValue == h.Type) {
				op = cand
			}
		}
	}
	var d msgDesc
	switch proto {
	case unix.NETLINK_ROUTE:
		d = describeRoute(h.Type)
	default:
		d = describeNetfilter(h.Type)
		if n := conntrackTypeNames[h.Type]; n != "" {
			d.typeName = n
			d.kind = kindOf(n)
		}
	}
	if op == nil {
		return d, true
	}
	d.typeName = fmt.Sprintf("%s (%s %s)", d.typeName, spec.Name, op.Name)
	if op.FixedHeader != nil {
		d.hdr = structHeader(op.FixedHeader)
	}
	set := op.Set
	if set == nil && op.Notify != "" {
		if n, err := spec.Op(op.Notify); err == nil {
			set = n.Set
		}
	}
	if set != nil {
		d.set = specSet(set, 0)
	}
	return d, true
}

// structHeader is a description's fixed header as this package prints
// headers: each integer member with its enum's names.
func structHeader(st *ynl.Struct) *hdrSpec {
	h := &hdrSpec{name: st.Name, size: st.Size}
	off := 0
	for _, m := range st.Members {
		f := hfield{name: m.Name, off: off, size: m.Len, big: m.BigEndian}
		switch {
		case m.Enum != nil:
			note := enumNote(m.Enum)
			f.note = func(v uint64, _ []byte) string { return note(nil, v) }
		case strings.HasSuffix(m.Name, "family") && m.Len == 1: // nh-family, ncm-family, nfgen-family
			f.note = famNote
		}
		h.fields = append(h.fields, f)
		off += m.Len
	}
	return h
}
