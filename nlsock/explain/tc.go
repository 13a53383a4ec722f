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
// file reads the tcmsg header as tc writes it and the text of a struct or a
// sub-message with a fixed header.

// tcNotes reads the members of h, tc.yaml's tcmsg, as tc writes them:
// the handles as major:minor, info as message type t uses it.
func tcNotes(h *hdrSpec, t uint16) {
	handle := func(v uint64, _ []byte) string { return rtnl.HandleString(uint32(v)) }
	for i := range h.fields {
		switch f := &h.fields[i]; f.name {
		case "handle", "parent":
			f.note = handle
		case "info":
			f.note = func(v uint64, _ []byte) string {
				switch {
				case t >= rtnl.RTM_NEWTFILTER:
					o := rtnl.TC{Info: uint32(v)}
					return fmt.Sprintf("pref %d, protocol 0x%04x", o.Pref(), o.Protocol())
				case t >= rtnl.RTM_NEWTCLASS && v != 0:
					return "leaf qdisc " + rtnl.HandleString(uint32(v))
				}
				return ""
			}
		}
	}
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
