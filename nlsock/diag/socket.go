//go:build linux

package diag

import (
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Socket is one socket as sock_diag reports it. Inet sockets fill Src,
// Dst, Interface, Timer..UID; unix sockets fill Type, Path, Peer, VFS and
// Icons. Both have State, Inode, Cookie and the queues.
type Socket struct {
	Family   uint8
	Protocol uint8 // ProtoTCP, ProtoUDP, ... (inet); 0 for unix
	Type     uint8 // unix: SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5
	State    uint8 // TCP_* numbering, also for udp and unix sockets

	Src, Dst  netip.AddrPort
	Interface uint32 // bound device index, 0 if none
	Cookie    uint64
	Timer     uint8
	Retrans   uint8
	Expires   uint32 // ms
	UID       uint32
	HasUID    bool // unix: UNIX_DIAG_UID was present
	Inode     uint32

	RQueue, WQueue uint32 // ss's Recv-Q and Send-Q
	HasQueues      bool   // unix: UNIX_DIAG_RQLEN was present

	Path     string // unix: bound path; abstract names start with "@"
	Peer     uint32 // unix: inode of the peer socket, if HasPeer
	HasPeer  bool
	VFSInode uint32 // unix: inode and device of the bound file, if HasVFS
	VFSDev   uint32
	HasVFS   bool
	Icons    []uint32 // unix listeners: inodes of not yet accepted sockets
	Shutdown uint8
	HasShut  bool

	Unknown []nlsock.Attr
}

// TCP states as the kernel numbers them (include/net/tcp_states.h).
const (
	StateEstablished uint8 = 1 + iota
	StateSynSent
	StateSynRecv
	StateFinWait1
	StateFinWait2
	StateTimeWait
	StateClose
	StateCloseWait
	StateLastAck
	StateListen
	StateClosing
	StateNewSynRecv
	StateBoundInactive
)

var stateNames = [...]string{"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
	"FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
	"NEW-SYN-RECV", "BOUND-INACTIVE"}

// StateName names a state as ss does ("ESTAB", "LISTEN", "UNCONN", ...).
func StateName(s uint8) string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("state %d", s)
}

// StateName names the socket's state as ss does.
func (s *Socket) StateName() string { return StateName(s.State) }

// NetID names the socket kind as ss's Netid column does: "tcp", "udp",
// "u_str", "u_dgr", "u_seq", ...
func (s *Socket) NetID() string {
	if s.Family == FamilyUnix {
		if name := UnixTypeName(s.Type); name != "" {
			return "u_" + name[:3]
		}
		return fmt.Sprintf("u_%d", s.Type)
	}
	switch s.Protocol {
	case ProtoTCP:
		return "tcp"
	case ProtoUDP:
		return "udp"
	case ProtoSCTP:
		return "sctp"
	case ProtoRaw:
		return "raw"
	}
	return fmt.Sprintf("proto %d", s.Protocol)
}

var unixTypeNames = [...]string{1: "stream", 2: "dgram", 5: "seqpacket"}

// UnixTypeName names a unix socket's type (SOCK_STREAM 1 is "stream",
// SOCK_DGRAM 2 "dgram", SOCK_SEQPACKET 5 "seqpacket"), or "".
func UnixTypeName(t uint8) string {
	if int(t) < len(unixTypeNames) {
		return unixTypeNames[t]
	}
	return ""
}

// FamilyName names an address family ("inet", "inet6", "unix").
func FamilyName(f uint8) string {
	switch f {
	case FamilyUnix:
		return "unix"
	case FamilyINet:
		return "inet"
	case FamilyINet6:
		return "inet6"
	case unix.AF_NETLINK: // sock-diag describes netlink_diag too
		return "netlink"
	}
	return fmt.Sprintf("family %d", f)
}
