//go:build linux

package pcap

import (
	"encoding/binary"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// File format constants.
const (
	MagicMicro      = 0xa1b2c3d4 // timestamps in microseconds
	MagicNano       = 0xa1b23c4d // timestamps in nanoseconds
	magicPcapng     = 0x0a0d0d0a // a pcapng section header block
	LinkTypeNetlink = 253        // LINKTYPE_NETLINK
	Snaplen         = 262144     // what we write in the file header
	FileHeaderLen   = 24
	RecordHeaderLen = 16
	PseudoHeaderLen = 16 // the cooked header before the netlink bytes
	ARPHRDNetlink   = 824
)

// Packet types of the pseudo-header (linux/if_packet.h).
const (
	PacketHost     = 0 // received by us (what we write for Received)
	PacketOutgoing = 4 // sent by us (what we write for Sent)
	PacketUser     = 6 // nlmon: to a user socket
	PacketKernel   = 7 // nlmon: to the kernel
)

// MaxDatagram is the largest datagram a record holds whole without exceeding
// the snaplen written in the file header.
const MaxDatagram = Snaplen - PseudoHeaderLen

// Record is one captured datagram.
type Record struct {
	Time       time.Time
	Direction  nlsock.Direction
	PacketType uint16 // as in the file: 0, 4, or nlmon's 6 and 7
	Protocol   int    // the netlink protocol (0 route, 16 generic, ...)
	Data       []byte // the datagram: one or more whole netlink messages
	Truncated  bool   // the file kept fewer bytes than the datagram had
}

// Messages splits the datagram into netlink messages (see
// nlsock.ParseMessages: never panics; payloads alias r.Data).
func (r Record) Messages() ([]nlsock.Message, error) {
	return nlsock.ParseMessages(r.Data)
}

// packetType is what we write for dir.
func packetType(dir nlsock.Direction) uint16 {
	if dir == nlsock.Sent {
		return PacketOutgoing
	}
	return PacketHost
}

// direction maps a packet type read from a file.
func direction(pt uint16) nlsock.Direction {
	if pt == PacketOutgoing || pt == PacketKernel {
		return nlsock.Sent
	}
	return nlsock.Received
}

// putPseudo writes the 16-byte pseudo-header into b.
func putPseudo(b []byte, dir nlsock.Direction, proto int) {
	be := binary.BigEndian
	be.PutUint16(b[0:], packetType(dir))
	be.PutUint16(b[2:], ARPHRDNetlink)
	clear(b[4:14])
	be.PutUint16(b[14:], uint16(proto))
}
