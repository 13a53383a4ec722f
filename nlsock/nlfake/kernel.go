//go:build linux

package nlfake

import (
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/internal/fakeseam"
	"golang.org/x/sys/unix"
)

// Kernel is a fake netlink kernel serving any number of sockets. Its
// methods are safe for concurrent use; handlers of different sockets may
// run concurrently.
type Kernel struct {
	tb testing.TB
	id string // makes its abstract socket addresses unique

	mu        sync.Mutex
	dumpBatch int // see SetDumpBatch
	handlers  map[int]nltest.Func
	conns     []*conn
	senders   map[uint32]*net.UnixConn // a group's sender, by group
	requests  []Request
	opened    uint32
	closed    bool
	wg        sync.WaitGroup
}

// Request is one datagram a socket sent.
type Request struct {
	Proto    int
	PortID   uint32 // the sending socket's
	Datagram []byte
	// Messages are the datagram's messages; nil when it was malformed,
	// which the fake, like the kernel, drops without an answer.
	Messages []netlink.Message
}

var kernels atomic.Uint64

// New starts a fake kernel that Closes when tb ends. Handler errors and
// broken deliveries are reported through tb.
func New(tb testing.TB) *Kernel {
	k := &Kernel{tb: tb, id: fmt.Sprintf("%d.%d", os.Getpid(), kernels.Add(1)), dumpBatch: 2,
		handlers: map[int]nltest.Func{}, senders: map[uint32]*net.UnixConn{}}
	tb.Cleanup(k.Close)
	return k
}

// Handle makes fn answer the requests of protocol proto's sockets
// (unix.NETLINK_ROUTE, ...), replacing an earlier handler. A protocol
// without a handler answers every request with EOPNOTSUPP.
//
// fn gets the messages of one request datagram and returns the reply,
// which the fake completes as the kernel would:
//   - a header's zero seq and port id become the request's seq and the
//     socket's port id (a message's length is always computed);
//   - for a dump request (NLM_F_DUMP), the data messages are marked
//     NLM_F_MULTI and a DONE follows, unless the reply ends with its own
//     DONE or NLMSG_ERROR;
//   - for a request with NLM_F_ACK, an ACK follows unless the reply ends
//     with an NLMSG_ERROR;
//   - for a datagram of several requests (a batch), an empty reply
//     becomes an ACK for each that asked for one.
//
// Multi-part messages go SetDumpBatch's number to a datagram, every other
// message in a datagram of its own. A nil error sends the reply; a unix.Errno appends an NLMSG_ERROR with that errno (Error) to
// it; unix.ENOBUFS loses the reply instead, and the socket's next read
// fails with ENOBUFS (an overrun); io.EOF sends nothing at all, as a
// kernel that ignores the request. Any other error fails the test and
// answers EIO.
func (k *Kernel) Handle(proto int, fn nltest.Func) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.handlers[proto] = fn
}

// SetDumpBatch sets how many messages of a multi-part reply share one
// datagram (2 until set; at least 1): a dump of more spans several
// datagrams, as a kernel's does once it fills its buffer.
func (k *Kernel) SetDumpBatch(n int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.dumpBatch = max(n, 1)
}

// Open opens a socket of protocol proto on the fake. The Config applies as
// on a real socket, except for the options that only a netlink socket has
// (DisableExtAck, DisableStrict, CapAck, NoENOBUFS, ListenAllNSID): the
// fake answers what its handler says. Port ids are 1001, 1002, ... in the
// order of Open.
func (k *Kernel) Open(proto int, cfg nlsock.Config) (*nlsock.Socket, error) {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return nil, errors.New("nlfake: the fake kernel is closed")
	}
	k.opened++
	n := k.opened
	k.mu.Unlock()

	c := &conn{k: k, proto: proto, portID: 1000 + n, groups: map[uint32]bool{}}
	// Replies come from the socket requests arrive on, whose address reads
	// as the kernel's (port 0, no group).
	reqName := k.addressName(0, fmt.Sprintf("req%d", n))
	req, err := listen(reqName)
	if err != nil {
		return nil, err
	}
	// Not req.LocalAddr: Go cuts an abstract address at its first NUL.
	c.req, c.reqAddr = req, &unix.SockaddrUnix{Name: reqName}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		req.Close()
		return nil, fmt.Errorf("nlfake: socket: %w", err)
	}
	c.addr = &unix.SockaddrUnix{Name: fmt.Sprintf("@nlfake-%s-sock%d", k.id, n)}
	if err := unix.Bind(fd, c.addr); err != nil {
		unix.Close(fd)
		req.Close()
		return nil, fmt.Errorf("nlfake: bind %s: %w", c.addr.Name, err)
	}
	sock, overrun, err := fakeseam.Open(proto, fd, c.portID, c, cfg)
	if err != nil {
		req.Close()
		return nil, err
	}
	c.sock, c.overrun = sock.(*nlsock.Socket), overrun

	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		req.Close()
		c.sock.Close()
		return nil, errors.New("nlfake: the fake kernel is closed")
	}
	k.conns = append(k.conns, c)
	k.wg.Add(1)
	go c.serve()
	return c.sock, nil
}

