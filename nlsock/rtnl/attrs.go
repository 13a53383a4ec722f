//go:build linux

package rtnl

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

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

// readU32s reads the consecutive u32 members of a struct attribute (a
// cacheinfo). The table has checked b against the description's size;
// readU32s checks it against the fields too, so that a description that
// shrank the struct leaves them unset instead of reading past b.
func readU32s(b []byte, fields ...*uint32) bool {
	if len(b) < 4*len(fields) {
		return false
	}
	for i, f := range fields {
		*f = binary.NativeEndian.Uint32(b[4*i:])
	}
	return true
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
