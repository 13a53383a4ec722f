//go:build linux

package rtnl

import (
	"net/netip"

	"github.com/nlsh/nlsh/nlsock/ynl"
)

// Every consumer of an object's fields — the Lua tables, nlsh monitor's
// text and JSON, the REPL's table view, the request options — reads them
// from one list per object (LinkFields, AddrFields, ...), made from the same bindings that
// decode the attributes: an attribute is named in its description and in
// its one binding here, nowhere else.

// ValueKind says how a Value reads.
type ValueKind uint8

const (
	NoValue     ValueKind = iota // absent: not sent, or the zero that means "none"
	UintValue                    // U
	IntValue                     // int64(U)
	StringValue                  // S
	NameValue                    // S, one of a small set of names ("veth", "noqueue")
	HWAddrValue                  // B, a hardware address (aa:bb:cc:dd:ee:ff)
	EnumValue                    // U, and S its name ("" when it has none)
	FlagsValue                   // U, bits that the field's Flags names ("none" when 0)
	IPValue                      // A, an IP address (A.IsValid() false: none)
	NamesValue                   // U, bits that the Value's Flags names: a list, possibly empty
	PrefixValue                  // A/U, an address and its prefix length (a rule's from and to)
)

// Value is one field of a decoded object, without allocating.
type Value struct {
	Kind ValueKind
	U    uint64
	S    string
	B    []byte
	A    netip.Addr
	// Flags names the bits of a NamesValue, a table that depends on more
	// of the object than the bits (an address's flags, by its family).
	Flags []Flag
}

// Field is one field of an object as nlsh shows it.
type Field[T any] struct {
	Name string // the field's name: the attribute's, '-' made '_', unless renamed ("ifindex")
	Attr string // the description's name of the attribute it reads; "" for a header field
	Get  func(*T) Value
	// Alias is an older name the field is also known by ("index" for
	// ifindex), kept for the scripts and consumers written against it.
	Alias string
	// Flags names the bits of a FlagsValue (FlagNames).
	Flags func() []Flag
	// Always: nlsh monitor's JSON shows the field even when it is 0 or
	// has no name (a header field that every message carries).
	Always bool
	// Option: requests (link_add, link_set) take the field by its Name
	// and encode it as Attr, typed by the description.
	Option bool
}

// binding is one attribute of a description bound to a Go field: how to
// fill it (decoding) and how to read it back (Field).
type binding[T any] struct {
	ynl.Field[T]
	field Field[T]
}

// bindings splits a binding list into the decoding table's fields and the
// consumers' list.
func bindings[T any](bs []binding[T]) (table []ynl.Field[T], fields []Field[T]) {
	for _, b := range bs {
		if b.Set != nil {
			table = append(table, b.Field)
		}
		if b.field.Get != nil {
			f := b.field
			if f.Attr == "" && b.Set != nil {
				f.Attr = b.Name
			}
			if f.Name == "" {
				f.Name = underscored(f.Attr)
			}
			fields = append(fields, f)
		}
	}
	return table, fields
}

// alias gives b's field an older name too.
func alias[T any](old string, b binding[T]) binding[T] {
	b.field.Alias = old
	return b
}

// header is a field of the family header (no attribute).
func header[T any](name string, get func(*T) Value) binding[T] {
	return binding[T]{field: Field[T]{Name: name, Get: get}}
}

// uintAttr binds an integer attribute to the field *p, read back as a
// number even when 0.
func uintAttr[T any, N uint8 | uint16 | uint32 | uint64](attr string, p func(*T) *N) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, _ []byte, n uint64) { *p(v) = N(n) }},
		field: Field[T]{Get: func(v *T) Value { return Value{Kind: UintValue, U: uint64(*p(v))} }},
	}
}

// indexAttr binds an interface index attribute, absent when 0.
func indexAttr[T any, N int32 | uint32](attr string, p func(*T) *N) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, _ []byte, n uint64) { *p(v) = N(n) }},
		field: Field[T]{Get: func(v *T) Value { return intOrNone(int64(*p(v))) }},
	}
}

