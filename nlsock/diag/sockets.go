//go:build linux

package diag

import (
	"context"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Filter chooses what Sockets dumps: one family (FamilyINet, FamilyINet6
// or FamilyUnix), for inet one protocol (ProtoTCP, ProtoUDP, ...), and the
// states as a bit mask of 1<<State (0 means AllStates).
type Filter struct {
	Family   uint8
	Protocol uint8
	States   uint32
}

// Sockets dumps the sockets that match f from the namespace of s, a
// NETLINK_SOCK_DIAG socket.
func Sockets(ctx context.Context, s *nlsock.Socket, f Filter) ([]Socket, error) {
	if p := s.Protocol(); p != unix.NETLINK_SOCK_DIAG {
		return nil, fmt.Errorf("diag needs a NETLINK_SOCK_DIAG socket, not protocol %d (%s)", p, nlsock.ProtocolName(p))
	}
	states := f.States
	if states == 0 {
		states = AllStates
	}
	var req []byte
	switch f.Family {
	case FamilyUnix:
		req = UnixRequest{States: states, Show: ShowName | ShowVFS | ShowPeer | ShowIcons | ShowRQLen | ShowUID}.Append(nil)
	case FamilyINet, FamilyINet6:
		if f.Protocol == 0 {
			return nil, fmt.Errorf("dump %s sockets: a protocol is needed (tcp, udp, ...)", FamilyName(f.Family))
		}
		req = InetRequest{Family: f.Family, Protocol: f.Protocol, States: states}.Append(nil)
	default:
		return nil, fmt.Errorf("dump sockets: family %d is not inet, inet6 or unix", f.Family)
	}
	m := nlsock.Message{Header: nlsock.Header{Type: SockDiagByFamily, Flags: nlsock.FlagDump}, Payload: req}
	reply, err := s.Request(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("dump %s sockets: %w", describe(f), err)
	}
	socks, err := decodeAll(f.Family, f.Protocol, reply.Messages)
	if err != nil {
		err = fmt.Errorf("dump %s sockets: %w", describe(f), err)
	}
	return socks, err
}

func describe(f Filter) string {
	if f.Family == FamilyUnix {
		return "unix"
	}
	s := Socket{Family: f.Family, Protocol: f.Protocol}
	return FamilyName(f.Family) + " " + s.NetID()
}

// decodeAll decodes a dump's replies in place into the result: the typed
// tables fill a Socket through a pointer, which in a slice costs no
// allocation of its own. On an error it returns the sockets before it.
func decodeAll(family, proto uint8, msgs []nlsock.Message) ([]Socket, error) {
	socks := make([]Socket, len(msgs))
	for i, m := range msgs {
		if err := socks[i].decode(family, proto, m.Payload); err != nil {
			return socks[:i], fmt.Errorf("message %d: %w", i, err)
		}
	}
	return socks, nil
}
