//go:build linux

package diag

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

// Parse decodes one SOCK_DIAG_BY_FAMILY reply of the given family.
func Parse(family, proto uint8, payload []byte) (Socket, error) {
	if family == FamilyUnix {
		return ParseUnix(payload)
	}
	return ParseInet(proto, payload)
}

// inet_diag attributes kept decoded (INET_DIAG_*).
const (
	attrInetShutdown uint16 = 8
	attrInetProtocol uint16 = 10
)

// ParseInet decodes an inet_diag_msg and its attributes. proto is the
// protocol that was dumped (the reply carries it only as an attribute for
// some protocols).
func ParseInet(proto uint8, payload []byte) (Socket, error) {
	s := Socket{Protocol: proto}
	if len(payload) < inetMsgLen {
		return s, fmt.Errorf("inet_diag_msg needs %d bytes, have %d", inetMsgLen, len(payload))
	}
	ne := binary.NativeEndian
	s.Family, s.State, s.Timer, s.Retrans = payload[0], payload[1], payload[2], payload[3]
	id := payload[4 : 4+sockIDLen]
	if s.Family != FamilyINet && s.Family != FamilyINet6 {
		return s, fmt.Errorf("inet_diag_msg: family %d is not inet or inet6", s.Family)
	}
	s.Src = netip.AddrPortFrom(addr(s.Family, id[4:20]), binary.BigEndian.Uint16(id[0:2]))
	s.Dst = netip.AddrPortFrom(addr(s.Family, id[20:36]), binary.BigEndian.Uint16(id[2:4]))
	s.Interface = ne.Uint32(id[36:40])
	s.Cookie = uint64(ne.Uint32(id[40:44])) | uint64(ne.Uint32(id[44:48]))<<32
	rest := payload[4+sockIDLen:]
	s.Expires, s.RQueue, s.WQueue = ne.Uint32(rest[0:]), ne.Uint32(rest[4:]), ne.Uint32(rest[8:])
	s.UID, s.Inode = ne.Uint32(rest[12:]), ne.Uint32(rest[16:])
	s.HasUID, s.HasQueues = true, true
	err := nlsock.WalkAttrs(payload[inetMsgLen:], func(a nlsock.Attr) error {
		switch {
		case a.Type == attrInetProtocol && len(a.Data) >= 1:
			s.Protocol = a.Data[0]
		case a.Type == attrInetShutdown && len(a.Data) >= 1:
			s.Shutdown, s.HasShut = a.Data[0], true
		default:
			s.Unknown = append(s.Unknown, a)
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("inet_diag attributes (after %d bytes): %w", inetMsgLen, err)
	}
	return s, err
}

// unix_diag attributes (UNIX_DIAG_*).
const (
	attrUnixName     uint16 = 0
	attrUnixVFS      uint16 = 1
	attrUnixPeer     uint16 = 2
	attrUnixIcons    uint16 = 3
	attrUnixRQLen    uint16 = 4
	attrUnixMemInfo  uint16 = 5
	attrUnixShutdown uint16 = 6
	attrUnixUID      uint16 = 7
)

// ParseUnix decodes a unix_diag_msg and its attributes.
func ParseUnix(payload []byte) (Socket, error) {
	var s Socket
	if len(payload) < unixMsgLen {
		return s, fmt.Errorf("unix_diag_msg needs %d bytes, have %d", unixMsgLen, len(payload))
	}
	ne := binary.NativeEndian
	s.Family, s.Type, s.State = payload[0], payload[1], payload[2]
	s.Inode = ne.Uint32(payload[4:])
	s.Cookie = uint64(ne.Uint32(payload[8:])) | uint64(ne.Uint32(payload[12:]))<<32
	err := nlsock.WalkAttrs(payload[unixMsgLen:], func(a nlsock.Attr) error {
		if err := s.unixAttr(a); err != nil {
			return fmt.Errorf("unix_diag attribute %d at offset %d: %w", a.Type, unixMsgLen+a.Offset, err)
		}
		return nil
	})
	return s, err
}

func (s *Socket) unixAttr(a nlsock.Attr) error {
	ne := binary.NativeEndian
	need := map[uint16]int{attrUnixVFS: 8, attrUnixPeer: 4, attrUnixRQLen: 8, attrUnixShutdown: 1, attrUnixUID: 4}[a.Type]
	if len(a.Data) < need {
		return fmt.Errorf("needs %d bytes, have %d", need, len(a.Data))
	}
	switch a.Type {
	case attrUnixName:
		s.Path = unixPath(a.Data)
	case attrUnixVFS:
		s.VFSInode, s.VFSDev, s.HasVFS = ne.Uint32(a.Data), ne.Uint32(a.Data[4:]), true
	case attrUnixPeer:
		s.Peer, s.HasPeer = ne.Uint32(a.Data), true
	case attrUnixIcons:
		s.Icons = []uint32{}
		for b := a.Data; len(b) >= 4; b = b[4:] {
			s.Icons = append(s.Icons, ne.Uint32(b))
		}
	case attrUnixRQLen:
		s.RQueue, s.WQueue, s.HasQueues = ne.Uint32(a.Data), ne.Uint32(a.Data[4:]), true
	case attrUnixShutdown:
		s.Shutdown, s.HasShut = a.Data[0], true
	case attrUnixUID:
		s.UID, s.HasUID = ne.Uint32(a.Data), true
	default:
		s.Unknown = append(s.Unknown, a)
	}
	return nil
}

// unixPath renders a sun_path as ss does: abstract names (leading NUL)
// start with "@", and the NUL padding of a pathname is dropped.
func unixPath(b []byte) string {
	if len(b) > 0 && b[0] == 0 {
		return "@" + string(b[1:])
	}
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
