//go:build linux

package ynl

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Encode encodes attrs by the names of the attribute-set set: attributes
// in the set's order (so the bytes do not depend on map order), a nest
// with NLA_F_NESTED. A name the set lacks, a value of the wrong type or
// out of range fails with an error naming the attribute's path.
func (s *Spec) Encode(set string, attrs Attrs) ([]byte, error) {
	as, ok := s.Sets[set]
	if !ok {
		return nil, fmt.Errorf("%s has no attribute-set %q (sets: %s)", s.Name, set, strings.Join(s.SetNames(), ", "))
	}
	var e nlsock.AttrEncoder
	if err := encodeSet(&e, as, attrs, nil, 0); err != nil {
		return nil, err
	}
	return e.Bytes(), e.Err()
}

// EncodeRequest encodes the body of a request of op: its fixed header (from
// the member names in attrs) and attributes, without the genlmsghdr.
func (s *Spec) EncodeRequest(op *Op, attrs Attrs) ([]byte, error) {
	var hdr []byte
	var skip map[string]bool
	if op.FixedHeader != nil {
		var err error
		if hdr, err = encodeStruct(op.FixedHeader, attrs, true); err != nil {
			return nil, fmt.Errorf("fixed header %s: %w", op.FixedHeader.Name, err)
		}
		skip = map[string]bool{}
		for _, m := range op.FixedHeader.Members {
			skip[m.Name] = true
		}
	}
	if op.Set == nil {
		if n := len(attrs) - len(skip); n > 0 {
			return nil, fmt.Errorf("operation %s takes no attributes", op.Name)
		}
		return hdr, nil
	}
	e := nlsock.AttrEncoder{}
	if err := encodeSet(&e, op.Set, attrs, skip, 0); err != nil {
		return nil, err
	}
	if e.Err() != nil {
		return nil, e.Err()
	}
	return append(hdr, e.Bytes()...), nil
}

func encodeSet(e *nlsock.AttrEncoder, set *AttrSet, attrs Attrs, skip map[string]bool, depth int) error {
	if depth > nlsock.MaxNestingDepth {
		return fmt.Errorf("attributes nested deeper than %d", nlsock.MaxNestingDepth)
	}
	for name := range attrs {
		if name == UnknownKey || skip[name] {
			continue
		}
		if _, err := set.Attr(name); err != nil {
			return err
		}
	}
	for _, a := range set.Attrs {
		v, ok := attrs[a.Name]
		if !ok || v == nil {
			continue
		}
		if err := encodeAttr(e, a, v, attrs, depth); err != nil {
			return fmt.Errorf("attribute %s (%s): %w", a.Name, a.Type, err)
		}
	}
	if raw, ok := attrs[UnknownKey]; ok {
		return encodeRaw(e, raw)
	}
	return nil
}

// scope is the table a holds a value of: a sub-message's selector is there.
func encodeAttr(e *nlsock.AttrEncoder, a *Attr, v any, scope Attrs, depth int) error {
	if !a.MultiAttr {
		return encodeOne(e, a, v, scope, depth)
	}
	for i, item := range toList(v) {
		if err := encodeOne(e, a, item, scope, depth); err != nil {
			return fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	return nil
}

func encodeOne(e *nlsock.AttrEncoder, a *Attr, v any, scope Attrs, depth int) error {
	switch a.Type {
	case "flag":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want true or false, got %s", kind(v))
		}
		if b {
			e.Flag(a.Value)
		}
		return nil
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string, got %s", kind(v))
		}
		e.String(a.Value, s)
		return nil
	case "binary":
		return encodeBinary(e, a, v)
	case "nest":
		t, err := toAttrs(v)
		if err != nil {
			return err
		}
		return encodeNest(e, a.Value, func(in *nlsock.AttrEncoder) error { return encodeSet(in, a.Nested, t, nil, depth+1) })
	case "indexed-array":
		return encodeArray(e, a, v, depth)
	case "nest-type-value":
		return encodeTypeValue(e, a, v, depth)
	case "bitfield32":
		return encodeBitfield(e, a, v)
	case "sub-message":
		return encodeSubMessage(e, a, v, scope, depth)
	case "pad", "unused":
		return fmt.Errorf("is %s and cannot be set", a.Type)
	}
	b, err := scalarBytes(a.Type, a.BigEndian, a.Enum, a.AsFlags, v)
	if err != nil {
		return err
	}
	e.Raw(a.Value, b)
	return nil
}

func encodeNest(e *nlsock.AttrEncoder, typ uint16, fn func(*nlsock.AttrEncoder) error) error {
	var err error
	e.Nest(typ|nlsock.AttrNested, func(in *nlsock.AttrEncoder) { err = fn(in) })
	return err
}

