//go:build linux

package genl

import (
	"context"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// Families dumps every generic netlink family the kernel knows
// (CTRL_CMD_GETFAMILY with NLM_F_DUMP).
func Families(ctx context.Context, s *nlsock.Socket) ([]Family, error) {
	if err := checkGeneric(s); err != nil {
		return nil, err
	}
	reply, err := s.Request(ctx, ctrlMessage(CmdGetFamily, nlsock.FlagDump, nil))
	if err != nil {
		return nil, fmt.Errorf("dump genl families: %w", err)
	}
	fams := make([]Family, 0, len(reply.Messages))
	for i, m := range reply.Messages {
		f, err := ParseFamily(m.Payload)
		if err != nil {
			return fams, fmt.Errorf("genl family %d (%q): %w", i, f.Name, err)
		}
		fams = append(fams, f)
	}
	return fams, nil
}

// GetFamily asks nlctrl about the family called name; an unknown name fails
// with an error that matches unix.ENOENT.
func GetFamily(ctx context.Context, s *nlsock.Socket, name string) (*Family, error) {
	if err := checkGeneric(s); err != nil {
		return nil, err
	}
	payload, err := ynl.QueryGenlFamily(ctx, s, name)
	if err != nil {
		return nil, err
	}
	f, err := ParseFamily(payload)
	if err != nil {
		return nil, fmt.Errorf("genl family %q: %w", name, err)
	}
	return &f, nil
}

// GetPolicy dumps the attribute policies of the family called name
// (CTRL_CMD_GETPOLICY): which policy set validates each operation, and
// every attribute of every set. The result has Name set and only the
// OpPolicies and Policies fields filled in beyond ID.
func GetPolicy(ctx context.Context, s *nlsock.Socket, name string) (*Family, error) {
	if err := checkGeneric(s); err != nil {
		return nil, err
	}
	var e nlsock.AttrEncoder
	e.String(AttrFamilyName, name)
	if err := e.Err(); err != nil { // a name too long for nla_len, left out
		return nil, fmt.Errorf("genl policy of %q: %w", name, err)
	}
	reply, err := s.Request(ctx, ctrlMessage(CmdGetPolicy, nlsock.FlagDump, e.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("genl policy of %q: %w", name, err)
	}
	p := &Family{Name: name, Header: Header{Command: CmdGetPolicy, Version: CtrlVersion}}
	for _, m := range reply.Messages {
		f, err := ParseFamily(m.Payload)
		p.ID = f.ID
		p.OpPolicies = append(p.OpPolicies, f.OpPolicies...)
		p.Policies = append(p.Policies, f.Policies...)
		p.Unknown = append(p.Unknown, f.Unknown...)
		if err != nil {
			return p, fmt.Errorf("genl policy of %q: %w", name, err)
		}
	}
	return p, nil
}

// ResolveGroup turns "family:group" (e.g. "nlctrl:notify") into the
// multicast group id the kernel assigned.
func ResolveGroup(ctx context.Context, s *nlsock.Socket, spec string) (uint32, error) {
	fam, grp, ok := strings.Cut(spec, ":")
	if !ok || fam == "" || grp == "" {
		return 0, fmt.Errorf("genl group %q: want \"family:group\"", spec)
	}
	f, err := GetFamily(ctx, s, fam)
	if err != nil {
		return 0, err
	}
	if id, ok := f.Group(grp); ok {
		return id, nil
	}
	names := make([]string, len(f.Groups))
	for i, g := range f.Groups {
		names[i] = g.Name
	}
	return 0, fmt.Errorf("genl group %q: family %s has no group %q (groups: %s): %w",
		spec, fam, grp, strings.Join(names, ", "), unix.ENOENT)
}

// Request sends command cmd to the family called name, looked up through
// nlctrl and sent with the family's version. body is what follows the
// genlmsghdr: the family's own header (Family.HeaderSize bytes, if any) and
// attributes, e.g. from nlsock.AttrEncoder. flags adds to the
// NLM_F_REQUEST (and NLM_F_ACK unless dumping) that Socket.Request sets.
func Request(ctx context.Context, s *nlsock.Socket, name string, cmd uint8, flags uint16, body []byte, opts ...nlsock.RequestOption) (*nlsock.Reply, error) {
	f, err := GetFamily(ctx, s, name)
	if err != nil {
		return nil, err
	}
	return Execute(ctx, s, f.ID, Header{Command: cmd, Version: uint8(f.Version)}, flags, body, opts...)
}

// Execute sends one generic netlink request to the family with the given
// id and returns the replies.
func Execute(ctx context.Context, s *nlsock.Socket, id uint16, h Header, flags uint16, body []byte, opts ...nlsock.RequestOption) (*nlsock.Reply, error) {
	if err := checkGeneric(s); err != nil {
		return nil, err
	}
	m := nlsock.Message{
		Header:  nlsock.Header{Type: id, Flags: flags},
		Payload: append(h.Append(make([]byte, 0, HeaderLen+len(body))), body...),
	}
	return s.Request(ctx, m, opts...)
}

func ctrlMessage(cmd uint8, flags uint16, attrs []byte) nlsock.Message {
	h := Header{Command: cmd, Version: CtrlVersion}
	return nlsock.Message{
		Header:  nlsock.Header{Type: CtrlID, Flags: flags},
		Payload: append(h.Append(nil), attrs...),
	}
}

func checkGeneric(s *nlsock.Socket) error {
	if p := s.Protocol(); p != unix.NETLINK_GENERIC {
		return fmt.Errorf("genl needs a NETLINK_GENERIC socket, not protocol %d (%s)", p, nlsock.ProtocolName(p))
	}
	return nil
}
