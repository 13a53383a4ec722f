package nlsock

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// queued is one entry of the Receive queue: a message, or the note that the
// kernel dropped messages at this point.
type queued struct {
	m       Message
	overrun bool
	err     error // a read after the first of a pass failed here (see drain)
}

// maxRunning bounds how many unfinished dumps the socket remembers.
const maxRunning = 64

// doRecv reads the next datagram whole, without blocking; false means
// there is none yet. A zero-length MSG_PEEK|MSG_TRUNC recvmsg learns its
// size, readSpace picks a buffer that holds it, and a second recvmsg reads
// it into buf.
//
// ENOBUFS on the second recvmsg reports that the kernel dropped something
// else (or could not continue a dump, which any successful recvmsg, a peek
// too, may try): it is counted as an overrun if messages were lost, and
// the datagram we peeked at is read at once. Returning it to the caller
// instead would mean peeking again, which can fail the dump again and
// re-arm ENOBUFS before every read: a livelock in which no datagram is ever
// consumed. ENOBUFS from the peek goes to the caller when messages were
// lost, and is skipped when not.
func (s *Socket) doRecv(fd uintptr, arena bool) (d datagram, ready bool) {
	if limit := int(s.directRead.Load()); limit > 0 && !arena {
		return s.recvDirect(fd, limit)
	}
	for {
		size, _, e := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&s.peekHdr)), unix.MSG_PEEK|unix.MSG_TRUNC|unix.MSG_DONTWAIT)
		if e != 0 {
			if d, ready, retry := s.recvFailed(fd, e); !retry {
				return d, ready
			}
			continue
		}
		buf := s.readSpace(int(size), arena)
		s.setReadHdr(buf)
	read:
		for {
			n, e := s.read(fd, unix.MSG_DONTWAIT)
			switch e {
			case 0:
				return datagram{buf: buf, n: int(n), size: int(size)}, true
			case unix.EINTR:
				continue
			case unix.ENOBUFS:
				if s.lost(fd) {
					s.overrun()
				}
				s.setReadHdr(buf) // the failed call may have changed the lengths
				continue
			case unix.EAGAIN:
				break read // gone after all: wait and peek again
			default:
				return datagram{err: e}, true
			}
		}
	}
}

// setReadHdr points s.hdr at buf, the sender's address and, when a control
// message can come (NETLINK_PKTINFO, the nsid of NETLINK_LISTEN_ALL_NSID),
// the control buffer: for doRecv's read and recvDirect alike.
func (s *Socket) setReadHdr(buf []byte) {
	s.hdr = unix.Msghdr{Name: (*byte)(unsafe.Pointer(&s.from)), Namelen: unix.SizeofSockaddrNetlink}
	s.iov.Base = &buf[0]
	s.iov.SetLen(len(buf))
	s.hdr.Iov = &s.iov
	s.hdr.SetIovlen(1)
	if s.pktinfo || s.cfg.ListenAllNSID {
		s.hdr.Control = (*byte)(unsafe.Pointer(&s.cbuf[0]))
		s.hdr.SetControllen(len(s.cbuf) * 8)
	}
}

// read is the recvmsg into s.hdr with flags: doRecv's second one,
// recvDirect's only one.
func (s *Socket) read(fd uintptr, flags int) (uintptr, unix.Errno) {
	if s.fault.fail() {
		return 0, unix.ENOBUFS
	}
	n, _, e := unix.Syscall(unix.SYS_RECVMSG, fd, uintptr(unsafe.Pointer(&s.hdr)), uintptr(flags))
	return n, e
}

// readFault makes read (and recvDirect) fail with ENOBUFS, as the kernel
// does when its receive queue overflowed between the peek and the read: a
// window too narrow for a test to hit with real traffic, and the only way
// a fake kernel's AF_UNIX socket fails so. The counters are atomic because
// a fake kernel adds failures from its own goroutine while the socket is
// read.
type readFault struct {
	enobufs atomic.Int32  // reads still to fail
	loss    bool          // each failure also drops a message (SK_MEMINFO_DROPS rises)
	drops   atomic.Uint32 // messages dropped so far, added to the kernel's count
}

// fail reports whether this read fails, consuming one failure; f may be nil.
func (f *readFault) fail() bool {
	if f == nil {
		return false
	}
	for {
		n := f.enobufs.Load()
		if n <= 0 {
			return false
		}
		if f.enobufs.CompareAndSwap(n, n-1) {
			if f.loss {
				f.drops.Add(1)
			}
			return true
		}
	}
}