func encodeBinary(e *nlsock.AttrEncoder, a *Attr, v any) error {
	if a.Struct != nil {
		if t, err := toAttrs(v); err == nil {
			b, err := encodeStruct(a.Struct, t, false)
			if err != nil {
				return err
			}
			if tail, ok := t[TailKey]; ok {
				rest, err := toBytes(tail)
				if err != nil {
					return fmt.Errorf("%s: %w", TailKey, err)
				}
				b = append(b, rest...)
			}
			e.Raw(a.Value, b)
			return nil
		}
	}
	b, err := hintedBytes(a.Hint, v)
	if err != nil {
		return err
	}
	e.Raw(a.Value, b)
	return nil
}

func encodeArray(e *nlsock.AttrEncoder, a *Attr, v any, depth int) error {
	items := toList(v)
	return encodeNest(e, a.Value, func(in *nlsock.AttrEncoder) error {
		for i, item := range items {
			idx := uint16(i + 1)
			var err error
			switch a.SubType {
			case "nest":
				var t Attrs
				if t, err = toAttrs(item); err == nil {
					err = encodeNest(in, idx, func(n *nlsock.AttrEncoder) error { return encodeSet(n, a.Nested, t, nil, depth+1) })
				}
			case "binary":
				var b []byte
				if b, err = toBytes(item); err == nil {
					in.Raw(idx, b)
				}
			default:
				var b []byte
				if b, err = scalarBytes(a.SubType, a.BigEndian, a.Enum, a.AsFlags, item); err == nil {
					in.Raw(idx, b)
				}
			}
			if err != nil {
				return fmt.Errorf("item %d: %w", i+1, err)
			}
		}
		return nil
	})
}

// encodeTypeValue writes the items {level1 = n, level2 = m, attrs...} in
// one nest, each as nests typed n, m holding the attributes.
func encodeTypeValue(e *nlsock.AttrEncoder, a *Attr, v any, depth int) error {
	items := toList(v)
	return encodeNest(e, a.Value, func(out *nlsock.AttrEncoder) error {
		for i, item := range items {
			if err := encodeTypeValueItem(out, a, item, depth); err != nil {
				return fmt.Errorf("item %d: %w", i+1, err)
			}
		}
		return nil
	})
}

func encodeTypeValueItem(out *nlsock.AttrEncoder, a *Attr, item any, depth int) error {
	t, err := toAttrs(item)
	if err != nil {
		return err
	}
	skip := map[string]bool{}
	types := make([]uint16, len(a.TypeValue))
	for j, level := range a.TypeValue {
		n, err := toUint(t[level], 14)
		if err != nil {
			return fmt.Errorf("%s: %w", level, err)
		}
		types[j], skip[level] = uint16(n), true
	}
	var fill func(in *nlsock.AttrEncoder, lvl int) error
	fill = func(in *nlsock.AttrEncoder, lvl int) error {
		if lvl == len(types) {
			return encodeSet(in, a.Nested, t, skip, depth+1)
		}
		return encodeNest(in, types[lvl], func(n *nlsock.AttrEncoder) error { return fill(n, lvl+1) })
	}
	return fill(out, 0)
}

