//go:build linux

package ynl

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// The CLI view: messages decoded into the shape the kernel's ynl CLI
// prints with --output-json, so that `nlsh ynl` is a drop-in for it.
// It differs from Attrs (the Lua-facing decode) where the CLI does:
// display hints are applied (mac, hex, ipv4, ipv6, uuid), sub-messages
// are decoded by their selector, indexed-array nests are {"index": {...}},
// nest-type-value keeps the first item, attributes the spec lacks are
// "UnknownAttr(N)" (a list when repeated, nests decoded as all-unknown),
// and a fixed header's members follow the attributes.

// ViewOptions adjusts the CLI view.
type ViewOptions struct {
	// NoUnknown fails on an attribute the spec lacks, as the CLI does
	// without --process-unknown; by default it is shown.
	NoUnknown bool
}

// View decodes body (after any genlmsghdr) as a message of op in the CLI's
// shape. On a problem it returns what it decoded with the first error.
func (s *Spec) View(op *Op, body []byte, o ViewOptions) (*Object, error) {
	v := viewer{spec: s, opts: o}
	var hdr *Object
	if h := op.FixedHeader; h != nil {
		if len(body) < h.Size {
			return NewObject(), fmt.Errorf("%s: fixed header %s needs %d bytes, have %d", op.Name, h.Name, h.Size, len(body))
		}
		hdr, body = v.structView(h, body[:h.Size]), body[h.Size:]
	}
	set := op.Set
	if set == nil {
		set = &AttrSet{Name: op.Name}
	}
	obj := v.set(set, body, nil, 0)
	if hdr != nil {
		for _, k := range hdr.Keys() {
			val, _ := hdr.Get(k)
			obj.Set(k, val)
		}
	}
	return obj, v.err
}

type viewer struct {
	spec *Spec
	opts ViewOptions
	err  error
}

func (v *viewer) fail(where string, err error) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %w", where, err)
	}
}

// scope is the chain of attribute tables a sub-message's selector is
// looked up in, innermost first.
type scope struct {
	set   *AttrSet
	obj   *Object
	outer *scope
}

func (sc *scope) lookup(name string) (any, error) {
	for ; sc != nil; sc = sc.outer {
		if _, ok := sc.set.byName[name]; !ok {
			continue
		}
		if val, ok := sc.obj.Get(name); ok {
			return val, nil
		}
		return nil, fmt.Errorf("no value for %q in attribute-set %s", name, sc.set.Name)
	}
	return nil, fmt.Errorf("attribute %q is not in any enclosing attribute-set", name)
}

func (v *viewer) set(as *AttrSet, b []byte, outer *scope, depth int) *Object {
	obj := NewObject()
	if depth > nlsock.MaxNestingDepth {
		v.fail(as.Name, fmt.Errorf("nested deeper than %d", nlsock.MaxNestingDepth))
		return obj
	}
	sc := &scope{set: as, obj: obj, outer: outer}
	err := nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
		a, ok := as.ByType(na.Type)
		if !ok {
			if v.opts.NoUnknown {
				return fmt.Errorf("attribute-set %s has no attribute with value %d", as.Name, na.Type)
			}
			addRepeated(obj, fmt.Sprintf("UnknownAttr(%d)", na.Type), v.unknown(na, depth))
			return nil
		}
		val := v.one(a, na, sc, depth)
		if a.MultiAttr {
			l, _ := obj.vals[a.Name].([]any)
			obj.Set(a.Name, append(l, val))
		} else {
			obj.Set(a.Name, val)
		}
		return nil
	})
	if err != nil {
		v.fail(as.Name, err)
	}
	return obj
}

// addRepeated sets key, turning it into a list when it comes again.
func addRepeated(obj *Object, key string, val any) {
	old, ok := obj.Get(key)
	if !ok {
		obj.Set(key, val)
		return
	}
	if l, isList := old.([]any); isList {
		obj.Set(key, append(l, val))
		return
	}
	obj.Set(key, []any{old, val})
}

// unknown shows an attribute the spec lacks: a nest's attributes, all
// unknown too, or its bytes.
func (v *viewer) unknown(na nlsock.Attr, depth int) any {
	if na.Nested && depth < nlsock.MaxNestingDepth {
		return v.set(&AttrSet{Name: "unknown", byName: map[string]*Attr{}, byType: map[uint16]*Attr{}}, na.Data, nil, depth+1)
	}
	return clone(na.Data)
}

