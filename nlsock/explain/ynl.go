//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// describeSpec names a generic family's command and attributes from its
// YNL spec (Options.GenlSpec).
func describeSpec(d *msgDesc, spec *ynl.Spec, h nlsock.Header, payload []byte) {
	if len(payload) == 0 {
		return
	}
	op := specOp(spec, payload[0], h.Flags&nlsock.FlagRequest != 0)
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
		d.set = specSet(op.Set, 0)
	}
}

// specOp finds the operation whose requests (or replies) carry cmd.
func specOp(spec *ynl.Spec, cmd uint8, request bool) *ynl.Op {
	for _, pass := range []bool{request, !request} {
		for _, op := range spec.Ops {
			if pass && op.ReqValue == uint16(cmd) || !pass && op.RspValue == uint16(cmd) && cmd != 0 {
				return op
			}
		}
	}
	return nil
}

// specSet is an attribute set of a spec; depth bounds the sets built for
// nests (specs may be recursive).
func specSet(as *ynl.AttrSet, depth int) *attrSet {
	return &attrSet{
		name: func(t uint16) string {
			if a, ok := as.ByType(t); ok {
				return a.Name
			}
			return ""
		},
		spec: func(t uint16) (spec, bool) {
			a, ok := as.ByType(t)
			if !ok {
				return spec{}, false
			}
			return attrSpec(a, depth), true
		},
	}
}

// attrSpec is the value shape of a spec attribute.
func attrSpec(a *ynl.Attr, depth int) spec {
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
		if a.Enum != nil {
			sp.note = enumNote(a.Enum)
		}
		return sp
	case strings.HasPrefix(t, "s") && t != "sub-message":
		return spec{k: vSint}
	case t == "nest" && a.Nested != nil && depth < maxDepth:
		return spec{k: vNest, set: func() *attrSet { return specSet(a.Nested, depth+1) }}
	case t == "indexed-array" && a.Nested != nil && depth < maxDepth:
		return spec{k: vNest, set: func() *attrSet { return &attrSet{entry: specSet(a.Nested, depth+1)} }}
	case t == "nest", t == "indexed-array", t == "nest-type-value", t == "sub-message":
		return spec{k: vMaybe}
	}
	return spec{k: vHex}
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
