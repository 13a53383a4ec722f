//go:build linux

package ynl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Decode decodes attribute bytes by the attribute-set set. It never
// panics: on malformed input it returns what it decoded with an error
// naming the first problem (an attribute whose length does not fit its
// type keeps its bytes under its name).
func (s *Spec) Decode(set string, b []byte) (Attrs, error) {
	as, ok := s.Sets[set]
	if !ok {
		return nil, fmt.Errorf("%s has no attribute-set %q", s.Name, set)
	}
	d := decoder{}
	t := d.set(as, b, 0)
	return t, d.err
}

// decoder collects the first error while decoding goes on; frames are the
// attribute tables being filled, innermost last, where a sub-message's
// selector is looked up (submsg.go).
type decoder struct {
	err    error
	frames []frame
}

func (d *decoder) fail(path string, err error) {
	if d.err == nil {
		d.err = fmt.Errorf("%s: %w", path, err)
	}
}

func (d *decoder) set(as *AttrSet, b []byte, depth int) Attrs {
	t := Attrs{}
	if depth > nlsock.MaxNestingDepth {
		d.fail(as.Name, fmt.Errorf("nested deeper than %d", nlsock.MaxNestingDepth))
		return t
	}
	d.frames = append(d.frames, frame{as, t})
	defer func() { d.frames = d.frames[:len(d.frames)-1] }()
	err := nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
		a, ok := as.ByType(na.Type)
		if !ok || a.Type == "unused" {
			raw, _ := t[UnknownKey].([]RawAttr)
			t[UnknownKey] = append(raw, RawAttr{Type: na.Type, Nested: na.Nested, Data: na.Data})
			return nil
		}
		if a.Type == "pad" {
			return nil
		}
		v := d.one(a, na.Data, depth)
		if a.MultiAttr {
			l, _ := t[a.Name].([]any)
			t[a.Name] = append(l, v)
		} else {
			t[a.Name] = v
		}
		return nil
	})
	if err != nil {
		d.fail(as.Name, err)
	}
	return t
}

func (d *decoder) one(a *Attr, b []byte, depth int) any {
	switch a.Type {
	case "flag":
		return true
	case "string":
		s, _, _ := strings.Cut(string(b), "\x00")
		return s
	case "binary":
		if a.Struct != nil && len(b) >= a.Struct.Size {
			t := decodeStruct(a.Struct, b)
			if len(b) > a.Struct.Size {
				t[TailKey] = clone(b[a.Struct.Size:])
			}
			return t
		}
		return clone(b)
	case "nest":
		return d.set(a.Nested, b, depth+1)
	case "indexed-array":
		return d.array(a, b, depth)
	case "nest-type-value":
		return d.typeValue(a, b, depth)
	case "bitfield32":
		if len(b) != 8 {
			d.fail(a.Name, fmt.Errorf("bitfield32 of %d bytes", len(b)))
			return clone(b)
		}
		// with an enum, both halves are its names (sets of flags with
		// enum-as-flags), as the kernel's ynl decodes them
		value, selector := uint64(binary.NativeEndian.Uint32(b)), uint64(binary.NativeEndian.Uint32(b[4:]))
		if a.Enum != nil {
			return Attrs{"value": enumName(a.Enum, a.AsFlags, value), "selector": enumName(a.Enum, a.AsFlags, selector)}
		}
		return Attrs{"value": value, "selector": selector}
	case "sub-message":
		return d.subMessage(a, b, depth)
	}
	v, err := scalarValue(a.Type, a.BigEndian, a.Enum, a.AsFlags, b)
	if err != nil {
		d.fail(a.Name, err)
		return clone(b)
	}
	return v
}

func (d *decoder) array(a *Attr, b []byte, depth int) any {
	items := []any{}
	err := nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
		switch a.SubType {
		case "nest":
			items = append(items, d.set(a.Nested, na.Data, depth+1))
		case "binary":
			items = append(items, clone(na.Data))
		default:
			v, err := scalarValue(a.SubType, a.BigEndian, a.Enum, a.AsFlags, na.Data)
			if err != nil {
				d.fail(a.Name, err)
				v = clone(na.Data)
			}
			items = append(items, v)
		}
		return nil
	})
	if err != nil {
		d.fail(a.Name, err)
	}
	return items
}