// recvDirect reads the next datagram with one recvmsg into a buffer of
// limit bytes, without peeking at its size first (see SetDirectRead).
// MSG_TRUNC makes the kernel return the datagram's size even when it did
// not fit: took reports that datagram as truncated. ENOBUFS is handled as
// doRecv's peek handles it: returned when messages were lost, skipped when
// not.
func (s *Socket) recvDirect(fd uintptr, limit int) (datagram, bool) {
	buf := s.readSpace(limit, false)
	for {
		s.setReadHdr(buf)
		n, e := s.read(fd, unix.MSG_DONTWAIT|unix.MSG_TRUNC)
		if e == 0 {
			return datagram{buf: buf, n: min(int(n), len(buf)), size: int(n)}, true
		}
		if d, ready, retry := s.recvFailed(fd, e); !retry {
			return d, ready
		}
	}
}

// recvFailed sorts the errno of a failed first recvmsg (doRecv's peek,
// recvDirect's read): retry on EINTR and on an ENOBUFS that lost nothing;
// otherwise the datagram (an error, or none when EAGAIN says the socket is
// empty) and whether it is ready.
func (s *Socket) recvFailed(fd uintptr, e unix.Errno) (d datagram, ready, retry bool) {
	switch e {
	case unix.EINTR:
		return d, false, true
	case unix.ENOBUFS:
		if !s.lost(fd) {
			return d, false, true
		}
	case unix.EAGAIN:
		return d, false, false
	}
	return datagram{err: e}, true, false
}

// datagram is what doRecv read.
type datagram struct {
	buf  []byte // the buffer it was read into
	n    int    // bytes read
	size int    // its size as the peek reported it
	err  error
}

// lost reports whether the kernel dropped messages since the last call,
// to tell a real overrun from an ENOBUFS that lost nothing: the kernel
// reports ENOBUFS too when it cannot continue a dump for lack of room, and
// retries on a later read. It compares the socket's drop counter
// (SO_MEMINFO, SK_MEMINFO_DROPS), which counts every message the kernel
// could not queue; when that is unavailable every ENOBUFS counts.
func (s *Socket) lost(fd uintptr) bool {
	var mi [unix.SK_MEMINFO_VARS]uint32
	l := uint32(unsafe.Sizeof(mi))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, fd, unix.SOL_SOCKET, unix.SO_MEMINFO,
		uintptr(unsafe.Pointer(&mi)), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 || l < (unix.SK_MEMINFO_DROPS+1)*4 {
		return true
	}
	d := mi[unix.SK_MEMINFO_DROPS]
	if s.fault != nil {
		d += s.fault.drops.Load()
	}
	if d == s.drops {
		return false
	}
	s.drops = d
	return true
}

// readDatagram reads the next datagram whole. With arena the bytes land in
// s.arena and belong to the caller for good (a request collecting its
// reply); otherwise they land in s.rbuf, grown when the datagram is larger,
// and stay valid until the next read. The caller holds readTok. ctx bounds
// the wait: its deadline ends it, and the caller's watcher interrupts it
// when ctx is cancelled. A wait interrupted for another caller's sake is
// resumed.
func (s *Socket) readDatagram(ctx context.Context, arena bool) ([]byte, Addr, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, Addr{}, err
		}
		var d datagram
		ready := false
		var err error
		// After a drain found the socket empty the next read waits first,
		// unless a burst is on: then it lingers and reads what gathered.
		idle := s.idle
		s.idle = false
		if !idle || s.linger(ctx) {
			err = s.withFD(func(fd int) error {
				d, ready = s.doRecv(uintptr(fd), arena)
				return nil
			})
		}
		if err == nil && !ready {
			dl, _ := ctx.Deadline()
			switch err = s.wait(unix.POLLIN, dl); {
			case err == nil:
				continue
			case errors.Is(err, errInterrupted):
				if s.closed() {
					return nil, Addr{}, ErrClosed
				}
				continue // ctx is checked above; or it was for another call
			case errors.Is(err, context.DeadlineExceeded):
				if cerr := ctx.Err(); cerr != nil {
					err = cerr
				}
				return nil, Addr{}, err
			}
		}
		if err != nil {
			return nil, Addr{}, err
		}
		return s.took(d, arena)
	}
}

