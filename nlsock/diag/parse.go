//go:build linux

package diag

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"sync"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Parse decodes one SOCK_DIAG_BY_FAMILY reply of the given family.
func Parse(family, proto uint8, payload []byte) (Socket, error) {
	p := scratch.Get().(*Socket)
	err := p.decode(family, proto, payload)
	return release(p), err
}

// scratch holds the Sockets that Parse, ParseInet and ParseUnix decode
// into: the typed tables fill a Socket through a pointer, which would move
// a local Socket to the heap on every call.
var scratch = sync.Pool{New: func() any { return new(Socket) }}

// release returns what p holds and gives p, zeroed, back to scratch.
func release(p *Socket) Socket {
	s := *p
	*p = Socket{}
	scratch.Put(p)
	return s
}

// decode fills s, which must be zero, from one reply: in place, so that
// a dump of many sockets decodes into its result without a copy.
func (s *Socket) decode(family, proto uint8, payload []byte) error {
	if family == FamilyUnix {
		return s.decodeUnix(payload)
	}
	return s.decodeInet(proto, payload)
}

// The attributes of inet_diag and unix_diag replies are read through
// nlsh's built-in description sock-diag
// (nlsock/ynl/builtin/descriptions/sock-diag.yaml): this package binds
// attribute names to Socket's fields and knows no attribute number.

var inetTable = builtin.LazyTable("sock-diag", "inet-diag-attrs", []ynl.Field[Socket]{
	{Name: "protocol", Set: func(s *Socket, _ []byte, n uint64) { s.Protocol = uint8(n) }},
	{Name: "shutdown", Set: func(s *Socket, _ []byte, n uint64) { s.Shutdown, s.HasShut = uint8(n), true }},
}...)

var unixTable = builtin.LazyTable("sock-diag", "unix-diag-attrs", []ynl.Field[Socket]{
	{Name: "name", Set: func(s *Socket, b []byte, _ uint64) { s.Path = unixPath(b) }},
	{Name: "vfs", Set: func(s *Socket, b []byte, _ uint64) { s.VFSInode, s.VFSDev, s.HasVFS = u32(b), u32(b[4:]), true }},
	{Name: "peer", Set: func(s *Socket, _ []byte, n uint64) { s.Peer, s.HasPeer = uint32(n), true }},
	{Name: "icons", Set: func(s *Socket, b []byte, _ uint64) {
		s.Icons = []uint32{}
		for ; len(b) >= 4; b = b[4:] {
			s.Icons = append(s.Icons, u32(b))
		}
	}},
	{Name: "rqlen", Set: func(s *Socket, b []byte, _ uint64) { s.RQueue, s.WQueue, s.HasQueues = u32(b), u32(b[4:]), true }},
	{Name: "shutdown", Set: func(s *Socket, _ []byte, n uint64) { s.Shutdown, s.HasShut = uint8(n), true }},
	{Name: "uid", Set: func(s *Socket, _ []byte, n uint64) { s.UID, s.HasUID = uint32(n), true }},
}...)

func u32(b []byte) uint32 { return binary.NativeEndian.Uint32(b) }

// decodeAttrs fills s from the attributes after a fixed header of hdrLen
// bytes through t. Attributes without a field, and those whose length does
// not fit their type, go to Unknown; the latter also make the error.
func decodeAttrs(s *Socket, b []byte, hdrLen int, t *ynl.Table[Socket]) error {
	var bad []ynl.Malformed
	err := t.Walk(s, b, hdrLen, &bad)
	if len(b) > 0 {
		_ = nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
			if _, malformed := t.Check(a.Type, len(a.Data)); malformed || !t.Bound(a.Type) {
				s.Unknown = append(s.Unknown, a)
			}
			return nil
		})
	}
	if err == nil && len(bad) == 0 {
		return nil
	}
	var problems []string // one line: errors.Join would put each on its own
	if err != nil {
		problems = append(problems, err.Error())
	}
	for _, m := range bad {
		problems = append(problems, m.String())
	}
	return fmt.Errorf("%s (after the %d-byte header): %s", t.Set().Name, hdrLen, strings.Join(problems, "; "))
}

// ParseInet decodes an inet_diag_msg and its attributes. proto is the
// protocol that was dumped (the reply carries it only as an attribute for
// some protocols).
func ParseInet(proto uint8, payload []byte) (Socket, error) {
	p := scratch.Get().(*Socket)
	err := p.decodeInet(proto, payload)
	return release(p), err
}

func (s *Socket) decodeInet(proto uint8, payload []byte) error {
	s.Protocol = proto
	if len(payload) < inetMsgLen {
		return fmt.Errorf("inet_diag_msg needs %d bytes, have %d", inetMsgLen, len(payload))
	}
	ne := binary.NativeEndian
	s.Family, s.State, s.Timer, s.Retrans = payload[0], payload[1], payload[2], payload[3]
	id := payload[4 : 4+sockIDLen]
	if s.Family != FamilyINet && s.Family != FamilyINet6 {
		return fmt.Errorf("inet_diag_msg: family %d is not inet or inet6", s.Family)
	}
	s.Src = netip.AddrPortFrom(addr(s.Family, id[4:20]), binary.BigEndian.Uint16(id[0:2]))
	s.Dst = netip.AddrPortFrom(addr(s.Family, id[20:36]), binary.BigEndian.Uint16(id[2:4]))
	s.Interface = ne.Uint32(id[36:40])
	s.Cookie = uint64(ne.Uint32(id[40:44])) | uint64(ne.Uint32(id[44:48]))<<32
	rest := payload[4+sockIDLen:]
	s.Expires, s.RQueue, s.WQueue = ne.Uint32(rest[0:]), ne.Uint32(rest[4:]), ne.Uint32(rest[8:])
	s.UID, s.Inode = ne.Uint32(rest[12:]), ne.Uint32(rest[16:])
	s.HasUID, s.HasQueues = true, true
	return decodeAttrs(s, payload[inetMsgLen:], inetMsgLen, inetTable())
}

// ParseUnix decodes a unix_diag_msg and its attributes.
func ParseUnix(payload []byte) (Socket, error) {
	p := scratch.Get().(*Socket)
	err := p.decodeUnix(payload)
	return release(p), err
}

func (s *Socket) decodeUnix(payload []byte) error {
	if len(payload) < unixMsgLen {
		return fmt.Errorf("unix_diag_msg needs %d bytes, have %d", unixMsgLen, len(payload))
	}
	ne := binary.NativeEndian
	s.Family, s.Type, s.State = payload[0], payload[1], payload[2]
	s.Inode = ne.Uint32(payload[4:])
	s.Cookie = uint64(ne.Uint32(payload[8:])) | uint64(ne.Uint32(payload[12:]))<<32
	return decodeAttrs(s, payload[unixMsgLen:], unixMsgLen, unixTable())
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
