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
		if spec.Name == "tc" {
			tcNotes(d.hdr, h.Type)
		}
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
// enum's names, a member laid out as a struct by its own members
// (sock_diag's id.sport).
func structHeader(s *ynl.Spec, st *ynl.Struct) *hdrSpec {
	return &hdrSpec{name: cName(st.Name), size: st.Size, fields: structFields(s, st, "", 0, nil)}
}

func cName(name string) string { return strings.ReplaceAll(name, "-", "_") }

// structFields appends the fields of st, which starts at off, named with
// prefix.
func structFields(s *ynl.Spec, st *ynl.Struct, prefix string, off int, fields []hfield) []hfield {
	for _, m := range st.Members {
		if m.Struct != nil {
			fields = structFields(s, m.Struct, prefix+cName(m.Name)+".", off, fields)
			off += m.Len
			continue
		}
		f := hfield{name: prefix + cName(m.Name), off: off, size: m.Len, big: m.BigEndian, text: extraText(s, m.Name)}
		switch {
		case f.text != nil:
		case m.Len != 1 && m.Len != 2 && m.Len != 4 && m.Len != 8:
			f.text = func(b, _ []byte) string { return hexBytes(b, len(b)) }
		case m.Enum != nil:
			note := enumNote(m.Enum)
			f.note = func(v uint64, _ []byte) string { return note(nil, v) }
			f.hex = m.Enum.Flags
		case extraNote(s, m.Name) != nil:
			note := extraNote(s, m.Name)
			f.note = func(v uint64, _ []byte) string { return note(v) }
		case strings.HasSuffix(m.Name, "family") && m.Len == 1: // ifi-family, nh-family, nfgen-family
			f.note = famNote
		}
		fields = append(fields, f)
		off += m.Len
	}
	return fields
}
