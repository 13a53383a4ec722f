//go:build linux

package diag

import (
	"encoding/binary"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// sock_diag message types: SockDiagByFamily is that of every request and
// reply this package sends and reads; SockDestroy asks the kernel to close
// a socket.
const (
	SockDiagByFamily uint16 = 20
	SockDestroy      uint16 = 21
)

// MsgTypeName names a sock_diag message type ("SOCK_DIAG_BY_FAMILY"), or "".
func MsgTypeName(t uint16) string {
	if t < 0x10 {
		return ""
	}
	return nlsock.MessageTypeName(unix.NETLINK_SOCK_DIAG, t)
}

// Address families and protocols this package dumps.
const (
	FamilyUnix  uint8 = 1  // AF_UNIX
	FamilyINet  uint8 = 2  // AF_INET
	FamilyINet6 uint8 = 10 // AF_INET6

	ProtoTCP  uint8 = 6
	ProtoUDP  uint8 = 17
	ProtoSCTP uint8 = 132
	ProtoRaw  uint8 = 255
)

// AllStates selects sockets in every state.
const AllStates uint32 = 0xffffffff

// Sizes of the fixed structs.
const (
	inetReqLen  = 56 // struct inet_diag_req_v2
	inetMsgLen  = 72 // struct inet_diag_msg
	sockIDLen   = 48 // struct inet_diag_sockid
	unixReqLen  = 24 // struct unix_diag_req
	unixMsgLen  = 16 // struct unix_diag_msg
	cookieNoneL = 0xffffffff
)

// unix_diag_req show flags (UDIAG_SHOW_*).
const (
	ShowName    uint32 = 0x01
	ShowVFS     uint32 = 0x02
	ShowPeer    uint32 = 0x04
	ShowIcons   uint32 = 0x08
	ShowRQLen   uint32 = 0x10
	ShowMemInfo uint32 = 0x20
	ShowUID     uint32 = 0x40
)

// InetRequest is struct inet_diag_req_v2 without a socket id (a dump of
// every socket of the family and protocol in the given states).
type InetRequest struct {
	Family   uint8
	Protocol uint8
	Ext      uint8 // 1<<(INET_DIAG_x-1) bits of extensions to report
	States   uint32
}

// Append appends the request struct to dst.
func (r InetRequest) Append(dst []byte) []byte {
	dst = append(dst, r.Family, r.Protocol, r.Ext, 0)
	dst = binary.NativeEndian.AppendUint32(dst, r.States)
	id := make([]byte, sockIDLen)
	binary.NativeEndian.PutUint32(id[40:], cookieNoneL) // INET_DIAG_NOCOOKIE
	binary.NativeEndian.PutUint32(id[44:], cookieNoneL)
	return append(dst, id...)
}

// UnixRequest is struct unix_diag_req for a dump.
type UnixRequest struct {
	States uint32
	Show   uint32
}

// Append appends the request struct to dst.
func (r UnixRequest) Append(dst []byte) []byte {
	dst = append(dst, FamilyUnix, 0, 0, 0)
	dst = binary.NativeEndian.AppendUint32(dst, r.States)
	dst = binary.NativeEndian.AppendUint32(dst, 0) // ino
	dst = binary.NativeEndian.AppendUint32(dst, r.Show)
	dst = binary.NativeEndian.AppendUint32(dst, cookieNoneL)
	return binary.NativeEndian.AppendUint32(dst, cookieNoneL)
}

// addr reads an address of the family from a 16-byte field.
func addr(family uint8, b []byte) netip.Addr {
	if family == FamilyINet6 {
		return netip.AddrFrom16([16]byte(b[:16]))
	}
	return netip.AddrFrom4([4]byte(b[:4]))
}
