package nlsock

import (
	"errors"
	"fmt"
	"math"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Join adds the socket to multicast group (NETLINK_ADD_MEMBERSHIP).
func (s *Socket) Join(group uint32) error {
	return s.membership("join", unix.NETLINK_ADD_MEMBERSHIP, group)
}

// Leave removes the socket from multicast group. Leaving a group the socket
// is not in succeeds.
func (s *Socket) Leave(group uint32) error {
	return s.membership("leave", unix.NETLINK_DROP_MEMBERSHIP, group)
}

func (s *Socket) membership(op string, opt int, group uint32) error {
	obj := fmt.Sprintf("group %d on %s", group, s.name)
	if group == 0 {
		return &OpError{Op: op, Object: obj, Err: fmt.Errorf("group 0 is invalid (groups start at 1): %w", unix.EINVAL)}
	}
	if group > math.MaxInt32 {
		return &OpError{Op: op, Object: obj, Err: fmt.Errorf("group %d does not exist for protocol %s: %w", group, protocolString(s.proto), unix.EINVAL)}
	}
	err := s.control(func(fd int) error {
		if s.fake != nil {
			return s.fake.Membership(group, opt == unix.NETLINK_ADD_MEMBERSHIP)
		}
		return unix.SetsockoptInt(fd, unix.SOL_NETLINK, opt, int(group))
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL):
		err = fmt.Errorf("group %d does not exist for protocol %s: %w", group, protocolString(s.proto), err)
	case errors.Is(err, unix.EPERM):
		err = fmt.Errorf("group %d of %s requires privileges: %w", group, protocolString(s.proto), err)
	}
	return &OpError{Op: op, Object: obj, Err: err}
}

// Memberships lists the groups the socket is in (NETLINK_LIST_MEMBERSHIPS).
func (s *Socket) Memberships() ([]uint32, error) {
	var groups []uint32
	err := s.control(func(fd int) error {
		if s.fake != nil {
			groups = s.fake.Memberships()
			return nil
		}
		buf := make([]uint32, 8)
		for {
			n := uint32(len(buf) * 4)
			_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_NETLINK, unix.NETLINK_LIST_MEMBERSHIPS,
				uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), 0)
			if e != 0 {
				return e
			}
			if int(n) > len(buf)*4 {
				buf = make([]uint32, (n+3)/4)
				continue
			}
			for i, w := range buf[:n/4] {
				for bit := range uint32(32) {
					if w&(1<<bit) != 0 {
						groups = append(groups, uint32(i)*32+bit+1)
					}
				}
			}
			return nil
		}
	})
	if err != nil {
		return nil, s.opErr("list memberships of", err)
	}
	return groups, nil
}

// SetDirectRead makes Receive read each datagram with one recvmsg into a
// buffer of limit bytes, instead of peeking at its size first and reading
// it then: half the syscalls for a listener whose datagrams are events of
// a known, small size (the monitor sets it). Receive then also reads in one
// pass, after a wake-up, what else the socket holds (up to 64 datagrams),
// so a burst costs one wait and Stats().Queued shows the backlog; a dump
// read through Receive would be read ahead too, so a listener should not
// dump on this socket. A Receive waiting for events parks in the Go
// runtime's poller instead of blocking a thread in poll(2) (netpoll.go).
// Set it before the socket is read: it waits for a blocked reader. A datagram larger than limit
// is lost, and Receive reports it as truncated, naming its size; nothing
// is dropped silently. Replies to requests are still read whole, whatever
// their size. 0 turns it off.
func (s *Socket) SetDirectRead(limit int) error {
	if limit < 0 || limit > math.MaxInt32 {
		return &OpError{Op: "set", Object: "direct read limit of " + s.name,
			Err: fmt.Errorf("%d bytes: the limit must be between 0 and %d: %w", limit, math.MaxInt32, unix.EINVAL)}
	}
	s.directRead.Store(int32(limit))
	if limit == 0 {
		return nil
	}
	s.fdmu.Lock()
	defer s.fdmu.Unlock()
	if s.fdClosed {
		return s.opErr("set direct read on", ErrClosed)
	}
	if s.lw == nil {
		lw, err := newListenWait(s.fd, s.efd)
		if err != nil {
			return &OpError{Op: "set", Object: "direct read of " + s.name, Err: err}
		}
		s.lw = lw
	}
	return nil
}

// SetReadBuffer sets the receive buffer (SO_RCVBUF, or SO_RCVBUFFORCE when
// force, which needs CAP_NET_ADMIN and ignores net.core.rmem_max). The
// kernel doubles the value; ReadBuffer reports what it granted.
func (s *Socket) SetReadBuffer(bytes int, force bool) error {
	obj := fmt.Sprintf("read buffer of %s to %d bytes", s.name, bytes)
	if bytes <= 0 || bytes > math.MaxInt32 {
		return &OpError{Op: "set", Object: obj, Err: fmt.Errorf("the size must be between 1 and %d: %w", math.MaxInt32, unix.EINVAL)}
	}
	opt, what := unix.SO_RCVBUF, "SO_RCVBUF"
	if force {
		opt, what = unix.SO_RCVBUFFORCE, "SO_RCVBUFFORCE"
	}
	err := s.control(func(fd int) error { return unix.SetsockoptInt(fd, unix.SOL_SOCKET, opt, bytes) })
	if err != nil {
		if errors.Is(err, unix.EPERM) {
			err = fmt.Errorf("%s requires CAP_NET_ADMIN: %w", what, err)
		}
		return &OpError{Op: "set", Object: obj, Err: err}
	}
	return nil
}

// ReadBuffer returns the receive buffer size the kernel uses (SO_RCVBUF as
// getsockopt reports it: twice what was asked, within the limits).
func (s *Socket) ReadBuffer() (int, error) {
	var n int
	err := s.control(func(fd int) (err error) {
		n, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF)
		return err
	})
	if err != nil {
		return 0, s.opErr("read buffer size of", err)
	}
	return n, nil
}
