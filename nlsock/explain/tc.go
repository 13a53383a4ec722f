//go:build linux

package explain

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Traffic control messages (RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER) are
// explained by nlsh's tc description: the attribute names and types come
// from it, and the kind's options (a sub-message) by the format the
// message's TCA_KIND picks. An action's options inside a filter stay
// nested attributes: their kind is one level further in.

// describeTC describes a tc message of type t; payload picks the kind.
func describeTC(t uint16, payload []byte) msgDesc {
	d := msgDesc{typeName: rtnl.MessageTypeName(t)}
	d.kind = kindOf(d.typeName)
	d.hdr = tcmsgSpec(t)
	spec, err := builtin.Spec("tc")
	if err != nil {
		return d
	}
	op, _ := spec.Op("getqdisc")
	kind := ""
	if len(payload) >= rtnl.TcMsgLen {
		if attrs, err := nlsock.ParseAttrs(payload[rtnl.TcMsgLen:]); err == nil {
			for _, a := range attrs {
				if a.Type == 1 { // TCA_KIND
					kind, _, _ = strings.Cut(string(a.Data), "\x00")
				}
			}
		}
	}
	d.set = tcSet(op.Set, kind, 0)
	return d
}

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

// tcSet is a set of the tc description where sub-messages and structs
// are decoded by it; kind is the message's TCA_KIND.
func tcSet(as *ynl.AttrSet, kind string, depth int) *attrSet {
	set := specSet(as, depth)
	set.spec = func(t uint16) (spec, bool) {
		a, ok := as.ByType(t)
		if !ok {
			return spec{}, false
		}
		return tcAttrSpec(as, a, kind, depth), true
	}
	return set
}

func tcAttrSpec(as *ynl.AttrSet, a *ynl.Attr, kind string, depth int) spec {
	switch {
	case depth >= maxDepth:
	case a.Type == "sub-message" && as.Name != "tc-act-attrs":
		f, ok := a.Formats[kind]
		switch {
		case !ok:
			return spec{k: vMaybe}
		case f.FixedHeader == nil && f.Set != nil:
			return spec{k: vNest, set: func() *attrSet { return tcSet(f.Set, kind, depth+1) }}
		case f.FixedHeader == nil:
			return spec{k: vHex}
		}
		return spec{k: vCustom, text: func(_ *printer, d []byte) []string { return formatText(f, d) }}
	case a.Type == "nest" && a.Nested != nil:
		return spec{k: vNest, set: func() *attrSet { return tcSet(a.Nested, kind, depth+1) }}
	case a.Type == "indexed-array" && a.Nested != nil:
		return spec{k: vNest, set: func() *attrSet { return &attrSet{entry: tcSet(a.Nested, kind, depth+1)} }}
	case a.Type == "binary" && a.Struct != nil:
		st := a.Struct
		return spec{k: vCustom, text: func(_ *printer, d []byte) []string {
			v, err := st.Decode(d)
			if err != nil {
				return nil
			}
			return wrapParts(structParts(st.Name, v, d[st.Size:]))
		}}
	}
	return attrSpec(a, depth)
}

// formatText is a sub-message with a fixed header: its members, then
// its attributes if the format has any.
func formatText(f ynl.SubFormat, d []byte) []string {
	h := f.FixedHeader
	v, err := h.Decode(d)
	if err != nil {
		return nil
	}
	parts := structParts(h.Name, v, nil)
	if rest := d[h.Size:]; len(rest) > 0 && f.Set != nil {
		attrs, err := builtin.MustSpec("tc").Decode(f.Set.Name, rest)
		if err != nil {
			return nil
		}
		parts = append(parts, "then "+valueText(attrs))
	}
	return wrapParts(parts)
}

// structParts writes "struct name: member value, ..." (nested structs in
// braces) and says how many bytes follow it.
func structParts(name string, v ynl.Attrs, tail []byte) []string {
	parts := []string{"struct " + name + ": " + valueText(v)}
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
