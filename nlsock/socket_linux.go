package nlsock

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlsh/nlsh/nlsock/internal/fakeseam"
	"golang.org/x/sys/unix"
)

// DefaultRequestTimeout bounds a request when neither Config.RequestTimeout
// nor WithTimeout nor the context says otherwise.
const DefaultRequestTimeout = 5 * time.Second

// minReadBuffer is the smallest buffer a datagram is read into: the kernel
// sizes dump datagrams by the largest buffer it has seen us read with (up to
// 32 KiB), so a smaller one makes dumps take many more datagrams.
const minReadBuffer = 32 << 10

// Config adjusts a socket at open. The zero value is the recommended setting.
type Config struct {
	DisableExtAck bool // NETLINK_EXT_ACK is on by default
	DisableStrict bool // NETLINK_GET_STRICT_CHK is on by default for NETLINK_ROUTE
	CapAck        bool // NETLINK_CAP_ACK: errors do not echo the request payload
	NoENOBUFS     bool // NETLINK_NO_ENOBUFS: hides lost messages; opt-in only
	ReadBuffer    int  // SO_RCVBUF at open; 0 keeps the kernel default
	// ListenAllNSID: NETLINK_LISTEN_ALL_NSID. The groups the socket joins
	// then deliver the events of every namespace that has an nsid in the
	// socket's namespace too, each tagged with that nsid (Addr.NSID).
	ListenAllNSID  bool
	RequestTimeout time.Duration // 0 means DefaultRequestTimeout
	// NameOffset, when set, names what an ext-ack offset points at in a
	// request as sent (one message, nlmsghdr included), for ExtAck.Attr:
	// nlsock knows no family's attributes, its caller may. It is called
	// only for replies whose ext-ack carries an offset, on the goroutine
	// that reads the reply, and returns "" when it cannot name it.
	NameOffset func(request []byte, offset uint32) string
}

// Socket is a netlink socket bound to a kernel-chosen port id. It is safe
// for concurrent use.
type Socket struct {
	proto  int
	ns     NetNS
	portID uint32
	fd     int
	cfg    Config
	name   string // "route socket 1234 in netns x", for errors

	// The fd's lifetime: see fd_linux.go.
	efd      int          // eventfd that interrupts a wait
	fdmu     sync.RWMutex // held for reading while a call uses fd or efd
	fdClosed bool         // guarded by fdmu
	lw       *listenWait  // a listener's wait (netpoll.go); set under fdmu

	seq     atomic.Uint32
	reqSem  chan struct{} // holds a token while a request is in flight
	readTok chan struct{} // holds a token while nobody reads the socket
	closing chan struct{} // closed by Close
	once    sync.Once

	// The Stream open on the socket, which owns reqSem (stream_linux.go).
	stream atomic.Pointer[Stream]

	mu       sync.Mutex
	queue    []queued      // messages for Receive, oldest first, from qhead on
	qhead    int           // entries before it are popped (zeroed)
	queueSig chan struct{} // poked when the queue grows
	pend     *pending      // the request in flight, if any
	running  []uint32      // seqs of dumps the kernel may still be sending
	stats    Stats
	capture  capture // the tap of capture_linux.go

	// Owned by whoever holds readTok.
	rbuf    []byte
	arena   []byte // where collected replies are read: see readSpace
	scratch []Message
	hdr     unix.Msghdr
	peekHdr unix.Msghdr // zero: a peek at the size only
	iov     unix.Iovec
	cbuf    [8]uint64 // control messages (nl_pktinfo); uint64s for alignment
	pktinfo bool      // NETLINK_PKTINFO is on
	from    unix.RawSockaddrNetlink
	drops   uint32 // SK_MEMINFO_DROPS when last looked at (lost)

	// fault is nil except in tests (export_test.go) and on a fake
	// kernel's socket (fake_linux.go): it stands for a kernel that drops
	// messages between doRecv's peek and its read.
	fault *readFault
	// fake is the fake kernel the socket talks to instead of the kernel
	// (nlsock/nlfake); nil for every socket Open returns.
	fake fakeseam.Kernel

	idle  bool // the last read found the socket empty (see drain)
	burst bool // ... after a pass that read a burst (see linger)

	directRead atomic.Int32 // see SetDirectRead; 0: peek at each datagram's size
}

