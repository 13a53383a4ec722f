//go:build linux

package explain

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Traffic control messages (RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER) are
// explained by nlsh's tc description like every rtnetlink message; this
// file adds the tcmsg header as tc writes it and the text of a struct or a
// sub-message with a fixed header.

// tcmsgSpec is struct tcmsg, its handles named as tc writes them and
// tcm_info read as the message type uses it.
func tcmsgSpec(t uint16) *hdrSpec {
	handle := func(v uint64, _ []byte) string { return rtnl.HandleString(uint32(v)) }
	info := fn("tcm_info", 16, 4, func(v uint64, _ []byte) string {
		switch {
		case t >= rtnl.RTM_NEWTFILTER:
			o := rtnl.TC{Info: uint32(v)}
			return fmt.Sprintf("pref %d, protocol 0x%04x", o.Pref(), o.Protocol())
		case t >= rtnl.RTM_NEWTCLASS && v != 0:
			return "leaf qdisc " + rtnl.HandleString(uint32(v))
		}
		return ""
	})
	return &hdrSpec{"tcmsg", rtnl.TcMsgLen, []hfield{
		fn("tcm_family", 0, 1, famNote), f("tcm__pad1", 1, 1), f("tcm__pad2", 2, 2),
		f("tcm_ifindex", 4, 4), fn("tcm_handle", 8, 4, handle), fn("tcm_parent", 12, 4, handle), info,
	}}
}

// formatText is a sub-message with a fixed header: its members, then
// its attributes if the format has any.
func formatText(s *ynl.Spec, f ynl.SubFormat, d []byte) []string {
	h := f.FixedHeader
	v, err := h.Decode(d)
	if err != nil {
		return nil
	}
	parts := structParts(h, v, nil)
	if rest := d[h.Size:]; len(rest) > 0 && f.Set != nil {
		attrs, err := s.Decode(f.Set.Name, rest)
		if err != nil {
			return nil
		}
		parts = append(parts, "then "+valueText(attrs))
	}
	return wrapParts(parts)
}

// structParts is "struct name:" and "member value" for each member in
// the struct's order (nested structs in braces), then how many bytes
// follow it.
func structParts(st *ynl.Struct, v ynl.Attrs, tail []byte) []string {
	parts := []string{"struct " + st.Name + ":"}
	for _, m := range st.Members {
		if mv, ok := v[m.Name]; ok && m.Type != "pad" {
			parts = append(parts, m.Name+" "+valueText(mv))
			if _, nested := mv.(ynl.Attrs); nested {
				parts[len(parts)-1] = m.Name + " {" + valueText(mv) + "}"
			}
		}
	}
	if len(tail) > 0 {
		parts = append(parts, fmt.Sprintf("%d more bytes", len(tail)))
	}
	return parts
}

// valueText is a decoded value on one line, names in sorted order.
func valueText(v any) string {
	switch x := v.(type) {
	case ynl.Attrs:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " " + valueText(x[k])
			if _, nested := x[k].(ynl.Attrs); nested {
				parts[i] = k + " {" + valueText(x[k]) + "}"
			}
		}
		return strings.Join(parts, " ")
	case []byte:
		return fmt.Sprintf("%x", x)
	}
	return fmt.Sprint(v)
}
