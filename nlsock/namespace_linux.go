package nlsock

import (
	"errors"
	"fmt"
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
	fd, openErr := -1, error(nil)
	err := onNetNSThread(func() error {
		err := unix.Unshare(unix.CLONE_NEWNET)
		if errors.Is(err, unix.EPERM) {
			err = fmt.Errorf("creating a network namespace requires CAP_SYS_ADMIN (running as uid %d): %w", unix.Getuid(), err)
		}
		return err
	}, func() {
		fd, openErr = unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	})
	if err == nil {
		err = openErr
	} else if openErr == nil && fd >= 0 {
		unix.Close(fd) // the thread could not switch back
	}
	if err != nil {
		return nil, &OpError{Op: "create", Object: "network namespace", Err: err}
	}
	return &Namespace{fd: fd, id: fd}, nil
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
