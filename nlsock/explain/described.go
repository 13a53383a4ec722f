//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Message types that nlsh's own YNL descriptions declare (every
// rtnetlink object, tc, conntrack) are explained through them: the
// operation, the fixed header and every attribute come from the
// description (nlsock/ynl/builtin), not from tables of this package.

// describeBuiltin describes h by the description that declares its type,
// if one does.
func describeBuiltin(proto int, h nlsock.Header, payload []byte) (msgDesc, bool) {
	spec := builtin.ForMessage(proto, h.Type)
	if spec == nil {
		return msgDesc{}, false
	}
	d := msgDesc{typeName: nlsock.TypeName(proto, h.Type)}
	d.kind = kindOf(d.typeName)
	op := spec.OpFor(h.Type, h.Flags&nlsock.FlagRequest != 0)
	if op == nil {
		return d, true
	}
	d.typeName = fmt.Sprintf("%s (%s %s)", d.typeName, spec.Name, op.Name)
	if op.FixedHeader != nil {
		d.hdr = structHeader(spec, op.FixedHeader)
	}
	if spec.Name == "tc" {
		d.hdr = tcmsgSpec(h.Type)
	}
	set := op.Set
	if set == nil && op.Notify != "" {
		if n, err := spec.Op(op.Notify); err == nil {
			set = n.Set
		}
	}
	if set != nil {
		d.set = specSet(spec, set, 0, nil)
	}
	return d, true
}

// structHeader is a description's fixed header as this package prints
// headers: each member spelt as in C (ifi_index), integers with their
// enum's names.
func structHeader(s *ynl.Spec, st *ynl.Struct) *hdrSpec {
	h := &hdrSpec{name: strings.ReplaceAll(st.Name, "-", "_"), size: st.Size}
	off := 0
	for _, m := range st.Members {
		f := hfield{name: strings.ReplaceAll(m.Name, "-", "_"), off: off, size: m.Len, big: m.BigEndian}
		switch {
		case m.Len != 1 && m.Len != 2 && m.Len != 4 && m.Len != 8:
			f.text = func(b, _ []byte) string { return hexBytes(b, len(b)) }
		case m.Enum != nil:
			note := enumNote(m.Enum)
			f.note = func(v uint64, _ []byte) string { return note(nil, v) }
			f.hex = m.Enum.Flags
		case strings.HasSuffix(m.Name, "family") && m.Len == 1: // ifi-family, nh-family, nfgen-family
			f.note = famNote
		default:
			if note := extraNote(s, m.Name); note != nil {
				f.note = func(v uint64, _ []byte) string { return note(v) }
			}
		}
		h.fields = append(h.fields, f)
		off += m.Len
	}
	return h
}