// took completes a read of doRecv: it checks the datagram is whole, claims
// its arena space and shows it to the capture.
func (s *Socket) took(d datagram, arena bool) ([]byte, Addr, error) {
	n, buf := d.n, d.buf
	if d.err != nil {
		return nil, Addr{}, d.err
	}
	if s.hdr.Flags&unix.MSG_TRUNC != 0 {
		return nil, Addr{}, fmt.Errorf("%w: read %d of %d bytes (MSG_TRUNC)", ErrTruncated, n, d.size)
	}
	data := buf[:n:n]
	if arena {
		s.arena = s.arena[:len(s.arena)+min(align(n), len(buf))]
	}
	s.tap(Received, data, nil)
	return data, s.source(), nil
}

// source is the sender of the datagram just read: sockaddr_nl, and the
// group from the NETLINK_PKTINFO control message (sockaddr_nl's mask shows
// only groups 1-32). Without the control message the group comes from the
// mask.
func (s *Socket) source() Addr {
	var ctl []byte
	if s.hdr.Control != nil {
		ctl = unsafe.Slice((*byte)(unsafe.Pointer(&s.cbuf[0])), len(s.cbuf)*8)
		ctl = ctl[:min(int(s.hdr.Controllen), len(ctl))]
	}
	a := Addr{PortID: s.from.Pid, Groups: s.from.Groups}
	g, hasGroup := a.parseControl(ctl)
	if s.pktinfo && hasGroup {
		a.Group = g
	} else if a.Groups != 0 {
		a.Group = uint32(bits.TrailingZeros32(a.Groups)) + 1
	}
	return a
}

// parseControl reads the control messages b of a read, without
// allocating: it returns struct nl_pktinfo's group, and sets a's NSID from
// a NETLINK_LISTEN_ALL_NSID message.
func (a *Addr) parseControl(b []byte) (group uint32, hasGroup bool) {
	for len(b) >= unix.SizeofCmsghdr {
		h := (*unix.Cmsghdr)(unsafe.Pointer(&b[0]))
		n := int(h.Len)
		if n < unix.SizeofCmsghdr || n > len(b) {
			return group, hasGroup
		}
		if h.Level == unix.SOL_NETLINK && n >= unix.CmsgLen(4) {
			v := binary.NativeEndian.Uint32(b[unix.CmsgLen(0):])
			switch h.Type {
			case unix.NETLINK_PKTINFO:
				group, hasGroup = v, true
			case unix.NETLINK_LISTEN_ALL_NSID:
				a.NSID, a.HasNSID = int32(v), true
			}
		}
		b = b[min(unix.CmsgSpace(n-unix.SizeofCmsghdr), len(b)):]
	}
	return group, hasGroup
}

// arenaChunk is the size of the blocks a collected reply is read into:
// a few large allocations instead of one per datagram, and no copying.
const arenaChunk = 256 << 10

// readSpace returns a buffer for a datagram of size bytes, never smaller
// than minReadBuffer: the kernel sizes dump datagrams by the largest read
// it has seen.
func (s *Socket) readSpace(size int, arena bool) []byte {
	need := max(align(size), minReadBuffer)
	if !arena {
		if need > len(s.rbuf) {
			s.rbuf = make([]byte, need)
		}
		return s.rbuf
	}
	if cap(s.arena)-len(s.arena) < need {
		s.arena = make([]byte, 0, max(arenaChunk, need))
	}
	return s.arena[len(s.arena):cap(s.arena)]
}

// watch interrupts a blocked read when ctx is done; call the returned stop
// when the wait is over.
func (s *Socket) watch(ctx context.Context) (stop func() bool) {
	if ctx.Done() == nil {
		return func() bool { return true }
	}
	return context.AfterFunc(ctx, s.interrupt)
}

// dispatch splits a datagram and hands each message to whom it belongs: the
// pending request (self, if the reading request is it, or another waiter's
// inbox), or the Receive queue. It returns self's messages, which alias data
// (and s.scratch: use them before releasing readTok); everything else gets a
// copy of its own. The caller holds readTok.
func (s *Socket) dispatch(data []byte, src Addr, self *pending) ([]Message, error) {
	msgs, perr := appendMessages(s.scratch[:0], data)
	s.scratch = msgs
	var owned []byte
	rebase := func(m *Message, off int) {
		if owned == nil {
			owned = append([]byte(nil), data...)
		}
		n := int(m.Header.Length)
		m.Payload = owned[off+HeaderLen : off+n : off+n]
	}
	mine := msgs[:0]
	s.mu.Lock()
	p := s.pend
	off := 0
	for i := range msgs {
		m := msgs[i]
		m.Source = src
		mOff := off
		off += align(int(m.Header.Length))
		s.noteFinished(m, src)
		switch {
		case p != nil && s.isReply(m, p) && p == self:
			mine = append(mine, m)
		case p != nil && s.isReply(m, p):
			rebase(&m, mOff)
			p.inbox = append(p.inbox, m)
			poke(p.sig)
		default:
			rebase(&m, mOff)
			s.count(m, src)
			s.enqueue(queued{m: m})
			poke(s.queueSig)
		}
	}
	s.mu.Unlock()
	if perr != nil {
		return mine, fmt.Errorf("malformed datagram of %d bytes from port %d: %w", len(data), src.PortID, perr)
	}
	return mine, nil
}

