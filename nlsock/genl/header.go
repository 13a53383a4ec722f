//go:build linux

package genl

import (
	"encoding/binary"
	"fmt"
)

// HeaderLen is the size of struct genlmsghdr.
const HeaderLen = 4

// Header is struct genlmsghdr: the command and the family's interface
// version, then two reserved bytes.
type Header struct {
	Command  uint8
	Version  uint8
	Reserved uint16
}

// ParseHeader reads the genlmsghdr at the start of a message payload and
// returns it with the attribute bytes that follow.
func ParseHeader(payload []byte) (Header, []byte, error) {
	if len(payload) < HeaderLen {
		return Header{}, nil, fmt.Errorf("genlmsghdr needs %d bytes, have %d", HeaderLen, len(payload))
	}
	h := Header{
		Command:  payload[0],
		Version:  payload[1],
		Reserved: binary.NativeEndian.Uint16(payload[2:4]),
	}
	return h, payload[HeaderLen:], nil
}

// Append appends the header to dst.
func (h Header) Append(dst []byte) []byte {
	return binary.NativeEndian.AppendUint16(append(dst, h.Command, h.Version), h.Reserved)
}
