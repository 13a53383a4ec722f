//go:build linux

package rtnl

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// NETNSA_* attributes of RTM_NEWNSID / RTM_GETNSID.
const (
	NETNSA_NSID uint16 = 1
	NETNSA_PID  uint16 = 2
	NETNSA_FD   uint16 = 3
)

// NSIDNotAssigned is the nsid of a namespace that has none in the asking
// socket's namespace (NETNSA_NSID_NOT_ASSIGNED).
const NSIDNotAssigned int32 = -1

// nsidRequest is RTM_{NEW,GET}NSID for the namespace open at fd, with
// NETNSA_NSID set to nsid when set.
func nsidRequest(typ uint16, fd int, nsid *int32) nlsock.Message {
	var e nlsock.AttrEncoder
	e.Uint32(NETNSA_FD, uint32(fd))
	if nsid != nil {
		e.Uint32(NETNSA_NSID, uint32(*nsid))
	}
	// struct rtgenmsg (family unspec), padded to 4 bytes, then the attributes.
	return nlsock.Message{Header: nlsock.Header{Type: typ}, Payload: append(make([]byte, 4), e.Bytes()...)}
}

// NSIDOf returns the nsid that s's namespace gives the namespace open at
// fd, or NSIDNotAssigned.
func NSIDOf(ctx context.Context, s *nlsock.Socket, fd int) (int32, error) {
	r, err := s.Request(ctx, nsidRequest(unix.RTM_GETNSID, fd, nil))
	if err != nil {
		return 0, fmt.Errorf("get nsid: %w", err)
	}
	for _, m := range r.Messages {
		if m.Header.Type != unix.RTM_NEWNSID || len(m.Payload) < 4 {
			continue
		}
		nsid, found := NSIDNotAssigned, false
		nlsock.WalkAttrs(m.Payload[4:], func(a nlsock.Attr) error {
			if a.Type == NETNSA_NSID && len(a.Data) == 4 {
				nsid, found = int32(binary.NativeEndian.Uint32(a.Data)), true
			}
			return nil
		})
		if found {
			return nsid, nil
		}
	}
	return 0, errors.New("get nsid: the reply has no NETNSA_NSID")
}

// AssignNSID gives the namespace open at fd an nsid in s's namespace, the
// kernel choosing it (as `ip netns set NAME auto` does), and returns it.
// A namespace that has one keeps it.
func AssignNSID(ctx context.Context, s *nlsock.Socket, fd int) (int32, error) {
	if nsid, err := NSIDOf(ctx, s, fd); err != nil || nsid != NSIDNotAssigned {
		return nsid, err
	}
	auto := NSIDNotAssigned
	if _, err := s.Request(ctx, nsidRequest(unix.RTM_NEWNSID, fd, &auto)); err != nil && !errors.Is(err, unix.EEXIST) {
		return 0, fmt.Errorf("assign nsid: %w", err)
	}
	return NSIDOf(ctx, s, fd)
}