// Stats counts what the socket received that was not a reply to the
// request in flight.
type Stats struct {
	Overruns  uint64 // ENOBUFS: times the kernel dropped messages
	Stale     uint64 // kernel unicast with a seq no request was waiting for
	Foreign   uint64 // unicast from another socket (sender port id != 0)
	Multicast uint64 // messages that arrived through a multicast group
	Queued    int    // messages waiting for Receive right now
}

// Open opens a netlink socket of protocol proto (unix.NETLINK_ROUTE, ...)
// in namespace ns with the default Config.
func Open(proto int, ns NetNS) (*Socket, error) { return OpenConfig(proto, ns, Config{}) }

// OpenConfig opens a netlink socket of protocol proto in namespace ns.
func OpenConfig(proto int, ns NetNS, cfg Config) (*Socket, error) {
	if proto < 0 || proto >= 32 {
		return nil, &OpError{Op: "open", Object: fmt.Sprintf("netlink protocol %d", proto),
			Err: fmt.Errorf("unknown netlink protocol (valid numbers are 0-31): %w", unix.EPROTONOSUPPORT)}
	}
	if cfg.ReadBuffer < 0 {
		return nil, &OpError{Op: "open", Object: protocolString(proto) + " socket",
			Err: fmt.Errorf("read buffer %d bytes: the size must be positive: %w", cfg.ReadBuffer, unix.EINVAL)}
	}
	fd, err := socketIn(proto, ns)
	if err != nil {
		return nil, err
	}
	s := newSocket(proto, ns, fd, cfg)
	if err := s.setup(); err != nil {
		unix.Close(fd)
		return nil, &OpError{Op: "open", Object: s.describe(), Err: err}
	}
	return s.ready(s.describe())
}

// newSocket is a Socket on fd, not yet set up.
func newSocket(proto int, ns NetNS, fd int, cfg Config) *Socket {
	return &Socket{proto: proto, ns: ns, fd: fd, cfg: cfg,
		reqSem: make(chan struct{}, 1), readTok: make(chan struct{}, 1),
		closing: make(chan struct{}), queueSig: make(chan struct{}, 1),
		rbuf: make([]byte, minReadBuffer)}
}

// ready completes an open once the fd is set up: the name, the eventfd,
// and the read token. It closes the fd when it fails.
func (s *Socket) ready(name string) (*Socket, error) {
	s.name = name
	if err := s.openWake(); err != nil {
		unix.Close(s.fd)
		return nil, &OpError{Op: "open", Object: s.name, Err: fmt.Errorf("eventfd: %w", err)}
	}
	s.readTok <- struct{}{}
	return s, nil
}

// socketIn runs socket(2) in ns.
func socketIn(proto int, ns NetNS) (int, error) {
	fd, err := -1, error(nil)
	nserr := ns.do(func() {
		fd, err = unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, proto)
	})
	if nserr != nil {
		return -1, &OpError{Op: "open", Object: ns.object(), Err: nserr}
	}
	if err != nil {
		obj := protocolString(proto) + " socket"
		if errors.Is(err, unix.EPROTONOSUPPORT) {
			obj = fmt.Sprintf("netlink protocol %d", proto)
			err = fmt.Errorf("not supported by this kernel (module not loaded?): %w", err)
		}
		if !ns.IsHost() {
			obj += " in " + ns.object()
		}
		return -1, &OpError{Op: "open", Object: obj, Err: err}
	}
	return fd, nil
}

