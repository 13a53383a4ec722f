package nlsock

import (
	"encoding/binary"
	"fmt"
)

// Attribute type flags carried in nla_type's top bits.
const (
	AttrNested       uint16 = 0x8000 // NLA_F_NESTED
	AttrNetByteOrder uint16 = 0x4000 // NLA_F_NET_BYTEORDER
	attrTypeMask            = ^(AttrNested | AttrNetByteOrder)
)

// AttrHeaderLen is the size of struct nlattr.
const AttrHeaderLen = 4

// MaxNestingDepth bounds how deep ParseAttrsDeep follows nested attributes.
// The kernel's own policy recursion stops at 10; 32 leaves room for families
// that nest without a policy while keeping hostile input cheap.
const MaxNestingDepth = 32

// Attr is one netlink attribute (struct nlattr plus its data).
type Attr struct {
	Type         uint16 // without the NESTED and NET_BYTEORDER bits
	Nested       bool   // NLA_F_NESTED was set
	NetByteOrder bool   // NLA_F_NET_BYTEORDER was set
	Data         []byte // aliases the parsed buffer, without padding
	Offset       int    // offset of the attribute header within the parsed buffer
}

// ParseAttrs splits b into attributes. Data aliases b. It never panics: on
// malformed bytes it returns the attributes parsed so far and an error that
// names the offset and what was wrong. A zero-length attribute is malformed,
// as the kernel treats it.
func ParseAttrs(b []byte) ([]Attr, error) {
	var attrs []Attr
	err := WalkAttrs(b, func(a Attr) error {
		attrs = append(attrs, a)
		return nil
	})
	return attrs, err
}

// WalkAttrs calls fn for each attribute in b without allocating a slice; it
// stops at the first error fn returns. Malformed bytes are reported as by
// ParseAttrs.
func WalkAttrs(b []byte, fn func(Attr) error) error {
	it := AttrIter{B: b}
	for {
		typ, data, ok := it.Next()
		if !ok {
			return it.Err
		}
		a := Attr{
			Type:         typ,
			Nested:       it.Flags&AttrNested != 0,
			NetByteOrder: it.Flags&AttrNetByteOrder != 0,
			Data:         data,
			Offset:       it.At,
		}
		if err := fn(a); err != nil {
			return err
		}
	}
}

// AttrIter walks the attributes of B without allocating: every decoder
// of nlsh (WalkAttrs, ynl's typed tables) steps through attributes with
// it. After Next returns false, Err tells whether B ended cleanly.
type AttrIter struct {
	B     []byte
	Base  int    // offset of B within what the caller parses, for error messages
	At    int    // offset in B of the attribute Next returned last
	Flags uint16 // its AttrNested and AttrNetByteOrder bits
	Err   error
	off   int
}

// Next returns the next attribute's type (without the flag bits) and data,
// which aliases B without padding.
func (it *AttrIter) Next() (typ uint16, data []byte, ok bool) {
	if it.off >= len(it.B) {
		return 0, nil, false
	}
	rest := it.B[it.off:]
	if len(rest) < AttrHeaderLen {
		it.Err = fmt.Errorf("attribute at offset %d: %d trailing bytes, a header needs %d", it.Base+it.off, len(rest), AttrHeaderLen)
		return 0, nil, false
	}
	n := int(binary.NativeEndian.Uint16(rest))
	raw := binary.NativeEndian.Uint16(rest[2:])
	typ = raw & attrTypeMask
	switch {
	case n < AttrHeaderLen:
		it.Err = fmt.Errorf("attribute at offset %d (type %d): nla_len %d < %d", it.Base+it.off, typ, n, AttrHeaderLen)
		return 0, nil, false
	case n > len(rest):
		it.Err = fmt.Errorf("attribute at offset %d (type %d): nla_len %d exceeds the %d bytes left", it.Base+it.off, typ, n, len(rest))
		return 0, nil, false
	}
	it.At, it.Flags = it.off, raw&^attrTypeMask
	it.off += min(align(n), len(rest))
	return typ, rest[AttrHeaderLen:n:n], true
}

// AppendAttr appends one attribute with its header and padding to dst.
// typ may carry AttrNested or AttrNetByteOrder.
func AppendAttr(dst []byte, typ uint16, data []byte) []byte {
	n := AttrHeaderLen + len(data)
	var h [AttrHeaderLen]byte
	binary.NativeEndian.PutUint16(h[0:2], uint16(n))
	binary.NativeEndian.PutUint16(h[2:4], typ)
	dst = append(dst, h[:]...)
	dst = append(dst, data...)
	for i := n; i < align(n); i++ {
		dst = append(dst, 0)
	}
	return dst
}

// AttrEncoder builds a sequence of attributes, with nests.
//
//	var e nlsock.AttrEncoder
//	e.String(unix.IFLA_IFNAME, "veth0")
//	e.Nest(unix.IFLA_LINKINFO|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.String(unix.IFLA_INFO_KIND, "veth") })
//	payload = append(hdr, e.Bytes()...)
type AttrEncoder struct {
	buf []byte
	err error
}

// Bytes returns the encoded attributes.
func (e *AttrEncoder) Bytes() []byte { return e.buf }

// Err reports the first attribute that could not be encoded (one longer than
// nla_len can describe).
func (e *AttrEncoder) Err() error { return e.err }

// Raw appends an attribute holding data.
func (e *AttrEncoder) Raw(typ uint16, data []byte) {
	if AttrHeaderLen+len(data) > 0xffff && e.err == nil {
		e.err = fmt.Errorf("attribute type %d: %d bytes do not fit in nla_len", typ&attrTypeMask, len(data))
		return
	}
	e.buf = AppendAttr(e.buf, typ, data)
}

// String appends a NUL-terminated string attribute.
func (e *AttrEncoder) String(typ uint16, s string) { e.Raw(typ, append([]byte(s), 0)) }

// Flag appends an attribute with no data.
func (e *AttrEncoder) Flag(typ uint16) { e.Raw(typ, nil) }

// Uint8 appends a one-byte attribute.
func (e *AttrEncoder) Uint8(typ uint16, v uint8) { e.Raw(typ, []byte{v}) }

// Uint16 appends a host-endian 16-bit attribute.
func (e *AttrEncoder) Uint16(typ uint16, v uint16) {
	e.Raw(typ, binary.NativeEndian.AppendUint16(nil, v))
}

// Uint32 appends a host-endian 32-bit attribute.
func (e *AttrEncoder) Uint32(typ uint16, v uint32) {
	e.Raw(typ, binary.NativeEndian.AppendUint32(nil, v))
}

// Uint64 appends a host-endian 64-bit attribute.
func (e *AttrEncoder) Uint64(typ uint16, v uint64) {
	e.Raw(typ, binary.NativeEndian.AppendUint64(nil, v))
}

// Nest appends a nested attribute whose contents fn encodes. Like iproute2 it
// leaves NLA_F_NESTED to the caller (typ|AttrNested): rtnetlink accepts both,
// while some generic netlink families require the flag and a few reject it.
func (e *AttrEncoder) Nest(typ uint16, fn func(*AttrEncoder)) {
	var inner AttrEncoder
	fn(&inner)
	if inner.err != nil && e.err == nil {
		e.err = inner.err
	}
	e.Raw(typ, inner.buf)
}
