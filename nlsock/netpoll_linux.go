package nlsock

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// listenWait is how a listener socket (SetDirectRead) waits: an epoll set
// holding the socket and the eventfd, itself registered with the Go
// runtime's network poller. A waiting goroutine parks, and the runtime's
// own epoll wakes it, where a wait in poll(2) blocks a thread in a syscall
// and costs a Go program a scheduler hand-off and its monitor thread's
// wake-ups for each event. fd.go says why other sockets keep poll(2): a
// socket in the runtime's epoll set wakes it for every datagram even while
// nobody waits, which a listener wants anyway.
type listenWait struct {
	file *os.File // the epoll fd, non-blocking, in the runtime poller
	rc   syscall.RawConn
}

// newListenWait builds the epoll set of fd and efd.
func newListenWait(fd, efd int) (*listenWait, error) {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	for _, f := range []int{fd, efd} {
		ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(f)}
		if f == fd {
			ev.Events |= unix.EPOLLONESHOT // re-armed by each wait
		}
		if err := unix.EpollCtl(ep, unix.EPOLL_CTL_ADD, f, &ev); err != nil {
			unix.Close(ep)
			return nil, err
		}
	}
	if err := unix.SetNonblock(ep, true); err != nil {
		unix.Close(ep)
		return nil, err
	}
	file := os.NewFile(uintptr(ep), "netlink listener epoll")
	rc, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil, err
	}
	return &listenWait{file: file, rc: rc}, nil
}

// wait blocks until the socket fd is readable (nil), the eventfd was written
// (errInterrupted, the eventfd drained) or dl passes
// (context.DeadlineExceeded). The caller holds fdmu for reading.
func (w *listenWait) wait(fd, efd int, dl time.Time) error {
	if err := w.file.SetReadDeadline(dl); err != nil {
		return err
	}
	// Re-arm the socket: its entry is one-shot, so that datagrams arriving
	// while the reader is busy or lingering (recv_linux.go) do not wake the
	// runtime's poller for nothing, one wake-up each. If data is queued
	// already, the re-arm reports it at once.
	var aerr error
	if err := w.rc.Control(func(ep uintptr) {
		aerr = unix.EpollCtl(int(ep), unix.EPOLL_CTL_MOD, fd, &unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLONESHOT, Fd: int32(fd)})
	}); err != nil {
		return err
	}
	if aerr != nil {
		return aerr
	}
	var evs [2]unix.EpollEvent
	var n int
	var werr error
	// Read resets the poller's readiness before it first calls the
	// function, so the function must look itself: an event that came since
	// the caller found the socket empty would otherwise be missed.
	err := w.rc.Read(func(ep uintptr) bool {
		n, werr = unix.EpollWait(int(ep), evs[:], 0)
		if werr == unix.EINTR {
			n, werr = 0, nil
		}
		return n > 0 || werr != nil
	})
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return context.DeadlineExceeded
	case err != nil:
		return err
	case werr != nil:
		return werr
	}
	for _, ev := range evs[:n] {
		if int(ev.Fd) == efd {
			var b [8]byte
			unix.Read(efd, b[:])
			return errInterrupted
		}
	}
	return nil
}

func (w *listenWait) close() { w.file.Close() }
