//go:build linux

package ynl

import "fmt"

// DecodeArray reads b as consecutive st structs: a binary attribute that
// the kernel defines as an array of a struct (rt-nexthop's group, an array
// of struct nexthop_grp), which YNL describes as binary with that struct
// and the kernel's CLI decodes as its first element only. A b that is not
// a whole number of structs is an error.
func (st *Struct) DecodeArray(b []byte) ([]Attrs, error) {
	if st.Size == 0 {
		return nil, fmt.Errorf("struct %s has no size", st.Name)
	}
	if len(b)%st.Size != 0 {
		return nil, fmt.Errorf("array of struct %s: %d bytes is not a multiple of %d", st.Name, len(b), st.Size)
	}
	out := make([]Attrs, 0, len(b)/st.Size)
	for off := 0; off < len(b); off += st.Size {
		out = append(out, decodeStruct(st, b[off:off+st.Size]))
	}
	return out, nil
}

// EncodeArray is DecodeArray's inverse: each item by member names (an
// unknown member or a value out of range is an error naming it).
func (st *Struct) EncodeArray(items []Attrs) ([]byte, error) {
	var b []byte
	for i, it := range items {
		enc, err := encodeStruct(st, it, false)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", st.Name, i+1, err)
		}
		b = append(b, enc...)
	}
	return b, nil
}
