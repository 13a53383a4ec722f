package nlsock

import (
	"errors"
	"fmt"
)

// ErrNotLinux is what every function that opens a socket or a namespace
// returns on a system other than Linux. Netlink is a Linux interface, so
// nlsock builds everywhere (its codec is plain Go) but talks to a kernel only
// on Linux: the files named *_linux.go hold that part, *_others.go its stubs.
var ErrNotLinux = errors.New("nlsh runs on Linux only: netlink is a Linux interface")

// notLinux is the error of op on a system without netlink. It lives in a file
// that every build compiles, so the stubs' one error is tested on Linux too.
func notLinux(op string) error {
	return fmt.Errorf("%s: %w", op, ErrNotLinux)
}

// openNotLinux and newNamespaceNotLinux are the bodies of OpenConfig and
// NewNamespace on other systems (socket_others.go), kept here for the same
// reason.
func openNotLinux() (*Socket, error) { return nil, notLinux("open netlink socket") }

func newNamespaceNotLinux() (*Namespace, error) { return nil, notLinux("create network namespace") }
