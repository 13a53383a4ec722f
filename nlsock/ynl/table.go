//go:build linux

package ynl

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/nlsh/nlsh/nlsock"
)

// A Table fills a typed Go struct from an attribute-set: the description
// gives each attribute's number, name and type, the Go code binds names
// to fields only (Field). It is the hot path of nlsh's typed decoders
// (rtnl.Link and its kin): one slice index and one call per attribute,
// where the generic Decode builds a map.

// Field binds the attribute Name of a set to Set, which fills a field of
// *T. Set gets the attribute's data and, when the description types it as
// an integer, its value read with the description's width and byte order
// (else 0); it is called only for data whose length fits the type.
type Field[T any] struct {
	Name string
	Set  func(v *T, data []byte, num uint64)
	// AtLeast, when not 0, accepts this many bytes or more in place of the
	// description's exact size: for a struct the kernel has grown (older
	// kernels send a shorter rtnl_link_stats64), whose setter reads what
	// is there.
	AtLeast int
}

// Table is a set's Fields indexed by attribute type.
type Table[T any] struct {
	set   *AttrSet
	slots []slot[T]
}

type slot[T any] struct {
	fill func(*T, []byte, uint64)
	size sizeRule
}

// sizeRule is the length an attribute's data must have.
type sizeRule struct {
	kind uint8
	n    int
	big  bool // an integer in network byte order
}

const (
	anySize   uint8 = iota // strings, nests, binary without a layout
	intSize                // an integer of n bytes, whose value Set gets
	varSize                // uint or sint: 4 or 8 bytes, whose value Set gets
	exactSize              // n bytes, not an integer (a flag's 0, an IPv6 address's 16)
	ipSize                 // an IPv4 or IPv6 address (hint ipv4: the rtnetlink specs hint ipv4 for either family)
	minSize                // at least n bytes: a struct, which the kernel may have grown
)

// NewTable builds the table of fields over set. A field naming no
// attribute of set is an error: the description and the Go bindings
// disagree.
func NewTable[T any](set *AttrSet, fields ...Field[T]) (*Table[T], error) {
	t := &Table[T]{set: set}
	for _, f := range fields {
		a, err := set.Attr(f.Name)
		if err != nil {
			return nil, err
		}
		if int(a.Value) >= len(t.slots) {
			t.slots = append(t.slots, make([]slot[T], int(a.Value)+1-len(t.slots))...)
		}
		t.slots[a.Value] = slot[T]{fill: f.Set, size: fieldRule(a, f.AtLeast)}
	}
	return t, nil
}

// MustTable is NewTable for bindings that tests check against nlsh's own
// descriptions: a failure is a bug in nlsh.
func MustTable[T any](set *AttrSet, fields ...Field[T]) *Table[T] {
	t, err := NewTable(set, fields...)
	if err != nil {
		panic(fmt.Sprintf("typed table over %s: %v", set.Name, err))
	}
	return t
}

// sizeRuleOf is the length a's type requires, the one rule of the engine:
// integers have their size (uint and sint 4 or 8), a flag none, an address
// its family's, a struct at least its own; other values take any length.
func sizeRuleOf(a *Attr) sizeRule {
	if n, ok := scalarSize[a.Type]; ok {
		return sizeRule{kind: intSize, n: n, big: a.BigEndian}
	}
	switch {
	case a.Type == "uint" || a.Type == "sint":
		return sizeRule{kind: varSize, big: a.BigEndian}
	case a.Type == "flag":
		return sizeRule{kind: exactSize}
	case a.Type != "binary":
	case a.Hint == "ipv6":
		return sizeRule{kind: exactSize, n: 16}
	case a.Hint == "ipv4" || a.Hint == "ipv4-or-v6":
		return sizeRule{kind: ipSize}
	case a.Struct != nil:
		return sizeRule{kind: minSize, n: a.Struct.Size}
	}
	return sizeRule{}
}

// fieldRule is a bound attribute's rule: its type's, or at least AtLeast
// bytes when the field asks for that.
func fieldRule(a *Attr, atLeast int) sizeRule {
	if atLeast > 0 {
		return sizeRule{kind: minSize, n: atLeast}
	}
	return sizeRuleOf(a)
}