// isReply: kernel unicast (sender port 0, no groups) with the request's seq
// and our port id (0 is tolerated: the kernel always addresses us anyway).
func (s *Socket) isReply(m Message, p *pending) bool {
	return m.Source.PortID == 0 && !m.Source.Multicast() && m.Header.Seq == p.seq &&
		(m.Header.PortID == s.portID || m.Header.PortID == 0)
}

// count classifies a message that was not a reply. s.mu is held.
func (s *Socket) count(m Message, src Addr) {
	switch {
	case src.Multicast():
		s.stats.Multicast++
	case src.PortID != 0:
		s.stats.Foreign++
	default:
		s.stats.Stale++
	}
}

// noteFinished forgets a running dump once its end arrives. s.mu is held.
func (s *Socket) noteFinished(m Message, src Addr) {
	if len(s.running) == 0 || src.PortID != 0 || src.Multicast() {
		return
	}
	if m.Header.Type != TypeDone && m.Header.Type != TypeError {
		return
	}
	for i, seq := range s.running {
		if seq == m.Header.Seq {
			s.running = append(s.running[:i], s.running[i+1:]...)
			return
		}
	}
}

// noteRunning remembers a dump the kernel may still be sending.
func (s *Socket) noteRunning(seq uint32) {
	s.mu.Lock()
	s.noteRunningLocked(seq)
	s.mu.Unlock()
}

func (s *Socket) noteRunningLocked(seq uint32) {
	if len(s.running) >= maxRunning {
		s.running = s.running[1:]
	}
	s.running = append(s.running, seq)
}

// overrun records an ENOBUFS: counted, and queued so that Receive reports
// it in arrival order. s.mu is not held.
//
// A request waiting meanwhile learns of it too: the kernel may have dropped
// its reply (see pending.overrun).
func (s *Socket) overrun() {
	s.mu.Lock()
	s.stats.Overruns++
	s.enqueue(queued{overrun: true})
	p := s.pend
	if p != nil {
		p.overrun.Store(time.Now().UnixNano())
	}
	s.mu.Unlock()
	poke(s.queueSig)
	if p != nil {
		poke(p.sig)
	}
}

func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Receive returns the next message, of any kind, in arrival order: first
// those already queued (events and stale replies that arrived while a
// request was reading), then from the socket. It blocks until a message
// arrives, ctx is done, or the socket is closed. When the kernel dropped
// messages it returns an error wrapping ErrOverrun once; the socket stays
// usable. A message's Payload stays valid after later calls.
func (s *Socket) Receive(ctx context.Context) (Message, error) {
	if s.closed() {
		return Message{}, s.opErr("receive on", ErrClosed)
	}
	if err := s.endStream(ctx); err != nil {
		return Message{}, s.opErr("receive on", err)
	}
	// The watcher is set up only once this call reads the socket: most
	// calls of a dump read out the queue, and would pay for it for nothing.
	var stop func() bool
	defer func() {
		if stop != nil {
			stop()
		}
	}()
	for {
		if q, ok := s.pop(); ok {
			switch {
			case q.overrun:
				return Message{}, s.opErr("receive on", ErrOverrun)
			case q.err != nil:
				return Message{}, s.opErr("receive on", q.err)
			}
			return q.m, nil
		}
		select {
		case <-s.queueSig:
			continue
		case <-s.readTok:
		case <-ctx.Done():
			return Message{}, s.opErr("receive on", ctx.Err())
		case <-s.closing:
			return Message{}, s.opErr("receive on", ErrClosed)
		}
		if stop == nil {
			stop = s.watch(ctx)
		}
		if err := s.readForQueue(ctx, true); err != nil {
			return Message{}, s.opErr("receive on", err)
		}
	}
}

