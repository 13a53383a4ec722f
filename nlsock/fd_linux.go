package nlsock

import (
	"context"
	"errors"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The socket's fd is deliberately not registered with the Go runtime's
// network poller. A registered fd sits in the runtime's epoll set for good,
// so every datagram the kernel queues wakes whichever thread waits in
// epoll_wait, even while nobody waits for this socket: during a dump, one
// wake-up per datagram (about 8% of a 2001-link dump on 2 CPUs). Instead
// every call is non-blocking, and a reader that must wait blocks in poll(2)
// on the socket and an eventfd; poll watches the socket only while someone
// waits. Writing the eventfd (interrupt) wakes the waiter: a context's end
// (watch) or Close. fdmu keeps both fds open while a call uses them, so
// Close never closes an fd number another goroutine is still polling.

// errInterrupted: the wait was interrupted through the eventfd.
var errInterrupted = errors.New("interrupted")

// openWake creates the eventfd.
func (s *Socket) openWake() error {
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return err
	}
	s.efd = efd
	return nil
}

// interrupt wakes a reader waiting in poll.
func (s *Socket) interrupt() {
	s.fdmu.RLock()
	defer s.fdmu.RUnlock()
	if s.fdClosed {
		return
	}
	one := uint64(1)
	unix.Write(s.efd, (*[8]byte)(unsafe.Pointer(&one))[:])
}

// closeFDs interrupts any waiter, waits until no call uses the fds and
// closes them.
func (s *Socket) closeFDs() error {
	s.interrupt()
	s.fdmu.Lock()
	defer s.fdmu.Unlock()
	if s.fdClosed {
		return nil
	}
	s.fdClosed = true
	if s.lw != nil {
		s.lw.close()
	}
	err := unix.Close(s.fd)
	unix.Close(s.efd)
	return err
}

// withFD runs fn with the socket's fd held open, or fails with ErrClosed.
func (s *Socket) withFD(fn func(fd int) error) error {
	s.fdmu.RLock()
	defer s.fdmu.RUnlock()
	if s.fdClosed {
		return ErrClosed
	}
	return fn(s.fd)
}

// wait blocks until the socket has events, the deadline dl (if set)
// passes (context.DeadlineExceeded), or the eventfd is written
// (errInterrupted). Only the holder of readTok waits this way, so an
// interrupt always reaches the one reader. The caller then loops: it
// retries its read, or checks why it was interrupted.
func (s *Socket) wait(events int16, dl time.Time) error {
	timeout := -1
	if !dl.IsZero() {
		d := time.Until(dl)
		if d <= 0 {
			return context.DeadlineExceeded
		}
		timeout = int((d + time.Millisecond - 1) / time.Millisecond)
	}
	return s.withFD(func(fd int) error {
		if s.lw != nil && events == unix.POLLIN {
			return s.lw.wait(fd, s.efd, dl)
		}
		pfd := [2]unix.PollFd{{Fd: int32(fd), Events: events}, {Fd: int32(s.efd), Events: unix.POLLIN}}
		_, err := unix.Poll(pfd[:], timeout)
		if err != nil && err != unix.EINTR {
			return err
		}
		if pfd[1].Revents != 0 {
			var b [8]byte
			unix.Read(s.efd, b[:])
			return errInterrupted
		}
		return nil
	})
}

// waitOut blocks until the socket has room to send or dl passes. It does
// not watch the eventfd, whose interrupts are for the reader.
func (s *Socket) waitOut(dl time.Time) error {
	d := time.Until(dl)
	if d <= 0 {
		return context.DeadlineExceeded
	}
	return s.withFD(func(fd int) error {
		pfd := [1]unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		_, err := unix.Poll(pfd[:], int((d+time.Millisecond-1)/time.Millisecond))
		if err != nil && err != unix.EINTR {
			return err
		}
		return nil
	})
}