// fits reports whether n bytes fit r.
func (r sizeRule) fits(n int) bool {
	switch r.kind {
	case intSize, exactSize:
		return n == r.n
	case varSize:
		return n == 4 || n == 8
	case ipSize:
		return n == 4 || n == 16
	case minSize:
		return n >= r.n
	}
	return true
}

// want says what r accepts: "4", "4 or 16", "at least 184".
func (r sizeRule) want() string {
	switch r.kind {
	case varSize:
		return "4 or 8"
	case ipSize:
		return "4 or 16"
	case minSize:
		return "at least " + strconv.Itoa(r.n)
	}
	return strconv.Itoa(r.n)
}

// Walk fills v from the attributes in b (at offset base of the payload,
// for error messages). An attribute of a bound field whose length does
// not fit is left out and appended to *bad (when bad is not nil); an
// unbound one is skipped. It returns the walker's error for malformed
// bytes, having filled what came before them.
func (t *Table[T]) Walk(v *T, b []byte, base int, bad *[]Malformed) error {
	it := nlsock.AttrIter{B: b, Base: base}
	for {
		typ, data, ok := it.Next()
		if !ok {
			return it.Err
		}
		if int(typ) >= len(t.slots) || t.slots[typ].fill == nil {
			continue
		}
		s := &t.slots[typ]
		var num uint64
		switch {
		case s.size.kind == anySize:
		case !s.size.fits(len(data)):
			if bad != nil {
				*bad = append(*bad, t.malformed(typ, len(data)))
			}
			continue
		case s.size.kind == intSize || s.size.kind == varSize:
			num = readUint(data, s.size.big)
		}
		s.fill(v, data, num)
	}
}

// readUint is getUint without the interface calls of its byte order: the
// typed decoders read an integer from most attributes.
func readUint(b []byte, big bool) uint64 {
	switch {
	case len(b) == 1:
		return uint64(b[0])
	case big && len(b) == 2:
		return uint64(binary.BigEndian.Uint16(b))
	case big && len(b) == 4:
		return uint64(binary.BigEndian.Uint32(b))
	case big:
		return binary.BigEndian.Uint64(b)
	case len(b) == 2:
		return uint64(binary.NativeEndian.Uint16(b))
	case len(b) == 4:
		return uint64(binary.NativeEndian.Uint32(b))
	}
	return binary.NativeEndian.Uint64(b)
}

// Bound reports whether attribute typ has a field.
func (t *Table[T]) Bound(typ uint16) bool {
	return int(typ) < len(t.slots) && t.slots[typ].fill != nil
}

// Check reports a bound attribute typ whose n data bytes do not fit its
// type: what Walk leaves out.
func (t *Table[T]) Check(typ uint16, n int) (Malformed, bool) {
	if !t.Bound(typ) || t.slots[typ].size.fits(n) {
		return Malformed{}, false
	}
	return t.malformed(typ, n), true
}

func (t *Table[T]) malformed(typ uint16, n int) Malformed {
	m := Malformed{Type: typ, Len: n, Want: t.slots[typ].size.want()}
	if a, ok := t.set.ByType(typ); ok {
		m.Name = t.set.CName(a)
	}
	return m
}

// Set is the attribute-set t was built over.
func (t *Table[T]) Set() *AttrSet { return t.set }

// Malformed is an attribute whose length does not fit its type (IFLA_MTU
// of 2 bytes, an IPv4 address of 3): typed decoders leave it out, so that
// a wrong length never reads as a value of 0, and list it.
type Malformed struct {
	Type uint16 // the attribute type
	Name string // its uapi name ("IFLA_MTU"), or "" when the set has none
	Len  int    // the length of its data as received
	Want string // "4", "4 or 16", "at least 184"
}

// String is "IFLA_MTU: 2 bytes, want 4".
func (m Malformed) String() string {
	name := m.Name
	if name == "" {
		name = "attribute " + strconv.Itoa(int(m.Type))
	}
	unit := "bytes"
	if m.Len == 1 {
		unit = "byte"
	}
	return fmt.Sprintf("%s: %d %s, want %s", name, m.Len, unit, m.Want)
}