// readForQueue reads one datagram while holding readTok (which it
// releases) and dispatches it, then drains what else the socket holds
// already. With lazy, it reads nothing when the queue already has messages
// (they arrived while we waited for the token).
func (s *Socket) readForQueue(ctx context.Context, lazy bool) error {
	defer func() { s.readTok <- struct{}{} }()
	if lazy && s.queueLen() > 0 {
		return nil
	}
	data, src, err := s.readDatagram(ctx, false)
	if errors.Is(err, unix.ENOBUFS) {
		s.overrun()
		return nil
	}
	if err != nil {
		return err
	}
	if _, err = s.dispatch(data, src, nil); err != nil {
		return err
	}
	if s.directRead.Load() > 0 {
		s.drain()
	}
	return nil
}

// drainBatch bounds the datagrams one drain reads: the memory a pass
// takes from the kernel's queue into ours.
const drainBatch = 64

// drain reads, without waiting, the datagrams already queued in the
// kernel, up to drainBatch: a burst costs one wake-up, and the caller
// learns from the queue whether more is waiting (the monitor flushes its
// output only when nothing is). Only a listener drains (SetDirectRead):
// reading ahead would make the kernel produce a dump's next parts before
// the caller asked for them. An overrun is queued in its place as
// readForQueue would; any other failure is queued for Receive to return
// after the messages before it, since its datagram is gone. When it finds
// the socket empty, the next read waits before it reads (s.idle), or,
// when this pass read burstPass datagrams or more, lingers (s.burst). The
// caller holds readTok.
func (s *Socket) drain() {
	for i := range drainBatch {
		var d datagram
		var ready bool
		if s.withFD(func(fd int) error {
			d, ready = s.doRecv(uintptr(fd), false)
			return nil
		}) != nil {
			return // closed: the next read says so
		}
		if !ready {
			s.idle, s.burst = true, i+1 >= burstPass
			return
		}
		data, src, err := s.took(d, false)
		if errors.Is(err, unix.ENOBUFS) {
			s.overrun()
			continue
		}
		if err == nil {
			_, err = s.dispatch(data, src, nil)
		}
		if err != nil {
			s.mu.Lock()
			s.enqueue(queued{err: err})
			s.mu.Unlock()
			poke(s.queueSig)
			return
		}
	}
}

func (s *Socket) queueLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue) - s.qhead
}

// maxKeptQueue is the largest queue array an emptied queue keeps for reuse;
// a larger one (after a burst) is dropped.
const maxKeptQueue = 4096

// enqueue appends q to the Receive queue. s.mu is held. Entries before
// s.qhead are popped; when the array is full they are squeezed out before
// it grows, so a queue that never empties stays within twice its length.
func (s *Socket) enqueue(q queued) {
	if s.qhead > 0 && len(s.queue) == cap(s.queue) {
		n := copy(s.queue, s.queue[s.qhead:])
		clear(s.queue[n:])
		s.queue, s.qhead = s.queue[:n], 0
	}
	s.queue = append(s.queue, q)
}

// pop takes the oldest entry of the Receive queue. An emptied queue keeps
// its array, so that the next datagram's messages do not grow a new one.
func (s *Socket) pop() (queued, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.qhead == len(s.queue) {
		return queued{}, false
	}
	q := s.queue[s.qhead]
	s.queue[s.qhead] = queued{}
	s.qhead++
	if s.qhead < len(s.queue) {
		poke(s.queueSig) // for another waiting Receive
	} else if cap(s.queue) > maxKeptQueue {
		s.queue, s.qhead = nil, 0
	} else {
		s.queue, s.qhead = s.queue[:0], 0
	}
	return q, true
}

// burstLinger is how long a listener lets events gather after a pass
// that read at least burstPass datagrams (its own one and drain's): while
// events come in a burst, a wake-up per few events would cost more CPU
// than the events themselves (Go's scheduler, the poller, a write of the
// output each). The listener's inner epoll reports the socket once per
// wait (netpoll_linux.go), so the datagrams arriving meanwhile wake
// nothing. An event after a quiet spell is read at once; one within a
// burst waits at most this long. Smaller passes do not linger: events that
// come a few at a time (a veth pair's links) would pay the linger's own
// wake-up for little (monitoring 400 veth pairs cost 1.6x the CPU with a
// threshold of 2, as before with 4), and the linger stops once it gathers
// fewer than burstPass: below ~16k events/s. A higher threshold lingers
// too rarely under load (8: 25% more CPU for 400k route events).
const (
	burstLinger = 250 * time.Microsecond
	burstPass   = 4
)

// linger sleeps burstLinger if the last drain read a burst, and reports
// whether it did (the caller then reads without waiting). ctx's end and
// Close cut it short.
func (s *Socket) linger(ctx context.Context) bool {
	if !s.burst {
		return false
	}
	s.burst = false
	t := time.NewTimer(burstLinger)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.closing:
	}
	return true
}
