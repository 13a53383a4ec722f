package nlsock

import (
	"encoding/binary"
	"fmt"
)

// HeaderLen is the size of struct nlmsghdr.
const HeaderLen = 16

// Message types below 0x10 are reserved for netlink itself (NLMSG_*).
const (
	TypeNoop    uint16 = 0x1
	TypeError   uint16 = 0x2
	TypeDone    uint16 = 0x3
	TypeOverrun uint16 = 0x4
	// TypeMinFamily is the first type a family may use (NLMSG_MIN_TYPE).
	TypeMinFamily uint16 = 0x10
)

// Header flags (NLM_F_*). Bits 0x100–0x800 mean different things for GET
// (dump) requests, NEW requests, DELETE requests and ACKs, so several names
// share a value.
const (
	FlagRequest      uint16 = 0x1
	FlagMulti        uint16 = 0x2
	FlagAck          uint16 = 0x4
	FlagEcho         uint16 = 0x8
	FlagDumpIntr     uint16 = 0x10
	FlagDumpFiltered uint16 = 0x20

	// GET requests.
	FlagRoot   uint16 = 0x100
	FlagMatch  uint16 = 0x200
	FlagAtomic uint16 = 0x400
	FlagDump          = FlagRoot | FlagMatch

	// NEW requests.
	FlagReplace uint16 = 0x100
	FlagExcl    uint16 = 0x200
	FlagCreate  uint16 = 0x400
	FlagAppend  uint16 = 0x800

	// DELETE requests.
	FlagNonrec uint16 = 0x100
	FlagBulk   uint16 = 0x200

	// ACK (NLMSG_ERROR) messages.
	FlagCapped  uint16 = 0x100
	FlagAckTLVs uint16 = 0x200
)

// Header is struct nlmsghdr. Length counts the header itself.
type Header struct {
	Length uint32
	Type   uint16
	Flags  uint16
	Seq    uint32
	PortID uint32
}

// Addr is the sender of a datagram as recvmsg reports it (struct sockaddr_nl
// and, for the group, struct nl_pktinfo). The kernel sends with PortID 0.
//
// Group is the multicast group the datagram was sent to (any group number,
// from NETLINK_PKTINFO), 0 for unicast. Groups is sockaddr_nl's bit mask
// (1 << (group-1)), which can only show groups 1 to 32: it is 0 for a
// higher group, so use Group (or Multicast) to tell events from unicast.
type Addr struct {
	PortID uint32
	Groups uint32
	Group  uint32
	// NSID is the namespace a multicast datagram came from, as the
	// receiving socket's namespace numbers it, when HasNSID: set on a
	// socket with Config.ListenAllNSID for events of other namespaces
	// (the kernel tags no event of the socket's own namespace).
	NSID    int32
	HasNSID bool
}

// Multicast reports whether the datagram came through a multicast group.
func (a Addr) Multicast() bool { return a.Group != 0 || a.Groups != 0 }

// Message is one netlink message: its header, the bytes after the header,
// and where the datagram that carried it came from.
type Message struct {
	Header  Header
	Payload []byte
	Source  Addr
}

// FromKernel reports whether the message was sent by the kernel (not by
// another socket).
func (m Message) FromKernel() bool { return m.Source.PortID == 0 }

// Multicast reports whether the message reached us through a multicast group.
func (m Message) Multicast() bool { return m.Source.Multicast() }

// align rounds n up to the netlink alignment of 4 bytes (NLMSG_ALIGN, NLA_ALIGN).
func align(n int) int { return (n + 3) &^ 3 }

// AppendMessage appends m to dst with a correct Length (header plus payload)
// and pads it to 4 bytes, so several messages can share one datagram.
func AppendMessage(dst []byte, m Message) []byte {
	n := HeaderLen + len(m.Payload)
	var h [HeaderLen]byte
	binary.NativeEndian.PutUint32(h[0:4], uint32(n))
	binary.NativeEndian.PutUint16(h[4:6], m.Header.Type)
	binary.NativeEndian.PutUint16(h[6:8], m.Header.Flags)
	binary.NativeEndian.PutUint32(h[8:12], m.Header.Seq)
	binary.NativeEndian.PutUint32(h[12:16], m.Header.PortID)
	dst = append(dst, h[:]...)
	dst = append(dst, m.Payload...)
	for i := n; i < align(n); i++ {
		dst = append(dst, 0)
	}
	return dst
}

// ParseHeader reads a nlmsghdr from the first 16 bytes of b.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, fmt.Errorf("header needs %d bytes, have %d", HeaderLen, len(b))
	}
	return Header{
		Length: binary.NativeEndian.Uint32(b[0:4]),
		Type:   binary.NativeEndian.Uint16(b[4:6]),
		Flags:  binary.NativeEndian.Uint16(b[6:8]),
		Seq:    binary.NativeEndian.Uint32(b[8:12]),
		PortID: binary.NativeEndian.Uint32(b[12:16]),
	}, nil
}

// ParseMessages splits a datagram into messages. Payloads alias b. It never
// panics: on malformed bytes it returns the messages parsed so far and an
// error that names the message index and byte offset where parsing stopped.
func ParseMessages(b []byte) ([]Message, error) {
	return appendMessages(nil, b)
}

// appendMessages is ParseMessages appending to dst, so that the receive path
// can reuse one slice for every datagram.
func appendMessages(msgs []Message, b []byte) ([]Message, error) {
	first := len(msgs)
	for off := 0; off < len(b); {
		rest := b[off:]
		h, err := ParseHeader(rest)
		if err != nil {
			return msgs, fmt.Errorf("message %d at offset %d: %d trailing bytes, a header needs %d", len(msgs)-first, off, len(rest), HeaderLen)
		}
		switch {
		case h.Length < HeaderLen:
			return msgs, fmt.Errorf("message %d at offset %d: nlmsg_len %d < %d", len(msgs)-first, off, h.Length, HeaderLen)
		case int64(h.Length) > int64(len(rest)):
			return msgs, fmt.Errorf("message %d at offset %d: nlmsg_len %d exceeds the %d bytes left", len(msgs)-first, off, h.Length, len(rest))
		}
		n := int(h.Length)
		msgs = append(msgs, Message{Header: h, Payload: rest[HeaderLen:n:n]})
		off += min(align(n), len(rest))
	}
	return msgs, nil
}
