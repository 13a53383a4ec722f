package nlsock

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// Namespace is an anonymous network namespace held open by a file
// descriptor: nothing appears under /run/netns, and the namespace disappears
// when Close has been called and no socket or process uses it any more.
type Namespace struct {
	mu sync.Mutex
	fd int // -1 once closed
	id int // the fd number at creation, for String
}

// NewNamespace creates a fresh network namespace. It has only a loopback
// device, down, as the kernel makes it. Creating one needs CAP_SYS_ADMIN.
func NewNamespace() (*Namespace, error) {
	type result struct {
		fd  int
		err error
	}
	c := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			c <- result{-1, err}
			return
		}
		// home is closed before the result is sent, never after (a deferred
		// close would leave an extra fd open while the caller counts them).
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			unix.Close(home)
			runtime.UnlockOSThread()
			if errors.Is(err, unix.EPERM) {
				err = fmt.Errorf("creating a network namespace requires CAP_SYS_ADMIN (running as uid %d): %w", unix.Getuid(), err)
			}
			c <- result{-1, err}
			return
		}
		fd, openErr := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		err = unix.Setns(home, unix.CLONE_NEWNET)
		unix.Close(home)
		if err != nil {
			// Stay locked: the runtime discards this thread.
			if openErr == nil {
				unix.Close(fd)
			}
			c <- result{-1, fmt.Errorf("setns back to the original namespace: %w (thread discarded)", err)}
			return
		}
		runtime.UnlockOSThread()
		c <- result{fd, openErr}
	}()
	r := <-c
	if r.err != nil {
		return nil, &OpError{Op: "create", Object: "network namespace", Err: r.err}
	}
	return &Namespace{fd: r.fd, id: r.fd}, nil
}

// NetNS returns the value that opens sockets and starts programs in ns.
func (ns *Namespace) NetNS() NetNS { return NetNS{kind: nsAnon, anon: ns} }

// String is NetNS().String().
func (ns *Namespace) String() string { return ns.NetNS().String() }

// Close releases the namespace fd. Sockets and processes already in the
// namespace keep it alive. Close is idempotent.
func (ns *Namespace) Close() error {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.fd < 0 {
		return nil
	}
	err := unix.Close(ns.fd)
	ns.fd = -1
	return err
}

// dup returns a new fd for the namespace, which the caller closes.
func (ns *Namespace) dup() (int, error) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if ns.fd < 0 {
		return -1, fmt.Errorf("namespace closed: %w", unix.EBADF)
	}
	return unix.FcntlInt(uintptr(ns.fd), unix.F_DUPFD_CLOEXEC, 0)
}
