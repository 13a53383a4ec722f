//go:build linux

package nlfake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"slices"
	"syscall"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// conn is the fake's side of one socket. It is the fakeseam.Kernel the
// socket asks for its destination and its groups.
type conn struct {
	k       *Kernel
	proto   int
	portID  uint32
	sock    *nlsock.Socket
	addr    *unix.SockaddrUnix // the socket's address, where answers go
	req     *net.UnixConn      // where its requests arrive; answers leave from it
	reqAddr *unix.SockaddrUnix
	overrun func()
	groups  map[uint32]bool // guarded by k.mu
}

func (c *conn) Addr() unix.Sockaddr { return c.reqAddr }

// Membership accepts any group, as a protocol with every group would;
// Notify reaches groups 1-32 only (doc.go).
func (c *conn) Membership(group uint32, join bool) error {
	c.k.mu.Lock()
	defer c.k.mu.Unlock()
	if join {
		c.groups[group] = true
	} else {
		delete(c.groups, group)
	}
	return nil
}

func (c *conn) Memberships() []uint32 {
	c.k.mu.Lock()
	defer c.k.mu.Unlock()
	var gs []uint32
	for g := range c.groups {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	return gs
}

// serve answers the socket's requests until the kernel closes.
func (c *conn) serve() {
	defer c.k.wg.Done()
	buf := make([]byte, 1<<16)
	for {
		n, _, err := c.req.ReadFromUnix(buf)
		if err != nil {
			return
		}
		c.answer(slices.Clone(buf[:n]))
	}
}

// addressName is the abstract address of a socket the fake sends from:
// its first bytes, read back through a sockaddr_nl of 12 bytes (the size
// nlsock reads the sender's address with), give port id 0 and the group
// mask groups; the rest makes it unique.
func (k *Kernel) addressName(groups uint32, what string) string {
	// sun_path[0] is the abstract marker; sockaddr_nl's nl_pid and
	// nl_groups overlay sun_path[2:6] and sun_path[6:10].
	var b [9]byte
	b[0] = 'n'
	binary.NativeEndian.PutUint32(b[1:5], 0)
	binary.NativeEndian.PutUint32(b[5:9], groups)
	return "@" + string(b[:]) + k.id + "/" + what
}

func listen(name string) (*net.UnixConn, error) {
	u, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		return nil, fmt.Errorf("nlfake: %w", err)
	}
	return u, nil
}

// deliverWait bounds how long an answer waits for room in a socket nobody
// reads: a kernel produces a dump as it is read, and would wait forever.
const deliverWait = 5 * time.Second

// deliver sends datagram b from the socket from to c's socket. With wait
// it waits for room while the socket's queue is full; without, it fails
// with EAGAIN.
func (c *conn) deliver(from *net.UnixConn, b []byte, wait bool) error {
	rc, err := from.SyscallConn()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(deliverWait)
	for {
		var serr error
		if err := rc.Control(func(fd uintptr) { serr = unix.Sendto(int(fd), b, unix.MSG_DONTWAIT, c.addr) }); err != nil {
			return err
		}
		if !errors.Is(serr, unix.EAGAIN) || !wait || time.Now().After(deadline) {
			return serr
		}
		time.Sleep(time.Millisecond)
	}
}

// overrunNow makes the socket's next read fail with ENOBUFS. An empty
// datagram follows, so that a socket with nothing else queued reads (and
// so learns of it) too; it holds no message.
func (c *conn) overrunNow() {
	c.overrun()
	_ = c.deliver(c.req, nil, false) // a full queue has datagrams to read anyway
}

// unicast sends the answer's datagrams; a socket gone or full past
// deliverWait loses the rest, full ones with an overrun.
func (c *conn) unicast(dgrams [][]byte) {
	for _, d := range dgrams {
		switch err := c.deliver(c.req, d, true); {
		case err == nil:
		case errors.Is(err, unix.EAGAIN):
			c.overrunNow()
			return
		case errors.Is(err, unix.ECONNREFUSED), errors.Is(err, net.ErrClosed), errors.Is(err, syscall.EBADF):
			return
		default:
			c.k.tb.Errorf("nlfake: answer to %s: %v", c.sock, err)
			return
		}
	}
}
