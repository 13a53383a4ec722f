//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// A YNL spec (a kernel's or one of nlsh's own descriptions) is this
// package's one source of attribute names and value shapes for the
// families it describes: rtnetlink, tc, conntrack, and generic families
// given Options.GenlSpec. The walker (attrs.go) asks the set built here
// for each attribute's name, shape and expected length.

// describeSpec names a generic family's command and attributes from its
// YNL spec (Options.GenlSpec).
func describeSpec(d *msgDesc, spec *ynl.Spec, h nlsock.Header, payload []byte) {
	if len(payload) == 0 {
		return
	}
	op := spec.OpFor(uint16(payload[0]), h.Flags&nlsock.FlagRequest != 0)
	if op == nil {
		return
	}
	name := op.Name
	d.hdr = genlmsghdr(func(c uint8) string {
		if c == payload[0] {
			return fmt.Sprintf("%s (%s spec)", name, spec.Name)
		}
		return ""
	})
	switch {
	case h.Flags&nlsock.FlagDump == nlsock.FlagDump && h.Flags&nlsock.FlagRequest != 0, strings.HasSuffix(name, "-get"):
		d.kind = kindGet
	case strings.HasSuffix(name, "-new"), strings.HasSuffix(name, "-set"), strings.HasSuffix(name, "-add"):
		d.kind = kindNew
	case strings.HasSuffix(name, "-del"):
		d.kind = kindDel
	}
	if op.Set != nil && op.FixedHeader == nil {
		d.set = specSet(spec, op.Set, 0, nil)
	}
}

// scope is the attributes of one nest being explained, and the nests
// around it: where a sub-message's selector is looked up, innermost first
// (tc's TCA_STATS_APP is laid out by the qdisc's kind, two levels out).
type scope struct {
	set *ynl.AttrSet
	b   []byte
	up  *scope
}

// selector is the value of the attribute called name in the innermost
// scope whose set declares it, as a sub-message's formats are keyed.
func (sc *scope) selector(name string) (string, bool) {
	for ; sc != nil; sc = sc.up {
		a, err := sc.set.Attr(name)
		if err != nil {
			continue
		}
		var val string
		found := false
		_ = nlsock.WalkAttrs(sc.b, func(na nlsock.Attr) error {
			if na.Type == a.Value && !found {
				val, found = selectorValue(a, na.Data), true
			}
			return nil
		})
		return val, found
	}
	return "", false
}

// specSet is attribute-set as of spec s; up is the enclosing nest's scope
// and depth bounds the sets built (specs may be recursive). Attributes of
// a netlink-raw family or of nlsh's own descriptions (nlctrl) are named
// as the kernel's header names them (IFLA_MTU, CTRL_ATTR_OPS) where the
// set gives its name-prefix; a generic family's from another spec by the
// spec's name, as scripts use it.
func specSet(s *ynl.Spec, as *ynl.AttrSet, depth int, up *scope) *attrSet {
	cNamed := !s.IsGeneric() || isBuiltin(s)
	name := func(t uint16) string {
		a, ok := as.ByType(t)
		switch {
		case !ok:
			return ""
		case cNamed && as.CName(a) != "":
			return as.CName(a)
		}
		return a.Name
	}
	return &attrSet{name: name, byContent: func(b []byte) *attrSet {
		sc := &scope{set: as, b: b, up: up}
		return &attrSet{
			name: name,
			spec: func(t uint16) (spec, bool) {
				a, ok := as.ByType(t)
				if !ok {
					return spec{}, false
				}
				return attrSpec(s, a, depth, sc), true
			},
			malformed: func(t uint16, n int) string {
				if a, ok := as.ByType(t); ok {
					return a.LengthProblem(n)
				}
				return ""
			},
		}
	}}
}

