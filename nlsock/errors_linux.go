package nlsock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ErrClosed is wrapped by every error of a call on a closed socket.
// errors.Is(err, unix.EBADF) is true for it as well.
var ErrClosed error = &wrappedErrno{msg: "socket closed", errno: unix.EBADF}

// ErrOverrun is wrapped by the error Receive returns when the kernel dropped
// messages because the receive buffer was full (ENOBUFS). The socket stays
// usable; whoever listens should re-dump to resynchronise.
// errors.Is(err, unix.ENOBUFS) is true for it as well.
var ErrOverrun error = &wrappedErrno{
	msg:   "receive buffer overrun: the kernel dropped messages (re-dump to resync)",
	errno: unix.ENOBUFS,
}

// ErrTruncated is wrapped by the error Receive returns for a datagram
// larger than the SetDirectRead limit: its messages are lost, the socket
// stays usable.
var ErrTruncated = errors.New("datagram truncated")

type wrappedErrno struct {
	msg   string
	errno unix.Errno
}

func (e *wrappedErrno) Error() string { return e.msg }
func (e *wrappedErrno) Unwrap() error { return e.errno }

// OpError is an operation on an object that failed: "op object: err".
type OpError struct {
	Op     string // "open", "join", "receive", ...
	Object string // what it was done to: "netns /run/netns/x", "group 1000", ...
	Err    error
}

func (e *OpError) Error() string {
	if e.Object == "" {
		return e.Op + ": " + e.Err.Error()
	}
	return e.Op + " " + e.Object + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// TimeoutError says that a request got no (complete) reply before its
// deadline.
type TimeoutError struct {
	Op    string // e.g. "request RTM_GETLINK"
	After time.Duration
}

func (e *TimeoutError) Error() string {
	msg := fmt.Sprintf("no reply within %v (the kernel ignores malformed or non-request messages)", e.After.Round(time.Millisecond))
	if e.Op == "" {
		return msg
	}
	return e.Op + ": " + msg
}

// Timeout reports true, as net.Error does.
func (e *TimeoutError) Timeout() bool { return true }

// Is makes errors.Is(err, context.DeadlineExceeded) and
// errors.Is(err, os.ErrDeadlineExceeded) true.
func (e *TimeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded
}

// KernelError is an NLMSG_ERROR (or a DONE carrying an errno) the kernel sent
// in reply to a request.
type KernelError struct {
	Errno   unix.Errno // positive
	Request Header     // the header of the request, as the kernel echoed it
	ExtAck  ExtAck
	Sent    []byte // the request as sent, for locating ExtAck.Offset

	proto int // for naming the request type
}

func (e *KernelError) Error() string {
	var b strings.Builder
	b.WriteString(TypeName(e.proto, e.Request.Type))
	b.WriteString(" request: ")
	b.WriteString(e.Errno.Error())
	b.WriteString(e.ExtAck.Suffix())
	return b.String()
}

// Unwrap returns the errno, so errors.Is(err, unix.ERANGE) works.
func (e *KernelError) Unwrap() error { return e.Errno }

// Protocol is the netlink protocol of the socket the request went out on.
func (e *KernelError) Protocol() int { return e.proto }

// ErrnoName names the error for scripts: the errno's symbolic name ("ENOENT",
// "ERANGE", "ENOBUFS" for an overrun, "EBADF" for a closed socket), "timeout"
// for a deadline, "interrupted" for a cancelled context, or "" when err
// carries no errno.
func ErrnoName(err error) string {
	if err == nil {
		return ""
	}
	var te *TimeoutError
	switch {
	case errors.As(err, &te), errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "interrupted"
	}
	var errno unix.Errno
	if errors.As(err, &errno) {
		return errnoName(errno)
	}
	return ""
}

// errnoName names an errno. Where two names share a number it gives the one
// netlink code uses: EOPNOTSUPP (not ENOTSUP), EAGAIN (not EWOULDBLOCK),
// EDEADLK (not EDEADLOCK).
func errnoName(errno unix.Errno) string {
	switch errno {
	case unix.EOPNOTSUPP:
		return "EOPNOTSUPP"
	case unix.EAGAIN:
		return "EAGAIN"
	case unix.EDEADLK:
		return "EDEADLK"
	}
	if name := unix.ErrnoName(errno); name != "" {
		return name
	}
	return fmt.Sprintf("errno %d", int(errno))
}
