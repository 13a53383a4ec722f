//go:build linux

package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

const typeMask = ^(nlsock.AttrNested | nlsock.AttrNetByteOrder)

// attrIter walks an attribute region without allocating. After next returns
// false, err tells whether the region ended cleanly. Each object's Decode
// spells out the loop over next and calls its decodeAttr directly: a shared
// loop taking decodeAttr as a func value made BenchmarkDecodeLinks about
// 15% slower (an indirect call per attribute).
type attrIter struct {
	b    []byte
	off  int
	base int // offset of b within the payload, for error messages
	err  error
}

func (it *attrIter) next() (typ uint16, data []byte, ok bool) {
	if it.off >= len(it.b) {
		return 0, nil, false
	}
	rest := it.b[it.off:]
	if len(rest) < nlsock.AttrHeaderLen {
		it.err = fmt.Errorf("attribute at offset %d: %d trailing bytes, a header needs 4", it.base+it.off, len(rest))
		return 0, nil, false
	}
	n := int(binary.NativeEndian.Uint16(rest))
	typ = binary.NativeEndian.Uint16(rest[2:]) & typeMask
	if n < nlsock.AttrHeaderLen || n > len(rest) {
		it.err = fmt.Errorf("attribute at offset %d (type %d): nla_len %d does not fit the %d bytes left", it.base+it.off, typ, n, len(rest))
		return 0, nil, false
	}
	it.off += min((n+3)&^3, len(rest))
	return typ, rest[4:n:n], true
}

// rawAttrs parses b fully; unknown reports the ones known does not claim.
func rawAttrs(b []byte, known func(uint16) bool) ([]nlsock.Attr, error) {
	all, err := nlsock.ParseAttrs(b)
	if known == nil {
		return all, err
	}
	out := all[:0]
	for _, a := range all {
		if !known(a.Type) {
			out = append(out, a)
		}
	}
	return out, err
}

func u16(b []byte) (uint16, bool) {
	if len(b) != 2 {
		return 0, false
	}
	return binary.NativeEndian.Uint16(b), true
}

func u32(b []byte) (uint32, bool) {
	if len(b) != 4 {
		return 0, false
	}
	return binary.NativeEndian.Uint32(b), true
}

func u64(b []byte) (uint64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	return binary.NativeEndian.Uint64(b), true
}

// cstring converts a NUL-terminated attribute to a string, dropping the
// NUL and anything after it.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// ipAddr converts 4 or 16 bytes to an address; other lengths are invalid.
func ipAddr(b []byte) (netip.Addr, bool) {
	switch len(b) {
	case 4:
		return netip.AddrFrom4([4]byte(b)), true
	case 16:
		return netip.AddrFrom16([16]byte(b)), true
	}
	return netip.Addr{}, false
}

// bitset256 records which attribute types a decoder consumed.
type bitset256 [4]uint64

func (s *bitset256) set(t uint16) {
	if t < 256 {
		s[t>>6] |= 1 << (t & 63)
	}
}

func (s *bitset256) has(t uint16) bool { return t < 256 && s[t>>6]&(1<<(t&63)) != 0 }

func knownSet(types ...uint16) *bitset256 {
	var s bitset256
	for _, t := range types {
		s.set(t)
	}
	return &s
}