func (v *viewer) one(a *Attr, na nlsock.Attr, sc *scope, depth int) any {
	b := na.Data
	switch a.Type {
	case "nest":
		return v.set(a.Nested, b, sc, depth+1)
	case "string":
		s, _, _ := strings.Cut(string(b), "\x00")
		return s
	case "binary":
		return v.binary(a, b)
	case "flag":
		return true
	case "uint", "sint":
		val, err := scalarValue(a.Type, a.BigEndian, nil, false, b)
		if err != nil {
			v.fail(a.Name, err)
			return clone(b)
		}
		return val
	case "indexed-array":
		return v.array(a, b, sc, depth)
	case "bitfield32":
		if len(b) != 8 {
			v.fail(a.Name, fmt.Errorf("bitfield32 of %d bytes", len(b)))
			return clone(b)
		}
		obj := NewObject()
		for i, k := range []string{"value", "selector"} {
			u := uint64(binary.NativeEndian.Uint32(b[4*i:]))
			obj.Set(k, viewEnum(a.Enum, a.AsFlags, u))
		}
		return obj
	case "sub-message":
		return v.subMessage(a, b, sc, depth)
	case "nest-type-value":
		return v.typeValue(a, b, depth)
	}
	if _, ok := scalarSize[a.Type]; !ok {
		return clone(b) // pad, unused: shown as the CLI shows unknown types
	}
	val, err := scalarValue(a.Type, a.BigEndian, nil, false, b)
	if err != nil {
		v.fail(a.Name, err)
		return clone(b)
	}
	if a.Enum != nil {
		return viewEnum(a.Enum, a.AsFlags, asUint(val))
	}
	return hinted(val, a.Hint)
}

func asUint(val any) uint64 {
	switch x := val.(type) {
	case uint64:
		return x
	case int64:
		return uint64(x)
	}
	return 0
}

// viewEnum names u by en: a list of names for flags (a set in the CLI),
// else the entry's name; a value without a name stays a number.
func viewEnum(en *Enum, asFlags bool, u uint64) any {
	if en == nil {
		return u
	}
	return enumName(en, asFlags, u)
}

func (v *viewer) binary(a *Attr, b []byte) any {
	switch {
	case a.Struct != nil:
		if len(b) < a.Struct.Size {
			v.fail(a.Name, fmt.Errorf("struct %s needs %d bytes, have %d", a.Struct.Name, a.Struct.Size, len(b)))
			return clone(b)
		}
		return v.structView(a.Struct, b)
	case a.SubType != "":
		size, ok := scalarSize[a.SubType]
		if !ok || len(b)%size != 0 {
			v.fail(a.Name, fmt.Errorf("%d bytes are not an array of %s", len(b), a.SubType))
			return clone(b)
		}
		items := []any{}
		for i := 0; i < len(b); i += size {
			val, _ := scalarValue(a.SubType, false, nil, false, b[i:i+size])
			items = append(items, val)
		}
		return items
	}
	return hinted(clone(b), a.Hint)
}

func (v *viewer) structView(st *Struct, b []byte) *Object {
	obj := NewObject()
	st.eachField(b, func(m Member, field []byte) {
		switch {
		case m.Struct != nil:
			obj.Set(m.Name, v.structView(m.Struct, field))
		case scalarSize[m.Type] > 0:
			val, _ := scalarValue(m.Type, m.BigEndian, nil, false, field)
			if m.Enum != nil {
				obj.Set(m.Name, viewEnum(m.Enum, m.AsFlags, asUint(val)))
			} else {
				obj.Set(m.Name, hinted(val, m.Hint))
			}
		default:
			obj.Set(m.Name, hinted(clone(field), m.Hint))
		}
	})
	return obj
}

