package nlsock

import (
	"encoding/binary"
	"fmt"
)

// Readers of an attribute's payload, shared by the decoders of the
// families: the payload of a fixed-size integer must hold the whole
// integer, or the decoder reports it instead of reading past it.

// AttrCString returns b up to its first NUL: the value of a string
// attribute, whether or not the kernel sent its terminator.
func AttrCString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// AttrUint16 reads a 16-bit integer payload in byte order o.
func AttrUint16(b []byte, o binary.ByteOrder) (uint16, error) {
	if err := needBytes(b, 2, o); err != nil {
		return 0, err
	}
	return o.Uint16(b), nil
}

// AttrUint32 reads a 32-bit integer payload in byte order o.
func AttrUint32(b []byte, o binary.ByteOrder) (uint32, error) {
	if err := needBytes(b, 4, o); err != nil {
		return 0, err
	}
	return o.Uint32(b), nil
}

// AttrUint64 reads a 64-bit integer payload in byte order o.
func AttrUint64(b []byte, o binary.ByteOrder) (uint64, error) {
	if err := needBytes(b, 8, o); err != nil {
		return 0, err
	}
	return o.Uint64(b), nil
}

// needBytes names what was short the way a C header would spell the
// type: "be32 needs 4 bytes, have 3" for big-endian (network order),
// "u32 ..." for the host's order.
func needBytes(b []byte, n int, o binary.ByteOrder) error {
	if len(b) >= n {
		return nil
	}
	kind := "u"
	if o == binary.ByteOrder(binary.BigEndian) {
		kind = "be"
	}
	return fmt.Errorf("%s%d needs %d bytes, have %d", kind, 8*n, n, len(b))
}