// attrSpec is the value shape of attribute a, whose siblings are sc.
func attrSpec(s *ynl.Spec, a *ynl.Attr, depth int, sc *scope) spec {
	if sp, ok := extraSpec(s, sc, a.Name); ok {
		return sp
	}
	t := a.Type
	switch {
	case t == "string":
		return spec{k: vStr}
	case t == "flag":
		return spec{k: vFlag}
	case strings.HasPrefix(t, "u") && t != "unused":
		sp := spec{k: vUint}
		if a.BigEndian {
			sp.k = vBE
		}
		switch {
		case a.Enum != nil:
			sp.note = enumNote(a.Enum)
		default:
			if note := extraNote(s, a.Name); note != nil {
				sp.note = func(_ *printer, v uint64) string { return note(v) }
			}
		}
		return sp
	case strings.HasPrefix(t, "s") && t != "sub-message":
		return spec{k: vSint, big: a.BigEndian}
	case depth >= maxDepth:
		return spec{k: vMaybe}
	case t == "nest" && a.Nested != nil:
		return spec{k: vNest, set: func() *attrSet { return specSet(s, a.Nested, depth+1, sc) }}
	case t == "nest-type-value" && a.Nested != nil:
		return spec{k: vNest, set: func() *attrSet { return typeValueSet(specSet(s, a.Nested, depth+1, sc), a) }}
	case t == "indexed-array" && a.Nested != nil:
		return spec{k: vNest, set: func() *attrSet { return &attrSet{entry: specSet(s, a.Nested, depth+1, sc)} }}
	case t == "sub-message":
		return subMessageSpec(s, a, depth, sc)
	case t == "binary" && a.Struct != nil:
		st := a.Struct
		return spec{k: vCustom, text: func(_ *printer, d []byte) []string {
			v, err := st.Decode(d)
			if err != nil {
				return nil
			}
			return wrapParts(structParts(st, v, d[st.Size:]))
		}}
	case t == "binary" && a.Hint == "mac":
		return spec{k: vMAC}
	case t == "binary" && strings.HasPrefix(a.Hint, "ipv"):
		return spec{k: vIP}
	case t == "nest", t == "indexed-array", t == "nest-type-value":
		return spec{k: vMaybe}
	}
	return spec{k: vHex}
}

// subMessageSpec lays a sub-message out by the format its selector picks
// (rt-link's linkinfo data by kind, tc's options by kind).
func subMessageSpec(s *ynl.Spec, a *ynl.Attr, depth int, sc *scope) spec {
	key, _ := sc.selector(a.Selector)
	f, ok := a.Formats[key]
	switch {
	case !ok:
		return spec{k: vMaybe}
	case f.FixedHeader == nil && f.Set != nil:
		return spec{k: vNest, set: func() *attrSet { return specSet(s, f.Set, depth+1, sc) }}
	case f.FixedHeader == nil:
		return spec{k: vHex}
	}
	return spec{k: vCustom, text: func(_ *printer, d []byte) []string { return formatText(s, f, d) }}
}

// enumNote names an enum value, or the bits of a flags value.
func enumNote(e *ynl.Enum) func(*printer, uint64) string {
	return func(_ *printer, v uint64) string {
		if !e.Flags {
			n, _ := e.NameOf(v)
			return n
		}
		var names []string
		for i := range 64 {
			if bit := uint64(1) << i; v&bit != 0 {
				n, ok := e.NameOf(bit)
				if !ok {
					n = fmt.Sprintf("0x%x", bit)
				}
				names = append(names, n)
			}
		}
		return strings.Join(names, "|")
	}
}

// typeValueSet is a nest-type-value's levels of numbered entries (one per
// name of its type-value: nlctrl's policy is policy index, then
// attribute type), the innermost holding set.
func typeValueSet(set *attrSet, a *ynl.Attr) *attrSet {
	for range max(1, len(a.TypeValue)) {
		set = &attrSet{entry: set}
	}
	return set
}

// isBuiltin reports whether s is one of nlsh's own descriptions (which
// builtin marks by their path).
func isBuiltin(s *ynl.Spec) bool { return strings.HasPrefix(s.Path, builtin.PathPrefix) }

// nlctrlSet is attribute-set name of nlsh's description of nlctrl.
func nlctrlSet(name string) *attrSet {
	s := builtin.MustSpec("nlctrl")
	return specSet(s, s.Sets[name], 0, nil)
}

// policyAttrSet is what the kernel accepts for one attribute (an
// ext-ack's NLMSGERR_ATTR_POLICY).
func policyAttrSet() *attrSet { return nlctrlSet("policy-attrs") }

// selectorValue is a sub-message selector's value as its formats are
// keyed: a string, or an integer's enum name (an nf_tables object's
// data is chosen by its be32 type, "counter").
func selectorValue(a *ynl.Attr, b []byte) string {
	if a.Enum == nil || a.Type == "string" {
		return cstr(b)
	}
	v, ok := uintOf(b, a.BigEndian)
	if !ok {
		return ""
	}
	name, _ := a.Enum.NameOf(v)
	return name
}