func (v *viewer) array(a *Attr, b []byte, sc *scope, depth int) any {
	items := []any{}
	err := nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
		switch a.SubType {
		case "nest":
			item := NewObject()
			item.Set(strconv.Itoa(int(na.Type)), v.set(a.Nested, na.Data, sc, depth+1))
			items = append(items, item)
		case "binary":
			items = append(items, hinted(clone(na.Data), a.Hint))
		default:
			val, err := scalarValue(a.SubType, a.BigEndian, nil, false, na.Data)
			if err != nil {
				v.fail(a.Name, err)
				val = clone(na.Data)
			}
			items = append(items, hinted(val, a.Hint))
		}
		return nil
	})
	if err != nil {
		v.fail(a.Name, err)
	}
	return items
}

// subMessage decodes a sub-message attribute by the format its selector's
// value picks (rt-link's linkinfo data by kind).
func (v *viewer) subMessage(a *Attr, b []byte, sc *scope, depth int) any {
	formats, ok := v.spec.SubMessages[a.SubMessage]
	if !ok {
		v.fail(a.Name, fmt.Errorf("no sub-message %q in the spec", a.SubMessage))
		return clone(b)
	}
	sel, err := sc.lookup(a.Selector)
	if err != nil {
		v.fail(a.Name, err)
		return clone(b)
	}
	key, _ := sel.(string)
	f, ok := formats[key]
	if !ok {
		// the spec describes no layout for this kind (rt-link has none
		// for veth): the bytes, shown as hex, are all there is to say
		return clone(b)
	}
	obj := NewObject()
	if h := f.FixedHeader; h != nil {
		if len(b) < h.Size {
			v.fail(a.Name, fmt.Errorf("fixed header %s needs %d bytes, have %d", h.Name, h.Size, len(b)))
			return clone(b)
		}
		hdr := v.structView(h, b[:h.Size])
		for _, k := range hdr.Keys() {
			val, _ := hdr.Get(k)
			obj.Set(k, val)
		}
		b = b[h.Size:]
	}
	if f.Set != nil {
		sub := v.set(f.Set, b, sc, depth+1)
		for _, k := range sub.Keys() {
			val, _ := sub.Get(k)
			obj.Set(k, val)
		}
	}
	return obj
}

// typeValue reads the first item of a nest-type-value (as the CLI does):
// the type of each level under the level's name, then the attributes.
func (v *viewer) typeValue(a *Attr, b []byte, depth int) any {
	obj := NewObject()
	for _, level := range a.TypeValue {
		var first *nlsock.Attr
		_ = nlsock.WalkAttrs(b, func(na nlsock.Attr) error { first = &na; return errStop })
		if first == nil {
			v.fail(a.Name, fmt.Errorf("no %s level", level))
			return obj
		}
		obj.Set(level, uint64(first.Type))
		b = first.Data
	}
	sub := v.set(a.Nested, b, nil, depth+1)
	for _, k := range sub.Keys() {
		val, _ := sub.Get(k)
		obj.Set(k, val)
	}
	return obj
}

// hinted formats val by a display hint as the kernel's CLI does.
func hinted(val any, hint string) any {
	switch x := val.(type) {
	case []byte:
		switch hint {
		case "mac":
			parts := make([]string, len(x))
			for i, c := range x {
				parts[i] = fmt.Sprintf("%02x", c)
			}
			return strings.Join(parts, ":")
		case "hex":
			parts := make([]string, len(x))
			for i, c := range x {
				parts[i] = fmt.Sprintf("%02x", c)
			}
			return strings.Join(parts, " ")
		case "ipv4", "ipv6":
			if a, ok := netip.AddrFromSlice(x); ok {
				return a.String()
			}
		case "uuid":
			if len(x) == 16 {
				h := hex.EncodeToString(x)
				return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
			}
		}
	case uint64:
		switch hint {
		case "hex":
			return "0x" + strconv.FormatUint(x, 16)
		case "ipv4", "ipv6":
			return intAddr(x)
		}
	case int64:
		switch hint {
		case "hex":
			if x < 0 {
				return "-0x" + strconv.FormatUint(uint64(-x), 16)
			}
			return "0x" + strconv.FormatInt(x, 16)
		case "ipv4", "ipv6":
			if x >= 0 {
				return intAddr(uint64(x))
			}
		}
	}
	return val
}

// intAddr is Python's ipaddress.ip_address(int): IPv4 below 2^32.
func intAddr(u uint64) string {
	if u < 1<<32 {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(u))
		return netip.AddrFrom4(b).String()
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[8:], u)
	return netip.AddrFrom16(b).String()
}
