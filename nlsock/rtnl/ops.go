//go:build linux

package rtnl

import (
	"context"
	"errors"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
)

// ErrDumpInterrupted reports a dump that stayed inconsistent
// (NLM_F_DUMP_INTR) after the retries; the results returned with it may miss
// or repeat objects.
var ErrDumpInterrupted = errors.New("dump interrupted by concurrent changes; results may be inconsistent")

// DumpRetries is how often the dumps below are repeated when the kernel
// flags them as interrupted.
const DumpRetries = 3

// Dump runs a dump request and returns its data messages, retrying an
// interrupted dump. With the results of a dump that stayed interrupted it
// returns ErrDumpInterrupted. The payloads are owned by the caller.
func Dump(ctx context.Context, s *nlsock.Socket, req nlsock.Message) ([]nlsock.Message, error) {
	reply, err := s.Request(ctx, req, nlsock.WithRetryInterrupted(DumpRetries))
	if err != nil {
		return nil, err
	}
	if reply.Interrupted {
		return reply.Messages, ErrDumpInterrupted
	}
	return reply.Messages, nil
}

// decoder is a pointer to an object type with a Decode method.
type decoder[T any] interface {
	*T
	Decode([]byte) error
}

func dumpDecode[T any, P decoder[T]](ctx context.Context, s *nlsock.Socket, req nlsock.Message, typ uint16) ([]T, error) {
	msgs, derr := Dump(ctx, s, req)
	if derr != nil && msgs == nil {
		return nil, derr
	}
	out := make([]T, 0, len(msgs))
	for i, m := range msgs {
		if m.Header.Type != typ {
			continue
		}
		out = append(out, *new(T))
		if err := P(&out[len(out)-1]).Decode(m.Payload); err != nil {
			return out, fmt.Errorf("%s message %d: %w", MessageTypeName(typ), i, err)
		}
	}
	return out, derr
}

// Links dumps every link of the socket's namespace.
func Links(ctx context.Context, s *nlsock.Socket) ([]Link, error) {
	return dumpDecode[Link](ctx, s, LinkDumpRequest(), RTM_NEWLINK)
}

// Addrs dumps every address of every family.
func Addrs(ctx context.Context, s *nlsock.Socket) ([]Address, error) {
	return dumpDecode[Address](ctx, s, AddrDumpRequest(), RTM_NEWADDR)
}

// Routes dumps the routes of every family and every table (local too).
func Routes(ctx context.Context, s *nlsock.Socket) ([]Route, error) {
	return dumpDecode[Route](ctx, s, RouteDumpRequest(), RTM_NEWROUTE)
}

// Neighbours dumps the neighbour tables of every family (ARP, NDP and
// bridge FDB entries, which have Family AF_BRIDGE).
func Neighbours(ctx context.Context, s *nlsock.Socket) ([]Neighbour, error) {
	return dumpDecode[Neighbour](ctx, s, NeighDumpRequest(), RTM_NEWNEIGH)
}

// Rules dumps the routing rules of every family.
func Rules(ctx context.Context, s *nlsock.Socket) ([]Rule, error) {
	return dumpDecode[Rule](ctx, s, RuleDumpRequest(), RTM_NEWRULE)
}

// LinkByName asks the kernel for one link by name (an alternative name
// too). A missing link is an error that matches unix.ENODEV.
func LinkByName(ctx context.Context, s *nlsock.Socket, name string) (Link, error) {
	req, err := LinkGetRequest(name)
	if err != nil {
		return Link{}, err
	}
	reply, err := s.Request(ctx, req)
	if err != nil {
		return Link{}, err
	}
	for _, m := range reply.Messages {
		if m.Header.Type == RTM_NEWLINK {
			return DecodeLink(m.Payload)
		}
	}
	return Link{}, fmt.Errorf("link %s: no RTM_NEWLINK in the reply", name)
}

// LinkIndex resolves a link name to its index.
func LinkIndex(ctx context.Context, s *nlsock.Socket, name string) (int32, error) {
	l, err := LinkByName(ctx, s, name)
	return l.Index, err
}

// do runs a request that has no data reply.
func do(ctx context.Context, s *nlsock.Socket, m nlsock.Message, err error) error {
	if err != nil {
		return err
	}
	_, err = s.Request(ctx, m)
	return err
}

// LinkAdd creates a link.
func LinkAdd(ctx context.Context, s *nlsock.Socket, spec LinkSpec) error {
	m, err := LinkAddRequest(spec)
	return do(ctx, s, m, err)
}

// LinkSet changes the link with the given index, in one request.
func LinkSet(ctx context.Context, s *nlsock.Socket, index int32, c LinkChange) error {
	if c.NetNS != nil {
		if c.NetNSFD != nil || c.NetNSPID != nil {
			return errors.New("link set: more than one target namespace")
		}
		fd, err := netnsFD(*c.NetNS)
		if err != nil {
			return err
		}
		defer closeFD(fd)
		c.NetNS, c.NetNSFD = nil, &fd
	}
	m, err := LinkSetRequest(index, c)
	return do(ctx, s, m, err)
}

// LinkDel deletes the link with the given index (a veth takes its peer along).
func LinkDel(ctx context.Context, s *nlsock.Socket, index int32) error {
	return do(ctx, s, LinkDelRequest(index), nil)
}

// AddrAdd adds prefix ("10.0.0.1/24") to the link with the given index.
func AddrAdd(ctx context.Context, s *nlsock.Socket, index int32, prefix netip.Prefix) error {
	m, err := AddrAddRequest(index, prefix)
	return do(ctx, s, m, err)
}

// AddrDel removes prefix from the link with the given index.
func AddrDel(ctx context.Context, s *nlsock.Socket, index int32, prefix netip.Prefix) error {
	m, err := AddrDelRequest(index, prefix)
	return do(ctx, s, m, err)
}

// RouteAdd adds a route.
func RouteAdd(ctx context.Context, s *nlsock.Socket, r RouteSpec) error {
	m, err := RouteAddRequest(r)
	return do(ctx, s, m, err)
}

// RouteDel deletes the route r matches.
func RouteDel(ctx context.Context, s *nlsock.Socket, r RouteSpec) error {
	m, err := RouteDelRequest(r)
	return do(ctx, s, m, err)
}