// setup sets the options, binds, and learns the port id.
func (s *Socket) setup() error {
	opt := func(level, name, v int, what string, optional bool) error {
		err := unix.SetsockoptInt(s.fd, level, name, v)
		if err != nil && !(optional && errors.Is(err, unix.ENOPROTOOPT)) {
			return fmt.Errorf("setsockopt %s: %w", what, err)
		}
		return nil
	}
	if s.cfg.ReadBuffer > 0 {
		if err := opt(unix.SOL_SOCKET, unix.SO_RCVBUF, s.cfg.ReadBuffer, "SO_RCVBUF", false); err != nil {
			return err
		}
	}
	if !s.cfg.DisableExtAck {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK", true); err != nil {
			return err
		}
	}
	if s.proto == unix.NETLINK_ROUTE && !s.cfg.DisableStrict {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK", true); err != nil {
			return err
		}
	}
	if s.cfg.CapAck {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK", false); err != nil {
			return err
		}
	}
	// The group of a multicast datagram: sockaddr_nl's mask is 0 for groups
	// above 32, which would make their events look like kernel unicast.
	if err := unix.SetsockoptInt(s.fd, unix.SOL_NETLINK, unix.NETLINK_PKTINFO, 1); err == nil {
		s.pktinfo = true
	}
	if s.cfg.ListenAllNSID {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_LISTEN_ALL_NSID, 1, "NETLINK_LISTEN_ALL_NSID", false); err != nil {
			return err
		}
	}
	if s.cfg.NoENOBUFS {
		if err := opt(unix.SOL_NETLINK, unix.NETLINK_NO_ENOBUFS, 1, "NETLINK_NO_ENOBUFS", false); err != nil {
			return err
		}
	}
	if err := unix.Bind(s.fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	sa, err := unix.Getsockname(s.fd)
	if err != nil {
		return fmt.Errorf("getsockname: %w", err)
	}
	nl, ok := sa.(*unix.SockaddrNetlink)
	if !ok {
		return fmt.Errorf("getsockname: unexpected address %T", sa)
	}
	s.portID = nl.Pid
	return nil
}

func (s *Socket) describe() string {
	d := protocolString(s.proto) + " socket"
	if s.portID != 0 {
		d += fmt.Sprintf(" %d", s.portID)
	}
	if !s.ns.IsHost() {
		d += " in " + s.ns.object()
	}
	return d
}

// String describes the socket: "route socket 3810759954 in netns /run/netns/x".
func (s *Socket) String() string { return s.name }

// Protocol is the netlink protocol the socket was opened with.
func (s *Socket) Protocol() int { return s.proto }

// PortID is the port id the kernel bound the socket to.
func (s *Socket) PortID() uint32 { return s.portID }

// FD is the socket's file descriptor number. Use it only for inspection
// (getsockopt); reading or closing it behind the Socket's back breaks it.
// The fd is not registered with the Go runtime's poller (see doc.go).
func (s *Socket) FD() int { return s.fd }

// NetNS is the namespace the socket was opened in.
func (s *Socket) NetNS() NetNS { return s.ns }

// Seq returns the next sequence number: 1, 2, 3, ...; after 0xFFFFFFFF comes
// 1 again, never 0 (0 is what unsolicited messages carry).
func (s *Socket) Seq() uint32 {
	for {
		old := s.seq.Load()
		next := old + 1
		if next == 0 {
			next = 1
		}
		if s.seq.CompareAndSwap(old, next) {
			return next
		}
	}
}

// Stats returns the socket's counters.
func (s *Socket) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Queued = len(s.queue) - s.qhead
	return st
}

// Close closes the socket. It unblocks Receive and Request calls in other
// goroutines, which then fail with an error wrapping ErrClosed, as do all
// later calls. Close is idempotent.
func (s *Socket) Close() error {
	var err error
	s.once.Do(func() {
		close(s.closing)
		s.StopCapture()
		err = s.closeFDs()
		s.mu.Lock()
		s.queue, s.qhead = nil, 0
		s.mu.Unlock()
	})
	return err
}

func (s *Socket) closed() bool {
	select {
	case <-s.closing:
		return true
	default:
		return false
	}
}

// opErr wraps err for operation op on the socket, mapping the runtime's
// closed-file errors to ErrClosed.
func (s *Socket) opErr(op string, err error) error {
	if !errors.Is(err, ErrClosed) && (s.closed() || isClosedErr(err)) {
		err = ErrClosed
	}
	return &OpError{Op: op, Object: s.name, Err: err}
}

func isClosedErr(err error) bool {
	return errors.Is(err, os.ErrClosed) || errors.Is(err, unix.EBADF)
}

// control runs fn with the fd, failing cleanly on a closed socket.
func (s *Socket) control(fn func(fd int) error) error {
	if s.closed() {
		return ErrClosed
	}
	return s.withFD(fn)
}
