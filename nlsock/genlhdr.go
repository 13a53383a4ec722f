//go:build linux

package nlsock

import (
	"encoding/binary"
	"fmt"
)

// Generic netlink's message header and its controller's fixed id: the
// two things every generic family's messages share, which nlsock/genl
// (the controller) and nlsock/ynl (any described family) both read.

// GenlHeaderLen is the size of struct genlmsghdr.
const GenlHeaderLen = 4

// The generic netlink controller (nlctrl) has a fixed id, GENL_ID_CTRL,
// and interface version 2: the one family that need not be looked up.
const (
	GenlCtrlID      uint16 = 0x10
	GenlCtrlVersion uint8  = 2
)

// GenlHeader is struct genlmsghdr: the command and the family's interface
// version, then two reserved bytes.
type GenlHeader struct {
	Command  uint8
	Version  uint8
	Reserved uint16
}

// ParseGenlHeader reads the genlmsghdr at the start of a message payload
// and returns it with the bytes that follow.
func ParseGenlHeader(payload []byte) (GenlHeader, []byte, error) {
	if len(payload) < GenlHeaderLen {
		return GenlHeader{}, nil, fmt.Errorf("genlmsghdr needs %d bytes, have %d", GenlHeaderLen, len(payload))
	}
	h := GenlHeader{
		Command:  payload[0],
		Version:  payload[1],
		Reserved: binary.NativeEndian.Uint16(payload[2:4]),
	}
	return h, payload[GenlHeaderLen:], nil
}

// Append appends the header to dst.
func (h GenlHeader) Append(dst []byte) []byte {
	return binary.NativeEndian.AppendUint16(append(dst, h.Command, h.Version), h.Reserved)
}