// enumAttr binds an integer attribute whose values name has names.
func enumAttr[T any](attr string, p func(*T) *uint8, name func(uint8) string) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, _ []byte, n uint64) { *p(v) = uint8(n) }},
		field: Field[T]{Get: func(v *T) Value { n := *p(v); return Value{Kind: EnumValue, U: uint64(n), S: name(n)} }},
	}
}

// stringAttr binds a string attribute, absent when empty.
func stringAttr[T any](attr string, p func(*T) *string) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, b []byte, _ uint64) { *p(v) = cstring(b) }},
		field: Field[T]{Get: func(v *T) Value { return stringOrNone(*p(v)) }},
	}
}

// nameAttr binds a string attribute whose values come from a small set
// (a qdisc), absent when empty; intern reads the data, sharing the common
// names.
func nameAttr[T any](attr string, p func(*T) *string, intern func([]byte) string) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, b []byte, _ uint64) { *p(v) = intern(b) }},
		field: Field[T]{Get: func(v *T) Value { return nameOrNone(*p(v)) }},
	}
}

// option marks b as a request option.
func option[T any](b binding[T]) binding[T] {
	b.field.Option = true
	return b
}

// always marks b as shown even when 0 or unnamed.
func always[T any](b binding[T]) binding[T] {
	b.field.Always = true
	return b
}

// named gives b's field a name of its own.
func named[T any](name string, b binding[T]) binding[T] {
	b.field.Name = name
	return b
}

func intOrNone(n int64) Value {
	if n == 0 {
		return Value{}
	}
	return Value{Kind: IntValue, U: uint64(n)}
}

func stringOrNone(s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{Kind: StringValue, S: s}
}

func nameOrNone(s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{Kind: NameValue, S: s}
}

// ipOrNone is a, absent when not set.
func ipOrNone(a netip.Addr) Value {
	if !a.IsValid() {
		return Value{}
	}
	return Value{Kind: IPValue, A: a}
}

// ipAttr binds an address attribute, absent when not sent.
func ipAttr[T any](attr string, p func(*T) *netip.Addr) binding[T] {
	return binding[T]{
		Field: ynl.Field[T]{Name: attr, Set: func(v *T, b []byte, _ uint64) { *p(v), _ = ipAddr(b) }},
		field: Field[T]{Get: func(v *T) Value { return ipOrNone(*p(v)) }},
	}
}

// prefixOrNone is a/bits, absent when a is not set.
func prefixOrNone(a netip.Addr, bits uint8) Value {
	if !a.IsValid() {
		return Value{}
	}
	return Value{Kind: PrefixValue, A: a, U: uint64(bits)}
}

func hwAddr(a []byte) Value {
	if len(a) == 0 {
		return Value{}
	}
	return Value{Kind: HWAddrValue, B: a}
}

// FlagNames appends the names of the bits of v that table names, in
// table order, and 0x.. for the rest.
func FlagNames(dst []string, table []Flag, v uint64) []string {
	return appendFlagNames(dst, table, uint32(v))
}

// fieldPositions are the positions of names in fields; a name of no
// field is a bug in nlsh.
func fieldPositions[T any](fields []Field[T], names ...string) []int {
	index := FieldIndex(fields)
	pos := make([]int, len(names))
	for i, n := range names {
		p, ok := index[n]
		if !ok {
			panic("rtnl: no field " + n)
		}
		pos[i] = p
	}
	return pos
}

// firstFields are the positions of a list's first n fields.
func firstFields(n int) []int {
	pos := make([]int, n)
	for i := range pos {
		pos[i] = i
	}
	return pos
}

// FieldIndex is the position of each field of a list by name, for the
// lookups by name (a Lua table's lazy fields).
func FieldIndex[T any](fields []Field[T]) map[string]int {
	m := make(map[string]int, len(fields))
	for i, f := range fields {
		m[f.Name] = i
		if f.Alias != "" {
			m[f.Alias] = i
		}
	}
	return m
}