// OpenIn is Open with the signature of nlsock.OpenConfig, for code that
// takes an opener (luabind.Options.Open). The fake has no namespaces: any
// namespace but the process's own fails.
func (k *Kernel) OpenIn(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error) {
	if !ns.IsHost() {
		return nil, fmt.Errorf("nlfake: the fake kernel has no network namespaces (asked for %s)", ns)
	}
	return k.Open(proto, cfg)
}

// Requests returns every request datagram received so far, oldest first.
func (k *Kernel) Requests() []Request {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.requests)
}

// Notify sends msgs, in one datagram, to every open socket of protocol
// proto that joined group (1-32), as the kernel multicasts an event; their
// headers go out as given (an event's seq and port id are 0). It returns
// how many sockets it reached. A socket whose queue is full (at most
// net.unix.max_dgram_qlen datagrams, 10 by default) loses the event and
// sees an overrun, as a netlink socket whose buffer is full does.
func (k *Kernel) Notify(proto int, group uint32, msgs ...netlink.Message) (int, error) {
	if group == 0 || group > 32 {
		return 0, fmt.Errorf("nlfake: group %d: the fake has groups 1-32 only (see doc.go)", group)
	}
	var b []byte
	for _, m := range msgs {
		b = appendMessage(b, m)
	}
	k.mu.Lock()
	from, err := k.groupSender(group)
	var to []*conn
	for _, c := range k.conns {
		if c.proto == proto && c.groups[group] {
			to = append(to, c)
		}
	}
	k.mu.Unlock()
	if err != nil {
		return 0, err
	}
	reached := 0
	for _, c := range to {
		switch err := c.deliver(from, b, false); {
		case err == nil:
			reached++
		case errors.Is(err, unix.EAGAIN):
			c.overrunNow()
		case errors.Is(err, unix.ECONNREFUSED):
			// closed by its owner: a kernel forgets such a socket
		default:
			return reached, fmt.Errorf("nlfake: notify %s: %w", c.sock, err)
		}
	}
	return reached, nil
}

// Overrun makes s (opened on this fake) see an overrun, as if the kernel
// had dropped messages for it: its next read fails with ENOBUFS, once.
func (k *Kernel) Overrun(s *nlsock.Socket) error {
	k.mu.Lock()
	i := slices.IndexFunc(k.conns, func(c *conn) bool { return c.sock == s })
	var c *conn
	if i >= 0 {
		c = k.conns[i]
	}
	k.mu.Unlock()
	if c == nil {
		return fmt.Errorf("nlfake: %s was not opened on this fake kernel", s)
	}
	c.overrunNow()
	return nil
}

// Close stops serving: requests sent afterwards get no answer. It does not
// close the sockets, which belong to whoever opened them, and waits until
// no handler runs.
func (k *Kernel) Close() {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return
	}
	k.closed = true
	for _, c := range k.conns {
		c.req.Close()
	}
	for _, s := range k.senders {
		s.Close()
	}
	k.mu.Unlock()
	k.wg.Wait()
}

// groupSender is the socket group's events come from, created on first
// use. k.mu is held.
func (k *Kernel) groupSender(group uint32) (*net.UnixConn, error) {
	if s := k.senders[group]; s != nil {
		return s, nil
	}
	if k.closed {
		return nil, errors.New("nlfake: the fake kernel is closed")
	}
	s, err := listen(k.addressName(1<<(group-1), fmt.Sprintf("group%d", group)))
	if err != nil {
		return nil, err
	}
	k.senders[group] = s
	return s, nil
}

func (k *Kernel) handler(proto int) nltest.Func {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.handlers[proto]
}

func (k *Kernel) record(r Request) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.requests = append(k.requests, r)
}