func encodeBitfield(e *nlsock.AttrEncoder, a *Attr, v any) error {
	t, err := toAttrs(v)
	if err != nil {
		return err
	}
	var b []byte
	for _, k := range []string{"value", "selector"} {
		var n uint64
		if x, ok := t[k]; ok {
			if n, err = enumValue(a.Enum, a.AsFlags, x, 32); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		b = binary.NativeEndian.AppendUint32(b, uint32(n))
	}
	e.Raw(a.Value, b)
	return nil
}

func encodeRaw(e *nlsock.AttrEncoder, v any) error {
	switch x := v.(type) {
	case []RawAttr:
		for _, r := range x {
			typ := r.Type
			if r.Nested {
				typ |= nlsock.AttrNested
			}
			e.Raw(typ, r.Data)
		}
		return nil
	case []any:
		for i, item := range x {
			t, err := toAttrs(item)
			if err != nil {
				return fmt.Errorf("%s item %d: %w", UnknownKey, i+1, err)
			}
			typ, err := toUint(t["type"], 14)
			if err != nil {
				return fmt.Errorf("%s item %d: type: %w", UnknownKey, i+1, err)
			}
			data, err := toBytes(t["data"])
			if err != nil {
				return fmt.Errorf("%s item %d: data: %w", UnknownKey, i+1, err)
			}
			if nested, _ := t["nested"].(bool); nested {
				typ |= uint64(nlsock.AttrNested)
			}
			e.Raw(uint16(typ), data)
		}
		return nil
	}
	return fmt.Errorf("%s: want a list of raw attributes, got %s", UnknownKey, kind(v))
}

// scalarBytes encodes an integer of type typ (uint and sint take 4 or 8
// bytes by value, as the kernel's nla_put_uint does).
func scalarBytes(typ string, big bool, en *Enum, asFlags bool, v any) ([]byte, error) {
	signed := typ == "sint" || typ[0] == 's'
	var size int
	if typ == "uint" || typ == "sint" {
		size = 8
	} else if n, ok := scalarSize[typ]; ok {
		size = n
	} else {
		return nil, fmt.Errorf("type %q is not supported", typ)
	}
	var u uint64
	if signed && en == nil {
		i, err := toInt(v, size*8)
		if err != nil {
			return nil, err
		}
		u = uint64(i)
	} else {
		var err error
		if u, err = enumValue(en, asFlags, v, size*8); err != nil {
			return nil, err
		}
	}
	if typ == "uint" || typ == "sint" {
		if fits32(u, signed) {
			size = 4
		}
	}
	return putUint(size, big, u), nil
}

func fits32(u uint64, signed bool) bool {
	if signed {
		i := int64(u)
		return i >= -1<<31 && i < 1<<31
	}
	return u <= 0xffffffff
}

func putUint(size int, big bool, u uint64) []byte {
	var order binary.ByteOrder = binary.NativeEndian
	if big {
		order = binary.BigEndian
	}
	b := make([]byte, size)
	switch size {
	case 1:
		b[0] = byte(u)
	case 2:
		order.PutUint16(b, uint16(u))
	case 4:
		order.PutUint32(b, uint32(u))
	case 8:
		order.PutUint64(b, u)
	}
	return b
}

// enumValue reads an integer that may be written as an enum entry's name
// or, for flags, a list of names and numbers.
func enumValue(en *Enum, asFlags bool, v any, bits int) (uint64, error) {
	if en == nil {
		return toUint(v, bits)
	}
	lookup := func(x any) (uint64, error) {
		if s, ok := x.(string); ok {
			if n, found := en.Lookup(s); found {
				return n, nil
			}
			if _, err := toUint(s, bits); err != nil {
				return 0, fmt.Errorf("%q is not in %s (%s)", s, en.Name, entryNames(en))
			}
		}
		return toUint(x, bits)
	}
	if !asFlags {
		return lookup(v)
	}
	var u uint64
	for _, item := range toList(v) {
		n, err := lookup(item)
		if err != nil {
			return 0, err
		}
		u |= n
	}
	return checkUintBits(u, bits)
}

func entryNames(en *Enum) string {
	names := make([]string, len(en.Entries))
	for i, e := range en.Entries {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}

// encodeStruct lays out st from t; absent members are zero. With partial,
// t may hold other keys (a fixed header shares the table with attributes).
func encodeStruct(st *Struct, t Attrs, partial bool) ([]byte, error) {
	b := make([]byte, 0, st.Size)
	known := map[string]bool{}
	for _, m := range st.Members {
		known[m.Name] = true
		v, ok := t[m.Name]
		switch {
		case m.Type == "pad" || (!ok && m.Type != "binary" && scalarSize[m.Type] > 0):
			if ok && m.Type == "pad" {
				return nil, fmt.Errorf("member %s is padding", m.Name)
			}
			b = append(b, make([]byte, m.Len)...)
		case scalarSize[m.Type] > 0:
			enc, err := scalarBytes(m.Type, m.BigEndian, m.Enum, m.AsFlags, v)
			if err != nil {
				return nil, fmt.Errorf("member %s (%s): %w", m.Name, m.Type, err)
			}
			b = append(b, enc...)
		case m.Struct != nil && ok && kind(v) == "table":
			var inner []byte
			members, err := toAttrs(v)
			if _, tail := members[TailKey]; err == nil && tail {
				err = fmt.Errorf("%s: a struct inside a struct has a fixed size", TailKey)
			}
			if err == nil {
				inner, err = encodeStruct(m.Struct, members, false)
			}
			if err != nil {
				return nil, fmt.Errorf("member %s: %w", m.Name, err)
			}
			b = append(b, inner...)
		default:
			field := make([]byte, m.Len)
			if ok {
				data, err := toBytes(v)
				if err != nil {
					return nil, fmt.Errorf("member %s: %w", m.Name, err)
				}
				if len(data) > m.Len {
					return nil, fmt.Errorf("member %s: %d bytes, the field has %d", m.Name, len(data), m.Len)
				}
				copy(field, data)
			}
			b = append(b, field...)
		}
	}
	if !partial {
		for k := range t {
			if !known[k] && k != TailKey {
				return nil, fmt.Errorf("struct %s has no member %q", st.Name, k)
			}
		}
	}
	return b, nil
}

// Encode writes the struct from its members' names (absent ones zero).
func (st *Struct) Encode(t Attrs) ([]byte, error) { return encodeStruct(st, t, false) }

// Put appends attribute name of s holding v, encoded by the type the
// description gives it (its number, width and byte order) as Encode does:
// typed request builders name attributes and never number them.
func (s *AttrSet) Put(e *nlsock.AttrEncoder, name string, v any) error {
	a, err := s.Attr(name)
	if err != nil {
		return err
	}
	if err := encodeAttr(e, a, v, nil, 0); err != nil {
		return fmt.Errorf("%s: %w", s.CName(a), err)
	}
	return nil
}