// typeValue flattens nests typed by their keys into a list of tables that
// carry the keys under the type-value names beside the attributes.
func (d *decoder) typeValue(a *Attr, b []byte, depth int) any {
	items := []any{}
	var walk func(b []byte, lvl int, keys []uint64)
	walk = func(b []byte, lvl int, keys []uint64) {
		if lvl == len(a.TypeValue) {
			t := d.set(a.Nested, b, depth+1)
			for i, k := range keys {
				t[a.TypeValue[i]] = k
			}
			items = append(items, t)
			return
		}
		err := nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
			walk(na.Data, lvl+1, append(keys[:lvl:lvl], uint64(na.Type)))
			return nil
		})
		if err != nil {
			d.fail(a.Name, err)
		}
	}
	walk(b, 0, nil)
	return items
}

var errLength = errors.New("wrong length")

// scalarValue decodes an integer attribute, naming enum values.
func scalarValue(typ string, big bool, en *Enum, asFlags bool, b []byte) (any, error) {
	size, ok := scalarSize[typ]
	switch {
	case typ == "uint" || typ == "sint":
		if len(b) != 4 && len(b) != 8 {
			return nil, fmt.Errorf("%s of %d bytes: %w", typ, len(b), errLength)
		}
		size = len(b)
	case !ok:
		return nil, fmt.Errorf("type %q is not supported", typ)
	case len(b) != size:
		return nil, fmt.Errorf("%s of %d bytes: %w", typ, len(b), errLength)
	}
	u := getUint(b, big)
	if typ == "sint" || typ[0] == 's' {
		shift := 64 - 8*size
		i := int64(u<<shift) >> shift
		if en == nil {
			return i, nil
		}
		u = uint64(i)
	}
	return enumName(en, asFlags, u), nil
}

func getUint(b []byte, big bool) uint64 {
	var order binary.ByteOrder = binary.NativeEndian
	if big {
		order = binary.BigEndian
	}
	switch len(b) {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(order.Uint16(b))
	case 4:
		return uint64(order.Uint32(b))
	}
	return order.Uint64(b)
}

// enumName names u: an enum entry's name, or for flags the list of the set
// bits' names; values without a name stay numbers.
func enumName(en *Enum, asFlags bool, u uint64) any {
	if en == nil {
		return u
	}
	if !asFlags {
		if n, ok := en.NameOf(u); ok {
			return n
		}
		return u
	}
	names := []any{}
	for bit := uint64(1); bit != 0 && u != 0; bit <<= 1 {
		if u&bit == 0 {
			continue
		}
		u &^= bit
		if n, ok := en.NameOf(bit); ok {
			names = append(names, n)
		} else {
			names = append(names, bit)
		}
	}
	return names
}

// decodeStruct reads st from the start of b (len(b) >= st.Size).
func decodeStruct(st *Struct, b []byte) Attrs {
	t := Attrs{}
	st.eachField(b, func(m Member, field []byte) {
		switch {
		case m.Struct != nil:
			t[m.Name] = decodeStruct(m.Struct, field)
		case scalarSize[m.Type] > 0:
			v, err := scalarValue(m.Type, m.BigEndian, m.Enum, m.AsFlags, field)
			if err != nil {
				v = clone(field)
			}
			t[m.Name] = v
		default:
			t[m.Name] = clone(field)
		}
	})
	return t
}

// eachField calls f with each member of st but padding and the member's
// bytes, read from the start of b (len(b) >= st.Size).
func (st *Struct) eachField(b []byte, f func(m Member, field []byte)) {
	off := 0
	for _, m := range st.Members {
		field := b[off : off+m.Len]
		off += m.Len
		if m.Type != "pad" {
			f(m, field)
		}
	}
}

func clone(b []byte) []byte { return append([]byte{}, b...) }

// Decode reads the struct from the start of b, struct members as tables.
func (st *Struct) Decode(b []byte) (Attrs, error) {
	if len(b) < st.Size {
		return nil, fmt.Errorf("struct %s needs %d bytes, have %d", st.Name, st.Size, len(b))
	}
	return decodeStruct(st, b), nil
}
